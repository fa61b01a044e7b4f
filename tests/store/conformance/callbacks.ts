import { describe, expect, it } from "vitest";
import { T0, callbackRecord, createExecution, iso, readExecutionState } from "./fixtures";
import type { CallbackRecord, DurableStore, ExecutionRecord, PendingCallbackQuery, PendingCallbackView } from "../../../sdk/store/types";
import { expectStoreError, type ConformanceContext } from "./context";

async function putCallbacks(store: DurableStore, executionId: string, callbacks: CallbackRecord[]): Promise<void> {
  await store.transact(executionId, {}, () => ({ mutation: { putCallbacks: callbacks } }));
}

/** Every page of the inbox, following cursors. */
async function allPending(store: DurableStore, query: PendingCallbackQuery): Promise<{ items: PendingCallbackView[]; pages: number }> {
  const items: PendingCallbackView[] = [];
  let pages = 0;
  for (let cursor: string | undefined; ; ) {
    const page = await store.callbacks.listPending({ ...query, cursor });
    pages += 1;
    items.push(...page.items);
    if (!page.nextCursor) return { items, pages };
    if (pages > 1000) throw new Error("listing did not end");
    cursor = page.nextCursor;
  }
}

const ids = (items: CallbackRecord[]) => items.map((c) => c.callbackId);

/** Oldest first by (createdTimestamp, callbackId): what every backend must answer. */
function byAge(callbacks: CallbackRecord[]): string[] {
  return [...callbacks]
    .sort((a, b) => Date.parse(a.createdTimestamp) - Date.parse(b.createdTimestamp) || (a.callbackId < b.callbackId ? -1 : a.callbackId > b.callbackId ? 1 : 0))
    .map((c) => c.callbackId);
}

export function callbackTests(ctx: ConformanceContext): void {
  describe("callback records", () => {
    it("round-trips every field, and omits absent optional ones", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      const full = callbackRecord(id, "op-1", "cb-full", {
        name: "approval",
        parentOperationId: "ctx-1",
        createdTimestamp: iso(T0 + 1234),
        timeoutAt: T0 + 60_000,
        heartbeatDeadlineAt: T0 + 5_000,
        answerSchema: '{"type":"object","properties":{"approved":{"type":"boolean"}},"required":["approved"]}',
      });
      const minimal = callbackRecord(id, "op-2", "cb-min", { pending: false });
      await putCallbacks(ctx.store, id, [full, minimal]);
      expect(await ctx.store.callbacks.get("cb-full")).toEqual(full);
      const read = await ctx.store.callbacks.get("cb-min");
      expect(read).toEqual(minimal);
      for (const key of ["name", "parentOperationId", "timeoutAt", "heartbeatDeadlineAt", "answerSchema"]) expect(read).not.toHaveProperty(key);
    });

    it("patches pending and the heartbeat deadline, leaving every other field alone", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      const callback = callbackRecord(id, "op-1", "cb-1", { name: "n", timeoutAt: T0 + 9, heartbeatDeadlineAt: T0 + 5 });
      await putCallbacks(ctx.store, id, [callback]);

      await ctx.store.transact(id, {}, () => ({ mutation: { patchCallbacks: [{ callbackId: "cb-1", heartbeatDeadlineAt: T0 + 50 }] } }));
      expect(await ctx.store.callbacks.get("cb-1")).toEqual({ ...callback, heartbeatDeadlineAt: T0 + 50 });

      await ctx.store.transact(id, {}, () => ({ mutation: { patchCallbacks: [{ callbackId: "cb-1", pending: false }] } }));
      expect(await ctx.store.callbacks.get("cb-1")).toEqual({ ...callback, heartbeatDeadlineAt: T0 + 50, pending: false });

      await ctx.store.transact(id, {}, () => ({
        mutation: { patchCallbacks: [{ callbackId: "cb-1", pending: true, heartbeatDeadlineAt: null }] },
      }));
      const { heartbeatDeadlineAt: _cleared, ...rest } = callback;
      expect(await ctx.store.callbacks.get("cb-1")).toEqual(rest);
    });

    it("refuses a patch of an unknown callback, or of another execution's, with CONFLICT and writes nothing", async () => {
      const a = await createExecution(ctx.store);
      const b = await createExecution(ctx.store);
      await putCallbacks(ctx.store, b.executionId, [callbackRecord(b.executionId, "op-1", "cb-of-b")]);
      const before = await readExecutionState(ctx.store, a.executionId, ["cb-of-b", "cb-x"]);
      for (const callbackId of ["no-such-callback", "cb-of-b"]) {
        await expectStoreError(
          ctx.store.transact(a.executionId, {}, () => ({
            mutation: {
              execution: { eventCount: 5 },
              putCallbacks: [callbackRecord(a.executionId, "op-x", "cb-x")],
              patchCallbacks: [{ callbackId, pending: false }],
            },
          })),
          "CONFLICT",
        );
      }
      expect(await readExecutionState(ctx.store, a.executionId, ["cb-of-b", "cb-x"])).toEqual(before);
      expect((await ctx.store.callbacks.get("cb-of-b"))?.pending).toBe(true);
    });
  });

  describe("callbacks.listPending", () => {
    it("answers an empty store with an empty page", async () => {
      expect(await ctx.store.callbacks.listPending()).toEqual({ items: [] });
      expect(await ctx.store.callbacks.listPending({ functionName: "orders" })).toEqual({ items: [] });
    });

    it("lists pending callbacks of RUNNING executions only, oldest first, with the execution name", async () => {
      const orders = await createExecution(ctx.store, { functionName: "orders", name: "order-1" });
      const billing = await createExecution(ctx.store, { functionName: "billing", name: "bill-1" });
      const done = await createExecution(ctx.store, { functionName: "orders", status: "SUCCEEDED" });
      const stopped = await createExecution(ctx.store, { functionName: "billing", status: "STOPPED" });
      const at = (s: number) => iso(T0 + s * 1000);
      const o3 = callbackRecord(orders.executionId, "op-3", "o3", { createdTimestamp: at(3), name: "approval", parentOperationId: "ctx" });
      const o1 = callbackRecord(orders.executionId, "op-1", "o1", { createdTimestamp: at(1), timeoutAt: T0 + 99_000 });
      const oClosed = callbackRecord(orders.executionId, "op-2", "o2", { createdTimestamp: at(0), pending: false });
      // b1 ties with o1 on createdTimestamp: the callback id breaks the tie ("b1" < "o1").
      const b1 = callbackRecord(billing.executionId, "op-1", "b1", { createdTimestamp: at(1), functionName: "billing" });
      await putCallbacks(ctx.store, orders.executionId, [o3, o1, oClosed]);
      await putCallbacks(ctx.store, billing.executionId, [b1]);
      await putCallbacks(ctx.store, done.executionId, [callbackRecord(done.executionId, "op-1", "done-1", { createdTimestamp: at(0) })]);
      await putCallbacks(ctx.store, stopped.executionId, [
        callbackRecord(stopped.executionId, "op-1", "stopped-1", { createdTimestamp: at(0), functionName: "billing" }),
      ]);

      const all = await ctx.store.callbacks.listPending();
      expect(all.nextCursor).toBeUndefined();
      expect(all.items).toEqual([
        { ...b1, executionName: "bill-1" },
        { ...o1, executionName: "order-1" },
        { ...o3, executionName: "order-1" },
      ]);
      expect(ids((await ctx.store.callbacks.listPending({ functionName: "orders" })).items)).toEqual(["o1", "o3"]);
      expect(ids((await ctx.store.callbacks.listPending({ functionName: "billing" })).items)).toEqual(["b1"]);
      expect((await ctx.store.callbacks.listPending({ functionName: "shipping" })).items).toEqual([]);
    });

    it("follows patches and execution status: closed callbacks and ended executions drop out", async () => {
      const a = await createExecution(ctx.store, { name: "a" });
      const b = await createExecution(ctx.store, { name: "b" });
      await putCallbacks(ctx.store, a.executionId, [callbackRecord(a.executionId, "op-1", "a1", { createdTimestamp: iso(T0 + 1) })]);
      await putCallbacks(ctx.store, b.executionId, [callbackRecord(b.executionId, "op-1", "b1", { createdTimestamp: iso(T0 + 2) })]);
      expect(ids((await ctx.store.callbacks.listPending()).items)).toEqual(["a1", "b1"]);

      await ctx.store.transact(a.executionId, {}, () => ({ mutation: { patchCallbacks: [{ callbackId: "a1", pending: false }] } }));
      expect(ids((await ctx.store.callbacks.listPending()).items)).toEqual(["b1"]);

      await ctx.store.transact(b.executionId, {}, () => ({ mutation: { execution: { status: "FAILED" } } }));
      expect((await ctx.store.callbacks.listPending()).items).toEqual([]);
      // still marked pending: an execution that runs again (a redrive) shows it again
      await ctx.store.transact(b.executionId, {}, () => ({ mutation: { execution: { status: "RUNNING" } } }));
      expect(ids((await ctx.store.callbacks.listPending()).items)).toEqual(["b1"]);
    });

    it("pages without duplicates or gaps, ties on createdTimestamp included, with and without a function filter", async () => {
      const executions: ExecutionRecord[] = [];
      for (let i = 0; i < 4; i++) {
        executions.push(await createExecution(ctx.store, { functionName: i % 2 ? "billing" : "orders", name: `e-${i}` }));
      }
      const written: CallbackRecord[] = [];
      for (let i = 0; i < 23; i++) {
        const e = executions[i % 4]!;
        written.push(
          callbackRecord(e.executionId, `op-${i}`, `cb-${String(i).padStart(2, "0")}`, {
            functionName: e.functionName,
            // groups of three share a creation time
            createdTimestamp: iso(T0 + Math.floor((22 - i) / 3) * 1000),
            pending: i % 7 !== 3,
          }),
        );
      }
      for (const e of executions) {
        await putCallbacks(ctx.store, e.executionId, written.filter((c) => c.executionId === e.executionId));
      }
      const pending = written.filter((c) => c.pending);
      for (const query of [{ limit: 4 }, { limit: 5, functionName: "billing" }, { limit: 1 }, { limit: 1000 }]) {
        const want = byAge(pending.filter((c) => query.functionName === undefined || c.functionName === query.functionName));
        const { items, pages } = await allPending(ctx.store, query);
        expect(ids(items)).toEqual(want);
        expect(pages).toBe(Math.max(1, Math.ceil(want.length / query.limit)));
      }
    });

    it("filters by callback name, and orders by deadline (none last) in pages without duplicates or gaps", async () => {
      const executions: ExecutionRecord[] = [];
      for (let i = 0; i < 3; i++) executions.push(await createExecution(ctx.store, { functionName: i === 2 ? "billing" : "orders", name: `d-${i}` }));
      const written: CallbackRecord[] = [];
      for (let i = 0; i < 17; i++) {
        const e = executions[i % 3]!;
        written.push(
          callbackRecord(e.executionId, `op-${i}`, `cb-${String(i).padStart(2, "0")}`, {
            functionName: e.functionName,
            name: i % 4 === 0 ? "review" : "approval",
            createdTimestamp: iso(T0 + i * 1000),
            // deadlines out of creation order, ties in pairs, and every fifth with none
            timeoutAt: i % 5 === 4 ? undefined : T0 + 100_000 - Math.floor(i / 2) * 7_000,
            pending: i !== 6,
          }),
        );
      }
      for (const e of executions) await putCallbacks(ctx.store, e.executionId, written.filter((c) => c.executionId === e.executionId));
      const pending = written.filter((c) => c.pending);
      const deadlineKey = (c: CallbackRecord) => c.timeoutAt ?? Number.MAX_SAFE_INTEGER;
      const byDeadline = (list: CallbackRecord[]) =>
        [...list].sort((a, b) => deadlineKey(a) - deadlineKey(b) || (a.callbackId < b.callbackId ? -1 : 1)).map((c) => c.callbackId);
      const queries: PendingCallbackQuery[] = [
        { limit: 3, name: "approval" },
        { limit: 2, name: "review", order: "deadline" },
        { limit: 4, order: "deadline" },
        { limit: 1, order: "deadline", functionName: "billing" },
        { limit: 2, order: "deadline", functionName: "orders", name: "approval" },
      ];
      for (const query of queries) {
        const matching = pending.filter((c) => (query.name === undefined || c.name === query.name) && (query.functionName === undefined || c.functionName === query.functionName));
        const want = query.order === "deadline" ? byDeadline(matching) : byAge(matching);
        const { items, pages } = await allPending(ctx.store, query);
        expect(ids(items), JSON.stringify(query)).toEqual(want);
        expect(pages).toBe(Math.max(1, Math.ceil(want.length / query.limit!)));
      }
      // A cursor is good only for the order that made it.
      const page = await ctx.store.callbacks.listPending({ limit: 2, order: "deadline" });
      await expectStoreError(ctx.store.callbacks.listPending({ cursor: page.nextCursor }), "INVALID_CURSOR");
      const oldest = await ctx.store.callbacks.listPending({ limit: 2 });
      await expectStoreError(ctx.store.callbacks.listPending({ cursor: oldest.nextCursor, order: "deadline" }), "INVALID_CURSOR");
    });

    it("uses a page size of 50 by default", async () => {
      const { executionId: id } = await createExecution(ctx.store);
      const callbacks = Array.from({ length: 55 }, (_, i) => callbackRecord(id, `op-${i}`, `cb-${i}`, { createdTimestamp: iso(T0 + i) }));
      await putCallbacks(ctx.store, id, callbacks);
      const first = await ctx.store.callbacks.listPending();
      expect(first.items).toHaveLength(50);
      const second = await ctx.store.callbacks.listPending({ cursor: first.nextCursor });
      expect(second.items).toHaveLength(5);
      expect(second.nextCursor).toBeUndefined();
    });

    it("rejects a malformed cursor with INVALID_CURSOR", async () => {
      await expectStoreError(ctx.store.callbacks.listPending({ cursor: "not a cursor" }), "INVALID_CURSOR");
      await expectStoreError(ctx.store.callbacks.listPending({ cursor: Buffer.from('{"x":1}').toString("base64url") }), "INVALID_CURSOR");
    });
  });
}
