import { describe, expect, it } from "vitest";
import { EXECUTION_OPERATION_ID, createExecution, historyEvent, stepOperation } from "./fixtures";
import type { OperationRecord } from "../../../sdk/store/types";
import type { ConformanceContext } from "./context";

/**
 * OperationRecord.eventIds and getOperationWithEvents: one operation's events read through the
 * list its record keeps, never by reading the rest of the history.
 */
export function operationEventTests(ctx: ConformanceContext): void {
  describe("operation event lists", () => {
    it("keeps an operation's eventIds beside it, read back exactly everywhere; absent when not written", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      const listed: OperationRecord = { ...stepOperation(id, 2, "op-a", {}, { callbackTimeoutAt: 5 }), eventIds: [2, 3] };
      const plain = stepOperation(id, 3, "op-b");
      await ctx.store.transact(id, {}, () => ({
        mutation: { putOperations: [listed, plain], events: [historyEvent(2, "StepStarted", { Id: "op-a" }), historyEvent(3, "StepSucceeded", { Id: "op-a" })], execution: { eventCount: 3 } },
      }));
      expect(await ctx.store.operations.get(id, "op-a")).toEqual(listed);
      expect(await ctx.store.operations.get(id, "op-b")).toEqual(plain);
      expect((await ctx.store.operations.get(id, "op-b"))?.eventIds).toBeUndefined();
      expect((await ctx.store.operations.list(id)).slice(1)).toEqual([listed, plain]);
      const { result } = await ctx.store.transact(id, { readOperationIds: ["op-a", "op-b"] }, (snapshot) => ({
        mutation: {},
        result: [snapshot.operations.get("op-a"), snapshot.operations.get("op-b")],
      }));
      expect(result).toEqual([listed, plain]);
      // The wire Operation never carries the list.
      expect(JSON.stringify((await ctx.store.operations.get(id, "op-a"))?.operation)).not.toContain("eventIds");
    });

    it("reads one operation's events by its list, in EventId order, across several writes, without the others'", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      const ev = (n: number, op: string, type: Parameters<typeof historyEvent>[1] = "StepStarted") => historyEvent(n, type, { Id: op, Name: op });
      // Write 1: events 2-5 of two operations interleaved.
      await ctx.store.transact(id, {}, () => ({
        mutation: {
          putOperations: [{ ...stepOperation(id, 2, "op-a"), eventIds: [2, 5] }, { ...stepOperation(id, 3, "op-b"), eventIds: [3, 4] }],
          events: [ev(2, "op-a"), ev(3, "op-b"), ev(4, "op-b", "StepSucceeded"), ev(5, "op-a", "StepFailed")],
          execution: { eventCount: 5 },
        },
      }));
      // Write 2: other operations only. Write 3: op-a again (its list given out of order).
      await ctx.store.transact(id, {}, () => ({
        mutation: { putOperations: [{ ...stepOperation(id, 4, "op-c"), eventIds: [6, 7, 8] }], events: [ev(6, "op-c"), ev(7, "op-c"), ev(8, "op-c")], execution: { eventCount: 8 } },
      }));
      await ctx.store.transact(id, {}, () => ({
        mutation: { putOperations: [{ ...stepOperation(id, 2, "op-a"), eventIds: [9, 2, 5] }], events: [ev(9, "op-a", "StepSucceeded")], execution: { eventCount: 9 } },
      }));

      const a = await ctx.store.operations.getWithEvents(id, "op-a");
      expect(a?.operation.operation.Id).toBe("op-a");
      expect(a?.operation.eventIds).toEqual([9, 2, 5]);
      expect(a?.events.map((e) => [e.EventId, e.EventType, e.Id])).toEqual([
        [2, "StepStarted", "op-a"],
        [5, "StepFailed", "op-a"],
        [9, "StepSucceeded", "op-a"],
      ]);
      expect(a?.events[0]).toEqual(ev(2, "op-a"));
      expect((await ctx.store.operations.getWithEvents(id, "op-b"))?.events.map((e) => e.EventId)).toEqual([3, 4]);
      expect((await ctx.store.operations.getWithEvents(id, "op-c"))?.events.map((e) => e.EventId)).toEqual([6, 7, 8]);
    });

    it("reads an operation whose events are spread over many writes, each shared with another operation", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      const mine: number[] = [];
      for (let round = 0; round < 30; round++) {
        const first = 2 + round * 3;
        mine.push(first + 1);
        const ids = [...mine];
        await ctx.store.transact(id, {}, () => ({
          mutation: {
            putOperations: [{ ...stepOperation(id, 2, "busy"), eventIds: ids }],
            events: [historyEvent(first, "StepStarted", { Id: `other-${round}` }), historyEvent(first + 1, "StepFailed", { Id: "busy" }), historyEvent(first + 2, "StepStarted", { Id: `other-${round}b` })],
            execution: { eventCount: first + 2 },
          },
        }));
      }
      const read = await ctx.store.operations.getWithEvents(id, "busy");
      expect(read?.events.map((e) => e.EventId)).toEqual(mine);
      expect(read?.events.every((e) => e.Id === "busy" && e.EventType === "StepFailed")).toBe(true);
    });

    it("skips listed ids that name no event", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      await ctx.store.transact(id, {}, () => ({
        mutation: { putOperations: [{ ...stepOperation(id, 2, "op-a"), eventIds: [2, 40, 999] }], events: [historyEvent(2, "StepStarted", { Id: "op-a" })], execution: { eventCount: 2 } },
      }));
      expect((await ctx.store.operations.getWithEvents(id, "op-a"))?.events.map((e) => e.EventId)).toEqual([2]);
      const { executionId: empty } = await createExecution(ctx.store);
      await ctx.store.transact(empty, {}, () => ({ mutation: { putOperations: [{ ...stepOperation(empty, 2, "none"), eventIds: [] }] } }));
      expect(await ctx.store.operations.getWithEvents(empty, "none")).toEqual({ operation: { ...stepOperation(empty, 2, "none"), eventIds: [] }, events: [] });
    });

    it("falls back to the events naming the operation when its record has no list", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      const events = Array.from({ length: 12 }, (_, i) => historyEvent(i + 2, "StepStarted", { Id: i % 3 === 0 ? "old" : `x-${i}` }));
      await ctx.store.transact(id, {}, () => ({ mutation: { putOperations: [stepOperation(id, 2, "old")], events, execution: { eventCount: 13 } } }));
      const read = await ctx.store.operations.getWithEvents(id, "old");
      expect(read?.operation).toEqual(stepOperation(id, 2, "old"));
      expect(read?.events.map((e) => e.EventId)).toEqual([2, 5, 8, 11]);
      // The fixture's EXECUTION operation has no list either: its ExecutionStarted is found.
      expect((await ctx.store.operations.getWithEvents(id, EXECUTION_OPERATION_ID))?.events.map((e) => e.EventType)).toEqual(["ExecutionStarted"]);
    });

    it("answers undefined for an operation the execution does not have, and keeps executions apart", async () => {
      const a = await createExecution(ctx.store);
      const b = await createExecution(ctx.store);
      await ctx.store.transact(a.executionId, {}, () => ({
        mutation: { putOperations: [{ ...stepOperation(a.executionId, 2, "shared"), eventIds: [2] }], events: [historyEvent(2, "StepStarted", { Id: "shared" })], execution: { eventCount: 2 } },
      }));
      expect(await ctx.store.operations.getWithEvents(a.executionId, "missing")).toBeUndefined();
      expect(await ctx.store.operations.getWithEvents(b.executionId, "shared")).toBeUndefined();
      expect(await ctx.store.operations.getWithEvents("no-such-execution", "shared")).toBeUndefined();
    });

    it("refuses eventIds that are not positive integers, writing nothing", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      for (const bad of [0, -1, 1.5, Number.NaN]) {
        await expect(
          ctx.store.transact(id, {}, () => ({ mutation: { putOperations: [{ ...stepOperation(id, 2, "bad"), eventIds: [2, bad] }], execution: { eventCount: 1 } } })),
        ).rejects.toThrow(TypeError);
      }
      expect(await ctx.store.operations.get(id, "bad")).toBeUndefined();
      expect((await ctx.store.executions.get(id))?.version).toBe(1);
    });
  });
}
