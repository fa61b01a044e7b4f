/**
 * An answer written from outside between a claim and its invocation's prelude. The invocation
 * reads the operations first (to know what the prelude must read), then runs the prelude, whose
 * version becomes the baseline for noticing outside writes. An answer landing between the two
 * reads must still reach the handler; before, the handler was shown the callback as pending,
 * suspended on it, and the execution waited forever for an answer it already had.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { Worker } from "../../sdk/runtime";
import type { DurableStore } from "../../sdk/store/types";
import { allEvents, createHarness, eventTypes, hookStore, mustGet, type Harness } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

/** The store, except that the first `listOperations` of `executionId` runs `after` before it returns. */
function answerAfterFirstRead(store: DurableStore, executionId: string, after: () => Promise<void>): DurableStore {
  let armed = true;
  return hookStore(store, {
    operations: {
      list: async (real, id) => {
        const records = await real.operations.list(id);
        if (armed && id === executionId) {
          armed = false;
          await after();
        }
        return records;
      },
    },
  });
}

describe("an outside answer between the claim and the prelude", () => {
  it("reaches the handler, which finishes instead of waiting forever", async () => {
    h.registry.register(
      "approve-later",
      withDurableExecution(async (_input: unknown, ctx) => {
        const [answer, callbackId] = await ctx.createCallback<string>("approval");
        await ctx.wait("pause", { seconds: 5 });
        return { callbackId: typeof callbackId, answer: await answer };
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "approve-later" });
    await h.worker.drain();
    const callbackId = (await h.client.getOperations(execution.executionId)).find((r) => r.operation.Type === "CALLBACK")!.operation
      .CallbackDetails!.CallbackId!;

    // The wait ends; the worker claims, reads the operations, and the approval lands right then.
    const racing = answerAfterFirstRead(h.store, execution.executionId, () => h.client.sendCallbackSuccess(callbackId, '"yes"'));
    const errors: unknown[] = [];
    const worker = new Worker({ store: racing, registry: h.registry, clock: h.clock, onError: (e) => errors.push(e) });
    h.clock.advance(5000);
    await worker.drain();
    await worker.stop();
    expect(errors).toEqual([]);

    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toEqual({ callbackId: "string", answer: '"yes"' }); // callback results are raw strings
    // The answer landed after the read and before the prelude (which ended the wait); one invocation then finished.
    expect(eventTypes(await allEvents(h.store, execution.executionId))).toEqual([
      "ExecutionStarted",
      "CallbackStarted",
      "WaitStarted",
      "InvocationCompleted",
      "CallbackSucceeded",
      "WaitSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
  });
});
