/**
 * The first scenarios: steps, waits and retries, batches, waitForCondition and combinators,
 * callbacks, errors, a handler failure.
 */
import { noRetry, type Scenario } from "../scenario";

export const basicScenarios: Scenario[] = [
  {
    name: "steps, wait and retries",
    skipsTimers: true,
    payload: { orderId: "o-1" },
    make: (sdk) => {
      const failuresLeft = new Map<string, number>();
      return sdk.withDurableExecution(async (event: { orderId: string }, ctx) => {
        const a = await ctx.step("validate", async () => ({ ok: true, id: event.orderId }));
        await ctx.wait("hold", { seconds: 3 });
        const b = await ctx.step(
          "flaky",
          async () => {
            const left = failuresLeft.get(event.orderId) ?? 2;
            failuresLeft.set(event.orderId, left - 1);
            if (left > 0) throw new TypeError(`down ${left}`);
            return "recovered";
          },
          { retryStrategy: (_e, attempt) => ({ shouldRetry: attempt < 5, delay: { seconds: 1 } }) },
        );
        const unnamed = await ctx.step(async () => undefined);
        return { a, b, unnamed: unnamed ?? null };
      });
    },
  },
  {
    name: "map, parallel and child contexts",
    skipsTimers: true,
    concurrent: true,
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const mapped = await ctx.map("double", [1, 2, 3], async (item, x: number) => item.step(async () => x * 2), { maxConcurrency: 2 });
        const par = await ctx.parallel("branches", [
          async (b) => b.step("left", async () => "L"),
          { name: "right", func: async (b) => b.runInChildContext("inner", async (c) => c.step(async () => "R")) },
        ]);
        const child = await ctx.runInChildContext("group", async (c) => {
          const x = await c.step("one", async () => 1);
          await c.wait({ seconds: 1 });
          return x + 1;
        });
        const flat = await ctx.map("flat", ["a", "b"], async (item, s: string) => item.step(async () => s.toUpperCase()), {
          nesting: sdk.NestingType.FLAT,
        });
        return { mapped: mapped.getResults(), par: par.getResults(), child, flat: flat.getResults() };
      }),
  },
  {
    name: "batch completion configs and failures",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const tolerant = await ctx.map(
          "tolerant",
          [1, 2, 3, 4],
          async (item, x: number) =>
            item.step(async () => {
              if (x % 2 === 0) throw new Error(`even ${x}`);
              return x;
            }, { retryStrategy: noRetry }),
          { completionConfig: { toleratedFailureCount: 3 } },
        );
        const failFast = await ctx.parallel("fail-fast", [
          async (b) => b.step("boom", async () => { throw new RangeError("first"); }, { retryStrategy: noRetry }),
        ]);
        return {
          tolerant: { status: tolerant.status, reason: tolerant.completionReason, ok: tolerant.getResults(), errors: tolerant.getErrors().map((e) => e.message) },
          failFast: { status: failFast.status, reason: failFast.completionReason, failed: failFast.failureCount },
        };
      }),
  },
  {
    name: "waitForCondition and promise combinators",
    skipsTimers: true,
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const polled = await ctx.waitForCondition("poll", async (n: number) => n + 1, {
          initialState: 0,
          waitStrategy: (n: number) => (n < 3 ? { shouldContinue: true, delay: { seconds: 2 } } : { shouldContinue: false }),
        });
        const all = await ctx.promise.all("all", [ctx.step("s1", async () => 1), ctx.step("s2", async () => 2)]);
        const settled = await ctx.promise.allSettled("settled", [
          ctx.step("ok", async () => "fine"),
          ctx.step("bad", async () => { throw new Error("nope"); }, { retryStrategy: noRetry }),
        ]);
        return { polled, all, settled: settled.map((s) => s.status) };
      }),
  },
  {
    name: "callbacks",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const approval = await ctx.waitForCallback("approval", async () => undefined, { timeout: { hours: 1 } });
        let rejected = "";
        try {
          await ctx.waitForCallback("second-opinion", async () => undefined);
        } catch (error) {
          rejected = `${(error as Error).name}: ${(error as Error).message}`;
        }
        return { approval, rejected };
      }),
    drive: async ({ runner }) => {
      const approval = runner.getOperation("approval");
      await approval.waitForData("SUBMITTED");
      await approval.sendCallbackSuccess("yes");
      const second = runner.getOperation("second-opinion");
      await second.waitForData("SUBMITTED");
      await second.sendCallbackFailure({ ErrorType: "Rejected", ErrorMessage: "declined" });
    },
  },
  {
    name: "errors are deterministic",
    skipsTimers: true,
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        const seen: string[] = [];
        try {
          await ctx.step("fails", async () => { throw new SyntaxError("bad syntax"); }, { retryStrategy: noRetry });
        } catch (error) {
          const e = error as Error & { errorType?: string; cause?: Error };
          seen.push(`${e.name}|${e.message}|${e.errorType}|${e.cause?.name}|${e.cause?.message}`);
        }
        await ctx.wait({ seconds: 1 });
        try {
          await ctx.runInChildContext("child-fails", async () => { throw new Error("in child"); });
        } catch (error) {
          const e = error as Error & { errorType?: string };
          seen.push(`${e.name}|${e.message}|${e.errorType}`);
        }
        return seen;
      }),
  },
  {
    name: "handler failure",
    make: (sdk) =>
      sdk.withDurableExecution(async (_event: unknown, ctx) => {
        await ctx.step("before", async () => 1);
        throw new Error("handler gave up");
      }),
  },
];
