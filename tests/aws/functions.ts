/** The durable functions the Lambda API tests invoke; the worker in the test process runs them. */
import { withDurableExecution } from "../../sdk";
import type { FunctionRegistry } from "../../sdk/runtime";

export function registerTestFunctions(registry: FunctionRegistry): void {
  registry.register(
    "add",
    withDurableExecution(async (input: { a: number; b: number }, ctx) => {
      const sum = await ctx.step("sum", async () => input.a + input.b);
      return ctx.step("double", async () => sum * 2);
    }),
  );
  registry.register(
    "refuse",
    withDurableExecution(async (input: { why: string }) => {
      throw Object.assign(new Error(input.why), { name: "OrderRefused" });
    }),
  );
  registry.register(
    "approve",
    withDurableExecution(async (input: { order: string }, ctx) => {
      const answer = await ctx.waitForCallback<string>("approval", async () => undefined, { timeout: { hours: 1 } });
      return { order: input.order, answer };
    }),
  );
}
