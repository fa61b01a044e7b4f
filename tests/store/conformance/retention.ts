import { describe, expect, it } from "vitest";
import { T0, callbackRecord, createExecution, historyEvent, iso, logRecord, readExecutionState, stepOperation } from "./fixtures";
import type { DurableStore, ExecutionRecord } from "../../../sdk/store/types";
import type { ConformanceContext } from "./context";

const HOUR = 3_600_000;

/** An execution with an operation, two events, a log and a callback (`cb-<name>`). */
async function executionWithChildren(store: DurableStore, overrides: Partial<ExecutionRecord>): Promise<ExecutionRecord> {
  const created = await createExecution(store, overrides);
  const id = created.executionId;
  await store.transact(id, {}, () => ({
    mutation: {
      execution: { eventCount: 2, operationCount: 2, logCount: 1 },
      putOperations: [stepOperation(id, 2, "op-a")],
      events: [historyEvent(2)],
      logs: [logRecord(id, 1, { operationId: "op-a" })],
      putCallbacks: [callbackRecord(id, "op-a", `cb-${created.name}`)],
    },
  }));
  return created;
}

async function isGone(store: DurableStore, execution: ExecutionRecord): Promise<void> {
  const state = await readExecutionState(store, execution.executionId, [`cb-${execution.name}`]);
  expect(state).toEqual({ execution: undefined, operations: [], history: [], logs: [], callbacks: [undefined] });
  expect(await store.executions.findByName(execution.functionName, execution.name)).toBeUndefined();
}

async function isWhole(store: DurableStore, execution: ExecutionRecord): Promise<void> {
  const state = await readExecutionState(store, execution.executionId, [`cb-${execution.name}`]);
  expect(state.execution?.executionId).toBe(execution.executionId);
  expect(state.operations).toHaveLength(2);
  expect(state.history).toHaveLength(2);
  expect(state.logs).toHaveLength(1);
  expect(state.callbacks[0]?.callbackId).toBe(`cb-${execution.name}`);
}

export function retentionTests(ctx: ConformanceContext): void {
  describe("executions.purge", () => {
    it("deletes ended executions older than the cut-off with everything they own, and nothing else", async () => {
      const cutoff = iso(T0 + 10 * HOUR);
      const old = [
        await executionWithChildren(ctx.store, { name: "old-ok", status: "SUCCEEDED", endTimestamp: iso(T0 + 1 * HOUR) }),
        await executionWithChildren(ctx.store, { name: "old-failed", status: "FAILED", endTimestamp: iso(T0 + 2 * HOUR) }),
        await executionWithChildren(ctx.store, { name: "old-stopped", status: "STOPPED", endTimestamp: iso(T0 + 3 * HOUR) }),
        await executionWithChildren(ctx.store, { name: "old-timed-out", status: "TIMED_OUT", endTimestamp: iso(T0 + 4 * HOUR), functionName: "billing" }),
      ];
      const kept = [
        await executionWithChildren(ctx.store, { name: "young", status: "SUCCEEDED", endTimestamp: iso(T0 + 11 * HOUR) }),
        await executionWithChildren(ctx.store, { name: "at-cutoff", status: "FAILED", endTimestamp: cutoff }),
        // RUNNING is never purged, whatever its fields say (not even a stale end time)
        await executionWithChildren(ctx.store, { name: "running", status: "RUNNING" }),
        await executionWithChildren(ctx.store, { name: "running-stale-end", status: "RUNNING", endTimestamp: iso(T0) }),
        // no end time: never purged
        await executionWithChildren(ctx.store, { name: "ended-no-time", status: "SUCCEEDED" }),
      ];

      expect(await ctx.store.executions.purge({ endedBefore: cutoff, limit: 100 })).toBe(4);
      for (const e of old) await isGone(ctx.store, e);
      for (const e of kept) await isWhole(ctx.store, e);
      expect(await ctx.store.executions.countByStatus({})).toEqual({ RUNNING: 2, SUCCEEDED: 2, FAILED: 1, TIMED_OUT: 0, STOPPED: 0 });
      expect(await ctx.store.executions.functionNames()).toEqual(["orders"]);
      expect((await ctx.store.executions.list({})).items.map((e) => e.name).sort()).toEqual(kept.map((e) => e.name).sort());
      expect(await ctx.store.executions.purge({ endedBefore: cutoff, limit: 100 })).toBe(0);
    });

    it("purges at most `limit` per call, oldest end first", async () => {
      const ended = [];
      for (let i = 0; i < 7; i++) {
        // created newest-ending first, so insertion order is not end order
        ended.push(await createExecution(ctx.store, { name: `e-${i}`, status: "SUCCEEDED", endTimestamp: iso(T0 + (7 - i) * HOUR) }));
      }
      const cutoff = iso(T0 + 100 * HOUR);
      expect(await ctx.store.executions.purge({ endedBefore: cutoff, limit: 0 })).toBe(0);
      expect(await ctx.store.executions.purge({ endedBefore: cutoff, limit: 3 })).toBe(3);
      const left = (await ctx.store.executions.list({})).items.map((e) => e.name).sort();
      expect(left).toEqual(["e-0", "e-1", "e-2", "e-3"]);
      expect(await ctx.store.executions.purge({ endedBefore: cutoff, limit: 3 })).toBe(3);
      expect(await ctx.store.executions.purge({ endedBefore: cutoff, limit: 3 })).toBe(1);
      expect((await ctx.store.executions.list({})).items).toEqual([]);
    });

    it("leaves an execution that ran again (a redrive clears its end time)", async () => {
      const e = await executionWithChildren(ctx.store, { name: "redriven", status: "FAILED", endTimestamp: iso(T0) });
      await ctx.store.transact(e.executionId, {}, () => ({ mutation: { execution: { status: "RUNNING", endTimestamp: null } } }));
      expect(await ctx.store.executions.purge({ endedBefore: iso(T0 + HOUR), limit: 10 })).toBe(0);
      await isWhole(ctx.store, e);
    });
  });
}
