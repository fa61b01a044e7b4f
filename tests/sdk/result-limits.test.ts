/**
 * The execution's own result against Lambda's 6 MB limit, on our runtime over a real SQLite file:
 * a result just under it is kept whole (through the EXECUTION checkpoint), one over it fails the
 * execution with PayloadTooLargeError rather than a refused checkpoint.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { Limits } from "../../sdk/types/wire";
import { createHarness, type Harness } from "../runtime/helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const resultOfBytes = (bytes: number) => "x".repeat(bytes - 2); // JSON adds the two quotes

describe("the execution's result size", () => {
  it("keeps a result just under 6 MB whole", async () => {
    h.registry.register("big", withDurableExecution(async () => resultOfBytes(Limits.executionResultBytes - 10)));
    const { execution } = await h.client.startExecution({ functionName: "big" });
    await h.worker.drain();
    const ended = await h.client.getExecution(execution.executionId);
    expect(ended.status).toBe("SUCCEEDED");
    expect(ended.result?.length).toBe(Limits.executionResultBytes - 10);
  });

  it("fails a result over 6 MB with PayloadTooLargeError, after the steps before it were kept", async () => {
    h.registry.register(
      "too-big",
      withDurableExecution(async (_input: unknown, ctx) => {
        await ctx.step("before", async () => 1);
        return resultOfBytes(Limits.executionResultBytes + 1);
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "too-big" });
    await h.worker.drain();
    const ended = await h.client.getExecution(execution.executionId);
    expect(ended.status).toBe("FAILED");
    expect(ended.error).toEqual({
      ErrorType: "PayloadTooLargeError",
      ErrorMessage: `The handler's result is ${Limits.executionResultBytes + 1} bytes; the limit is ${Limits.executionResultBytes} bytes.`,
    });
    const ops = await h.client.getOperations(execution.executionId);
    expect(ops.find((r) => r.operation.Name === "before")?.operation.Status).toBe("SUCCEEDED");
  });
});
