import { describe, expect, it } from "vitest";
import {
  EXECUTION_OPERATION_ID,
  T0,
  callbackRecord,
  createExecution,
  historyEvent,
  iso,
  logRecord,
  readExecutionState,
  stepOperation,
} from "./fixtures";
import type { ExecutionMutation, TransactSnapshot } from "../../../sdk/store/types";
import { expectStoreError, type ConformanceContext } from "./context";

export function transactTests(ctx: ConformanceContext): void {
  describe("transact", () => {
    it("applies the patch, operations, events, logs and callbacks together", async () => {
      const before = await createExecution(ctx.store, { checkpointToken: "t1", nextWakeAt: T0 });
      const id = before.executionId;
      const callback = callbackRecord(id, "op-b");
      const mutation: ExecutionMutation = {
        execution: { checkpointToken: "t2", eventCount: 3, operationCount: 3, logCount: 2, invocationCount: 1 },
        putOperations: [
          stepOperation(id, 2, "op-a", { Status: "SUCCEEDED", StepDetails: { Attempt: 1, Result: '"a"' } }),
          stepOperation(id, 3, "op-b", { Type: "CALLBACK", SubType: "Callback", Status: "STARTED" }, {
            callbackTimeoutAt: T0 + 60_000,
            heartbeatDeadlineAt: T0 + 10_000,
          }),
        ],
        events: [historyEvent(2, "StepSucceeded"), historyEvent(3, "CallbackStarted")],
        logs: [
          logRecord(id, 1, { operationId: "op-a", operationName: "step op-a", attempt: 1, requestId: "r1" }),
          logRecord(id, 2, { level: "ERROR", data: '{"k":"v"}' }),
        ],
        putCallbacks: [callback],
      };
      const { execution, result } = await ctx.store.transact(id, { checkpointToken: "t1" }, () => ({
        mutation,
        result: "done",
      }));

      expect(result).toBe("done");
      const expected = { ...before, ...mutation.execution, version: before.version + 1 };
      expect(execution).toEqual(expected);
      expect(await ctx.store.executions.get(id)).toEqual(expected);
      const state = await readExecutionState(ctx.store, id, [callback.callbackId]);
      expect(state.operations.slice(1)).toEqual(mutation.putOperations);
      expect(state.history.map((e) => e.EventId)).toEqual([1, 2, 3]);
      expect(state.history.slice(1)).toEqual(mutation.events);
      expect(state.logs).toEqual(mutation.logs);
      expect(state.callbacks).toEqual([callback]);
    });

    it("hands build the execution and the requested operations that exist", async () => {
      const created = await createExecution(ctx.store);
      const id = created.executionId;
      const op = stepOperation(id, 2, "op-a");
      await ctx.store.transact(id, {}, () => ({ mutation: { putOperations: [op] } }));

      let seen: TransactSnapshot | undefined;
      await ctx.store.transact(id, { readOperationIds: ["op-a", "missing", EXECUTION_OPERATION_ID] }, (snapshot) => {
        seen = snapshot;
        return { mutation: {} };
      });
      expect(seen?.execution).toEqual({ ...created, version: created.version + 1 });
      expect([...(seen?.operations.keys() ?? [])].sort()).toEqual([EXECUTION_OPERATION_ID, "op-a"]);
      expect(seen?.operations.get("op-a")).toEqual(op);
    });

    it("replaces an operation written again under the same id", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      await ctx.store.transact(id, {}, () => ({ mutation: { putOperations: [stepOperation(id, 2, "op-a")] } }));
      const finished = stepOperation(id, 2, "op-a", {
        Status: "SUCCEEDED",
        EndTimestamp: iso(T0 + 9000),
        StepDetails: { Attempt: 2, Result: '{"ok":true}' },
      });
      await ctx.store.transact(id, {}, () => ({ mutation: { putOperations: [finished] } }));
      expect(await ctx.store.operations.get(id, "op-a")).toEqual(finished);
      expect(await ctx.store.operations.list(id)).toHaveLength(2);
    });

    it("bumps version by one per transact, even with an empty mutation", async () => {
      const created = await createExecution(ctx.store, { version: 5 });
      const first = await ctx.store.transact(created.executionId, {}, () => ({ mutation: {} }));
      const second = await ctx.store.transact(created.executionId, {}, () => ({ mutation: { execution: { nextWakeAt: T0 } } }));
      expect(first.execution.version).toBe(6);
      expect(second.execution.version).toBe(7);
      expect((await ctx.store.executions.get(created.executionId))?.version).toBe(7);
    });

    it("clears a field patched with null and leaves undefined ones alone", async () => {
      const created = await createExecution(ctx.store, {
        nextWakeAt: T0,
        leaseOwner: "w1",
        leaseExpiresAt: T0 + 1000,
        error: { ErrorMessage: "old" },
        result: '"r"',
        parent: { executionId: "p", operationId: "o" },
      });
      const { execution } = await ctx.store.transact(created.executionId, {}, () => ({
        mutation: {
          execution: { nextWakeAt: null, leaseOwner: null, error: null, parent: null, result: undefined, status: "SUCCEEDED" },
        },
      }));
      const stored = await ctx.store.executions.get(created.executionId);
      expect(stored).toEqual(execution);
      expect(stored).not.toHaveProperty("nextWakeAt");
      expect(stored).not.toHaveProperty("leaseOwner");
      expect(stored).not.toHaveProperty("error");
      expect(stored).not.toHaveProperty("parent");
      expect(stored).toMatchObject({ leaseExpiresAt: T0 + 1000, result: '"r"', status: "SUCCEEDED" });
    });

    it("refuses to clear a field every execution has, and writes nothing", async () => {
      const created = await createExecution(ctx.store, { nextWakeAt: T0 });
      for (const execution of [{ status: null }, { startTimestamp: null }, { redriveCount: null }] as const) {
        await expect(
          ctx.store.transact(created.executionId, {}, () => ({ mutation: { execution: { nextWakeAt: null, ...execution } } })),
        ).rejects.toThrow(/cannot be cleared/);
      }
      expect(await ctx.store.executions.get(created.executionId)).toEqual(created);
    });

    it("fails with EXECUTION_NOT_FOUND for an unknown execution", async () => {
      await expectStoreError(
        ctx.store.transact("no-such-execution", {}, () => ({ mutation: {} })),
        "EXECUTION_NOT_FOUND",
      );
    });

    it("refuses a stale checkpoint token and writes nothing", async () => {
      const created = await createExecution(ctx.store, { checkpointToken: "current" });
      const id = created.executionId;
      const before = await readExecutionState(ctx.store, id, ["cb-stale"]);
      await expectStoreError(
        ctx.store.transact(id, { checkpointToken: "stale" }, () => ({ mutation: fullMutation(id, "cb-stale") })),
        "STALE_CHECKPOINT_TOKEN",
      );
      expect(await readExecutionState(ctx.store, id, ["cb-stale"])).toEqual(before);
    });

    it("refuses a token when the execution has none", async () => {
      const { executionId } = await createExecution(ctx.store);
      await expectStoreError(
        ctx.store.transact(executionId, { checkpointToken: "anything" }, () => ({ mutation: {} })),
        "STALE_CHECKPOINT_TOKEN",
      );
    });

    it("accepts the current token, and refuses the old one once it changed", async () => {
      const { executionId: id } = await createExecution(ctx.store, { checkpointToken: "t1" });
      await ctx.store.transact(id, { checkpointToken: "t1" }, () => ({ mutation: { execution: { checkpointToken: "t2" } } }));
      await expectStoreError(ctx.store.transact(id, { checkpointToken: "t1" }, () => ({ mutation: {} })), "STALE_CHECKPOINT_TOKEN");
      const { execution } = await ctx.store.transact(id, { checkpointToken: "t2" }, () => ({ mutation: {} }));
      expect(execution.checkpointToken).toBe("t2");
    });

    it("rethrows the very error build throws and writes nothing", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      const before = await readExecutionState(ctx.store, id);
      const failure = new RangeError("build refused");
      const outcome = await ctx.store
        .transact(id, {}, () => {
          throw failure;
        })
        .then(() => "resolved", (error: unknown) => error);
      expect(outcome).toBe(failure);
      expect(await readExecutionState(ctx.store, id)).toEqual(before);
    });

    it("rejects an EventId that already exists with CONFLICT and writes nothing", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      await ctx.store.transact(id, {}, () => ({ mutation: { events: [historyEvent(2)], execution: { eventCount: 2 } } }));
      const before = await readExecutionState(ctx.store, id, ["cb-dup"]);
      const mutation = fullMutation(id, "cb-dup");
      mutation.events = [historyEvent(3), historyEvent(2, "StepSucceeded")];
      await expectStoreError(ctx.store.transact(id, {}, () => ({ mutation })), "CONFLICT");
      expect(await readExecutionState(ctx.store, id, ["cb-dup"])).toEqual(before);
    });

    it("keeps working after a refused transaction", async () => {
      const { executionId: id } = await createExecution(ctx.store, { checkpointToken: "t" });
      await expectStoreError(ctx.store.transact(id, { checkpointToken: "x" }, () => ({ mutation: {} })), "STALE_CHECKPOINT_TOKEN");
      const { execution } = await ctx.store.transact(id, { checkpointToken: "t" }, () => ({
        mutation: { events: [historyEvent(2)], execution: { eventCount: 2 } },
      }));
      expect(execution.eventCount).toBe(2);
      expect((await ctx.store.history.list(id)).items.map((e) => e.EventId)).toEqual([1, 2]);
    });
  });
}

/** A mutation touching every kind of record, for "nothing was written" checks. */
function fullMutation(executionId: string, callbackId: string): ExecutionMutation {
  return {
    execution: { status: "SUCCEEDED", result: '"x"', eventCount: 9, nextWakeAt: T0 },
    putOperations: [stepOperation(executionId, 2, "op-new"), stepOperation(executionId, 1, EXECUTION_OPERATION_ID, { Type: "EXECUTION", Status: "SUCCEEDED" })],
    events: [historyEvent(5)],
    logs: [logRecord(executionId, 1)],
    putCallbacks: [callbackRecord(executionId, "op-new", callbackId)],
  };
}
