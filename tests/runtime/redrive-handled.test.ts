/**
 * Redrive resumes where the execution failed: failures the code caught and went past replay from
 * their records (not asked again), the unhandled one runs again. Over a real SQLite file.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { allEvents, createHarness, eventTypes, mustGet, type Harness } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

/** Asks for an approval (timing out after 30 s, which it handles), then calls a step that fails until fixed. */
function approvalThenStep(state: { fixed: boolean; afterRuns: number }) {
  return withDurableExecution(async (_input: unknown, ctx) => {
    let approval = "none";
    try {
      approval = await ctx.waitForCallback<string>("approval", async () => undefined, { timeout: { seconds: 30 } });
    } catch {
      approval = "timed-out";
    }
    return ctx.step(
      "after",
      async () => {
        state.afterRuns += 1;
        if (!state.fixed) throw new Error("the downstream API is down");
        return `shipped (${approval})`;
      },
      { retryStrategy: () => ({ shouldRetry: false }) },
    );
  });
}

describe("redrive after a handled failure", () => {
  it("does not ask again for an approval whose timeout the code handled; only the failed step runs again", async () => {
    const state = { fixed: false, afterRuns: 0 };
    h.registry.register("handled-timeout", approvalThenStep(state));
    const { execution } = await h.client.startExecution({ functionName: "handled-timeout" });
    await h.worker.drain();
    h.clock.advance(31_000);
    await h.worker.drain();
    expect((await mustGet(h.store, execution.executionId)).status).toBe("FAILED");
    expect(state.afterRuns).toBe(1);

    state.fixed = true;
    await h.client.redriveExecution(execution.executionId);
    await h.worker.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toBe("shipped (timed-out)");
    expect(state.afterRuns).toBe(2);
    const operations = await h.client.getOperations(execution.executionId);
    const callback = operations.find((r) => r.operation.Type === "CALLBACK")!;
    expect(callback.operation.Status).toBe("TIMED_OUT");
    expect(operations.find((r) => r.operation.Name === "approval")!.operation.Status).toBe("FAILED");
    const types = eventTypes(await allEvents(h.store, execution.executionId));
    const afterRedrive = types.slice(types.indexOf("ExecutionRedriven"));
    expect(afterRedrive).not.toContain("CallbackStarted");
    expect(afterRedrive).toEqual(["ExecutionRedriven", "StepStarted", "StepSucceeded", "InvocationCompleted", "ExecutionSucceeded"]);
  });

  it("still re-runs a failure nobody handled, beside a handled one", async () => {
    let fixed = false;
    const runs = { optional: 0, required: 0 };
    h.registry.register(
      "two-failures",
      withDurableExecution(async (_input: unknown, ctx) => {
        const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };
        const optional = await ctx
          .step("optional", async () => {
            runs.optional += 1;
            throw new Error("optional enrichment failed");
          }, noRetry)
          .catch(() => "skipped");
        const required = await ctx.step("required", async () => {
          runs.required += 1;
          if (!fixed) throw new Error("required step failed");
          return "ok";
        }, noRetry);
        return `${optional}/${required}`;
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "two-failures" });
    await h.worker.drain();
    h.clock.advance(1);
    expect((await mustGet(h.store, execution.executionId)).status).toBe("FAILED");
    fixed = true;
    await h.client.redriveExecution(execution.executionId);
    await h.worker.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toBe("skipped/ok");
    expect(runs).toEqual({ optional: 1, required: 2 });
  });

  it("never spins on a step the code cannot reach yet (records from before operations listed their events)", async () => {
    const state = { fixed: false, afterRuns: 0 };
    h.registry.register("old-records", approvalThenStep(state));
    const { execution } = await h.client.startExecution({ functionName: "old-records" });
    await h.worker.drain();
    h.clock.advance(30_000);
    await h.worker.drain();
    expect((await mustGet(h.store, execution.executionId)).status).toBe("FAILED");
    // As a store written by an older version leaves them: no event lists, and (manual clock) the
    // timeout and the next step in the same millisecond, so nothing tells the failure was handled.
    const records = await h.store.operations.list(execution.executionId);
    await h.store.transact(execution.executionId, {}, () => ({
      mutation: { putOperations: records.map(({ eventIds: _ids, ...record }) => record) },
      result: undefined,
    }));

    state.fixed = true;
    await h.client.redriveExecution(execution.executionId);
    const invocationsBefore = (await mustGet(h.store, execution.executionId)).invocationCount;
    await h.worker.drain();
    // The approval is asked again, and the READY step behind it does not wake the execution
    // over and over while it waits: one invocation, then it rests.
    const waiting = await mustGet(h.store, execution.executionId);
    expect(waiting.status).toBe("RUNNING");
    expect(waiting.invocationCount - invocationsBefore).toBe(1);
    expect(waiting.nextWakeAt).toBe(h.clock.now() + 30_000);
    const callback = (await h.client.getOperations(execution.executionId)).find((r) => r.operation.Type === "CALLBACK")!;
    await h.client.sendCallbackSuccess(callback.operation.CallbackDetails!.CallbackId!, "approved");
    await h.worker.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toBe("shipped (approved)");
  });
});
