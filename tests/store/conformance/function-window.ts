/**
 * functionWindow: every execution of one function started in [startedAfter, startedBefore),
 * exact (no sampling), as counts per status and [startMs, status, durationMs | null] rows in
 * start order (ties by executionId). Running executions are counted without a duration.
 */
import { describe, expect, it } from "vitest";
import { T0, createExecution, iso } from "./fixtures";
import type { ExecutionRecord, FunctionWindowRow } from "../../../sdk/store/types";
import type { ConformanceContext } from "./context";

const HOUR = 3600_000;

function at(startOffsetMs: number, status: ExecutionRecord["status"], durationMs?: number, overrides: Partial<ExecutionRecord> = {}): Partial<ExecutionRecord> {
  const record: Partial<ExecutionRecord> = { functionName: "orders", startTimestamp: iso(T0 + startOffsetMs), status, ...overrides };
  if (durationMs !== undefined) record.endTimestamp = iso(T0 + startOffsetMs + durationMs);
  return record;
}

export function functionWindowTests(ctx: ConformanceContext): void {
  describe("executions.functionWindow", () => {
    const window = (after: number, before: number, functionName = "orders") =>
      ctx.store.executions.functionWindow({ functionName, startedAfter: iso(after), startedBefore: iso(before) });

    async function seed(): Promise<void> {
      for (const record of [
        at(-1, "SUCCEEDED", 5), // before the window
        at(0, "SUCCEEDED", 100), // exactly at startedAfter: in
        at(1000, "FAILED", 2500),
        at(2000, "RUNNING"),
        at(3000, "STOPPED", 0),
        at(4000, "TIMED_OUT", -50), // ended "before" it started (clock skew): duration 0
        at(5000, "FAILED", 20, { executionId: "zz-second" }),
        at(5000, "SUCCEEDED", 10, { executionId: "aa-first" }), // same start: executionId order
        at(6000, "RUNNING", undefined, { endTimestamp: iso(T0 + 7000) }), // running: no duration even with an end
        at(HOUR, "SUCCEEDED", 1), // exactly at startedBefore: out
        at(500, "SUCCEEDED", 7, { functionName: "billing" }), // another function
        at(600, "FAILED", 8, { functionName: "orders-v2" }), // a name that extends "orders"
      ]) {
        await createExecution(ctx.store, record);
      }
    }

    it("returns every execution of the function in [after, before), in start order, with durations of finished ones", async () => {
      await seed();
      const got = await window(T0, T0 + HOUR);
      const expected: FunctionWindowRow[] = [
        [T0, "SUCCEEDED", 100],
        [T0 + 1000, "FAILED", 2500],
        [T0 + 2000, "RUNNING", null],
        [T0 + 3000, "STOPPED", 0],
        [T0 + 4000, "TIMED_OUT", 0],
        [T0 + 5000, "SUCCEEDED", 10],
        [T0 + 5000, "FAILED", 20],
        [T0 + 6000, "RUNNING", null],
      ];
      expect(got.rows).toEqual(expected);
      expect(got.counts).toEqual({ RUNNING: 2, SUCCEEDED: 2, FAILED: 2, TIMED_OUT: 1, STOPPED: 1 });
    });

    it("narrows to the range asked and answers an empty or unknown window with zero counts", async () => {
      await seed();
      const narrow = await window(T0 + 1000, T0 + 5000);
      expect(narrow.rows.map((r) => r[0])).toEqual([T0 + 1000, T0 + 2000, T0 + 3000, T0 + 4000]);
      expect(narrow.counts).toEqual({ RUNNING: 1, SUCCEEDED: 0, FAILED: 1, TIMED_OUT: 1, STOPPED: 1 });
      expect(await window(T0 - 1, T0 + 1)).toMatchObject({ rows: [[T0 - 1, "SUCCEEDED", 5], [T0, "SUCCEEDED", 100]] });
      const zero = { RUNNING: 0, SUCCEEDED: 0, FAILED: 0, TIMED_OUT: 0, STOPPED: 0 };
      expect(await window(T0 + 1, T0 + 1)).toEqual({ counts: zero, rows: [] });
      expect(await window(T0 + HOUR, T0)).toEqual({ counts: zero, rows: [] });
      expect(await window(T0, T0 + HOUR, "nobody")).toEqual({ counts: zero, rows: [] });
      expect((await window(T0, T0 + HOUR, "billing")).rows).toEqual([[T0 + 500, "SUCCEEDED", 7]]);
    });

    it("follows status changes: an execution that finishes moves from running to its outcome with a duration", async () => {
      const running = await createExecution(ctx.store, at(100, "RUNNING"));
      expect((await window(T0, T0 + HOUR)).rows).toEqual([[T0 + 100, "RUNNING", null]]);
      await ctx.store.transact(running.executionId, {}, () => ({
        mutation: { execution: { status: "SUCCEEDED", endTimestamp: iso(T0 + 100 + 750), nextWakeAt: null } },
      }));
      const after = await window(T0, T0 + HOUR);
      expect(after.rows).toEqual([[T0 + 100, "SUCCEEDED", 750]]);
      expect(after.counts.RUNNING).toBe(0);
      expect(after.counts.SUCCEEDED).toBe(1);
    });

    it("counts every execution, past any page size (exact, not sampled)", async () => {
      const n = 1_050; // more than one listing page (1,000) and than one BatchGet (100)
      for (let first = 0; first < n; first += 50) {
        const batch = Array.from({ length: Math.min(50, n - first) }, (_, k) => first + k);
        await Promise.all(batch.map((i) => createExecution(ctx.store, at(i, i % 3 === 0 ? "FAILED" : "SUCCEEDED", i % 7))));
      }
      const got = await window(T0, T0 + HOUR);
      expect(got.rows).toHaveLength(n);
      expect(got.counts.FAILED).toBe(350);
      expect(got.counts.SUCCEEDED).toBe(700);
      expect(got.rows.map((r) => r[0])).toEqual(Array.from({ length: n }, (_, i) => T0 + i));
      expect(got.rows[10]).toEqual([T0 + 10, "SUCCEEDED", 3]);
    });
  });
}
