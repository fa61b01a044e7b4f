import { describe, expect, it } from "vitest";
import {
  EXECUTION_OPERATION_ID,
  callbackRecord,
  createExecution,
  historyEvent,
  logRecord,
  stepOperation,
} from "./fixtures";
import type { DurableStore, OperationRuntimeState } from "../../../sdk/store/types";
import type { ConformanceContext } from "./context";

/** An execution with events 1..n (ExecutionStarted + n-1 StepStarted). */
async function executionWithEvents(store: DurableStore, n: number): Promise<string> {
  const { executionId } = await createExecution(store);
  const events = Array.from({ length: n - 1 }, (_, i) => historyEvent(i + 2));
  await store.transact(executionId, {}, () => ({ mutation: { events, execution: { eventCount: n } } }));
  return executionId;
}

export function childRecordTests(ctx: ConformanceContext): void {
  describe("operations", () => {
    it("lists operations in seq order, whatever their ids and write order", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      const ops = [
        stepOperation(id, 4, "a-last"),
        stepOperation(id, 2, "z-first"),
        stepOperation(id, 3, "m-middle", { ParentId: "z-first" }),
      ];
      await ctx.store.transact(id, {}, () => ({ mutation: { putOperations: [ops[0]!] } }));
      await ctx.store.transact(id, {}, () => ({ mutation: { putOperations: [ops[1]!, ops[2]!] } }));
      const listed = await ctx.store.operations.list(id);
      expect(listed.map((o) => o.operation.Id)).toEqual([EXECUTION_OPERATION_ID, "z-first", "m-middle", "a-last"]);
      expect(listed.map((o) => o.seq)).toEqual([1, 2, 3, 4]);
    });

    it("gets one operation with its runtime state, and keeps executions apart", async () => {
      const a = await createExecution(ctx.store);
      const b = await createExecution(ctx.store);
      const op = stepOperation(a.executionId, 2, "shared-id", {}, { callbackTimeoutAt: 123, heartbeatDeadlineAt: 45 });
      await ctx.store.transact(a.executionId, {}, () => ({ mutation: { putOperations: [op] } }));
      expect(await ctx.store.operations.get(a.executionId, "shared-id")).toEqual(op);
      expect(await ctx.store.operations.get(b.executionId, "shared-id")).toBeUndefined();
      expect(await ctx.store.operations.list(b.executionId)).toHaveLength(1);
    });
  });

  describe("operation runtime state", () => {
    it("round-trips the runtime state unchanged (keys the runtime names and any others)", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      // A newer runtime may write keys this one does not name; the store keeps them as written.
      const runtime = {
        callbackTimeoutAt: 1_750_000_000_123,
        heartbeatDeadlineAt: 0,
        callbackTimeoutSeconds: 3600,
        heartbeatTimeoutSeconds: 30,
        chainedInvoke: {
          functionName: "billing",
          requestedFunctionName: "arn:aws:lambda:local:000000000000:function:billing:$LATEST",
          tenantId: "tenant-ü",
          input: '{"amount":1.5,"note":"a \"quoted\" line\nbreak"}',
          kind: "durable" as const,
          childExecutionId: "child-1",
        },
        invocationErrors: 2,
        crashedInvocations: 1,
        timeoutBaseAt: -1,
        futureField: { nested: [1, "two", { three: null }, true, false], empty: {}, list: [] },
        fraction: 0.25,
      };
      const op = stepOperation(id, 2, "op-t", {}, runtime as OperationRuntimeState);
      await ctx.store.transact(id, {}, () => ({ mutation: { putOperations: [op] } }));
      expect(await ctx.store.operations.get(id, "op-t")).toEqual(op);
      expect((await ctx.store.operations.list(id))[1]).toEqual(op);
      const { result: inSnapshot } = await ctx.store.transact(id, { readOperationIds: ["op-t"] }, (snapshot) => ({
        mutation: {},
        result: snapshot.operations.get("op-t"),
      }));
      expect(inSnapshot).toEqual(op);
    });
  });

  describe("history.list", () => {
    it("returns events in EventId order with a default page of 100", async () => {
      const id = await executionWithEvents(ctx.store, 105);
      const first = await ctx.store.history.list(id);
      expect(first.items.map((e) => e.EventId)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect(first.nextCursor).toBe("100");
      const rest = await ctx.store.history.list(id, { afterEventId: Number(first.nextCursor) });
      expect(rest.items.map((e) => e.EventId)).toEqual([101, 102, 103, 104, 105]);
      expect(rest.nextCursor).toBeUndefined();
    });

    it("pages forward with afterEventId exclusive", async () => {
      const id = await executionWithEvents(ctx.store, 10);
      const seen: number[] = [];
      let after: number | undefined;
      for (let guard = 0; guard < 20; guard++) {
        const page = await ctx.store.history.list(id, { afterEventId: after, limit: 3 });
        seen.push(...page.items.map((e) => e.EventId));
        if (!page.nextCursor) break;
        expect(page.nextCursor).toBe(String(page.items[page.items.length - 1]!.EventId));
        after = Number(page.nextCursor);
      }
      expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect((await ctx.store.history.list(id, { afterEventId: 4, limit: 2 })).items.map((e) => e.EventId)).toEqual([5, 6]);
    });

    it("pages in reverse: newest first, afterEventId = events below it", async () => {
      const id = await executionWithEvents(ctx.store, 10);
      const seen: number[] = [];
      let after: number | undefined;
      for (let guard = 0; guard < 20; guard++) {
        const page = await ctx.store.history.list(id, { afterEventId: after, limit: 4, reverse: true });
        seen.push(...page.items.map((e) => e.EventId));
        if (!page.nextCursor) break;
        after = Number(page.nextCursor);
      }
      expect(seen).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
      const below = await ctx.store.history.list(id, { afterEventId: 4, reverse: true });
      expect(below.items.map((e) => e.EventId)).toEqual([3, 2, 1]);
      expect(below.nextCursor).toBeUndefined();
    });

    it("returns events exactly as written", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      const event = historyEvent(2, "StepFailed", {
        Name: "charge card",
        SubType: "Step",
        ParentId: "parent-op",
        StepFailedDetails: {
          Error: { Payload: { ErrorType: "CardDeclined", ErrorMessage: "no", StackTrace: ["x"] } },
          RetryDetails: { CurrentAttempt: 2, NextAttemptDelaySeconds: 5 },
        },
      });
      await ctx.store.transact(id, {}, () => ({ mutation: { events: [event] } }));
      expect((await ctx.store.history.list(id, { afterEventId: 1 })).items).toEqual([event]);
    });
  });

  describe("logs.list", () => {
    it("returns an execution's logs in seq order, filtered by operation, paged by afterSeq", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      const logs = Array.from({ length: 9 }, (_, i) =>
        logRecord(id, i + 1, i % 3 === 0 ? { operationId: "op-a", attempt: 1 } : { operationId: "op-b" }),
      );
      logs.push(logRecord(id, 10)); // no operation
      await ctx.store.transact(id, {}, () => ({ mutation: { logs: logs.slice(5) } }));
      await ctx.store.transact(id, {}, () => ({ mutation: { logs: logs.slice(0, 5) } }));

      expect((await ctx.store.logs.list(id)).items).toEqual(logs);
      expect((await ctx.store.logs.list(id, { operationId: "op-a" })).items.map((l) => l.seq)).toEqual([1, 4, 7]);

      const first = await ctx.store.logs.list(id, { operationId: "op-b", limit: 4 });
      expect(first.items.map((l) => l.seq)).toEqual([2, 3, 5, 6]);
      expect(first.nextCursor).toBe("6");
      const second = await ctx.store.logs.list(id, { operationId: "op-b", limit: 4, afterSeq: Number(first.nextCursor) });
      expect(second.items.map((l) => l.seq)).toEqual([8, 9]);
      expect(second.nextCursor).toBeUndefined();
      expect((await ctx.store.logs.list(id, { afterSeq: 8 })).items.map((l) => l.seq)).toEqual([9, 10]);
    });
  });

  describe("callbacks", () => {
    it("looks a callback up by id", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      const first = callbackRecord(id, "op-1");
      const second = callbackRecord(id, "op-2");
      await ctx.store.transact(id, {}, () => ({ mutation: { putCallbacks: [first, second] } }));
      expect(await ctx.store.callbacks.get(first.callbackId)).toEqual(first);
      expect(await ctx.store.callbacks.get(second.callbackId)).toEqual(second);
      expect(await ctx.store.callbacks.get("unknown")).toBeUndefined();
    });
  });
}
