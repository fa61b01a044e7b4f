/**
 * Operations keep the EventIds of their own events (OperationRecord.eventIds), so one operation's
 * events are read by key: the MutationBuilder appends every event to its operation's list, every
 * event producer of the runtime (checkpoints, timers, callbacks answered from outside, chained
 * invoke answers, stop, redrive, execution start and end) ends with lists that match the history
 * exactly, SQLite reads them by primary key, and a version-2 file is upgraded with lists filled
 * from its events. The conformance suite (both backends) covers the store contract itself.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRetryStrategy, withDurableExecution } from "../../sdk";
import { MutationBuilder } from "../../sdk/runtime/mutation-builder";
import { T0, createExecution, historyEvent, iso, stepOperation } from "./conformance/fixtures";
import { SqliteStore } from "../../sdk/store/sqlite";
import { SCHEMA_VERSION } from "../../sdk/store/sqlite/schema";
import { OPERATION_EVENTS_BY_IDS_SQL } from "../../sdk/store/sqlite/statements";
import type { DurableStore, ExecutionRecord, OperationRecord } from "../../sdk/store/types";
import type { Operation } from "../../sdk/types/wire";
import { allEvents, createHarness, type Harness } from "../runtime/helpers";

const execution = (eventCount: number): ExecutionRecord => ({
  executionId: "x",
  arn: "arn",
  functionName: "f",
  name: "x",
  status: "RUNNING",
  startTimestamp: iso(T0),
  eventCount,
  operationCount: 3,
  logCount: 0,
  invocationCount: 1,
  redriveCount: 0,
  version: 4,
});
const op = (id: string, extra: Partial<Operation> = {}): Operation => ({ Id: id, Type: "STEP", StartTimestamp: iso(T0), Status: "STARTED", ...extra });

describe("MutationBuilder keeps each operation's event list", () => {
  it("appends every event to its operation's list, whether the put comes before or after the event", () => {
    const known: OperationRecord = { executionId: "x", seq: 2, operation: op("a"), eventIds: [4, 7] };
    const b = new MutationBuilder(execution(10), [known], T0);
    // Event first, then a put built from the snapshot record (which still has the old list).
    b.event("StepSucceeded", op("a", { Status: "SUCCEEDED" }), {});
    b.putOperation({ ...known, operation: op("a", { Status: "SUCCEEDED" }) });
    const created = b.createOperation(op("new"));
    b.event("StepStarted", created.operation, {});
    b.event("StepFailed", created.operation, {});
    b.event("InvocationCompleted", undefined, {});
    const mutation = b.build();
    const byId = new Map(mutation.putOperations!.map((r) => [r.operation.Id, r]));
    expect(byId.get("a")!.eventIds).toEqual([4, 7, 11]);
    expect(byId.get("a")!.operation.Status).toBe("SUCCEEDED");
    expect(byId.get("new")!.eventIds).toEqual([12, 13]);
    expect(mutation.events!.map((e) => e.EventId)).toEqual([11, 12, 13, 14]);
    expect(b.changedOperations().find((r) => r.operation.Id === "new")!.eventIds).toEqual([12, 13]);
  });

  it("rewrites an operation that got events but no put, and ignores a list a caller puts", () => {
    const known: OperationRecord = { executionId: "x", seq: 2, operation: op("a"), eventIds: [2] };
    const other: OperationRecord = { executionId: "x", seq: 3, operation: op("b"), eventIds: [3] };
    const b = new MutationBuilder(execution(5), [known, other], T0);
    b.event("StepStarted", known.operation, {});
    b.putOperation({ ...other, eventIds: [99] });
    const byId = new Map(b.build().putOperations!.map((r) => [r.operation.Id, r]));
    expect(byId.get("a")).toEqual({ ...known, eventIds: [2, 6] });
    expect(byId.get("b")!.eventIds).toEqual([3]);
  });

  it("leaves an operation written before the lists existed without one (readers fall back to the history)", () => {
    const legacy: OperationRecord = { executionId: "x", seq: 2, operation: op("old") };
    const b = new MutationBuilder(execution(8), [legacy], T0);
    b.event("StepSucceeded", op("old", { Status: "SUCCEEDED" }), {});
    b.putOperation({ ...legacy, operation: op("old", { Status: "SUCCEEDED" }) });
    const [written] = b.build().putOperations!;
    expect(written!.operation.Status).toBe("SUCCEEDED");
    expect(written!.eventIds).toBeUndefined();
    // And with an event but no put, nothing is rewritten for it.
    const quiet = new MutationBuilder(execution(8), [legacy], T0);
    quiet.event("StepStarted", legacy.operation, {});
    expect(quiet.build().putOperations).toBeUndefined();
  });
});

describe("every runtime event producer keeps the lists whole", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  /** For every operation of every execution: its list read by key equals the history filtered by its id. */
  async function expectListsMatchHistory(store: DurableStore): Promise<number> {
    let checked = 0;
    for (const execution of (await store.executions.list({ limit: 100 })).items) {
      const history = await allEvents(store, execution.executionId);
      const listed = new Set<number>();
      for (const record of await store.operations.list(execution.executionId)) {
        const read = await store.operations.getWithEvents(execution.executionId, record.operation.Id);
        const expected = history.filter((e) => e.Id === record.operation.Id);
        expect(record.eventIds, `eventIds of ${record.operation.Type} ${record.operation.Name ?? record.operation.Id}`).toEqual(expected.map((e) => e.EventId));
        expect(read?.events).toEqual(expected);
        for (const id of record.eventIds!) listed.add(id);
        checked += 1;
      }
      // Events not listed by any operation are exactly those that name none.
      expect(history.filter((e) => !listed.has(e.EventId)).map((e) => e.EventType)).toEqual(history.filter((e) => e.Id === undefined).map((e) => e.EventType));
    }
    return checked;
  }

  it("checkpoints, retries, waits, callbacks answered and timed out, chained invokes, a failure and a redrive", async () => {
    let flaky = 0;
    let finalRuns = 0;
    h.registry.register("child", withDurableExecution(async (n: number, ctx) => {
      await ctx.wait("child-wait", { seconds: 5 });
      return n * 2;
    }));
    h.registry.register("orders", withDurableExecution(async (_input: unknown, ctx) => {
      await ctx.step("flaky", async () => {
        flaky += 1;
        if (flaky < 3) throw new Error(`attempt ${flaky} fails`);
        return flaky;
      }, { retryStrategy: createRetryStrategy({ maxAttempts: 5, initialDelay: { seconds: 1 } }) });
      await ctx.wait("pause", { seconds: 30 });
      const approval = await ctx.waitForCallback<string>("approval", async () => undefined, { timeout: { hours: 1 } });
      const doubled = await ctx.invoke<number, number>("double", "child", 21);
      await ctx.step("final", async () => {
        finalRuns += 1;
        if (finalRuns === 1) throw new Error("fails until redriven");
        return "ok";
      }, { retryStrategy: () => ({ shouldRetry: false }) });
      return { approval, doubled };
    }));
    // A callback that times out (kept out of the redriven execution: see the report).
    h.registry.register("late", withDurableExecution(async (_input: unknown, ctx) => {
      const [late] = await ctx.createCallback<string>("late", { timeout: { seconds: 10 } });
      try {
        return await late;
      } catch {
        return "timed out";
      }
    }));
    const { execution: lateExecution } = await h.client.startExecution({ functionName: "late", input: "{}" });
    const { execution } = await h.client.startExecution({ functionName: "orders", input: "{}" });
    const id = execution.executionId;
    const runUntil = async (done: () => Promise<boolean>) => {
      for (let i = 0; i < 50 && !(await done()); i++) {
        await h.worker.drain();
        if (await done()) return;
        h.clock.advance(1_000);
      }
    };
    const pendingCallback = async () => (await h.client.listPendingCallbacks()).items.find((c) => c.executionId === id);
    await runUntil(async () => (await pendingCallback())?.name === "approval");
    await h.client.sendCallbackSuccess((await pendingCallback())!.callbackId, JSON.stringify("yes"));
    await runUntil(async () => (await h.store.executions.get(id))?.status !== "RUNNING");
    expect((await h.store.executions.get(id))?.status).toBe("FAILED");
    await h.client.redriveExecution(id);
    await runUntil(async () => (await h.store.executions.get(id))?.status !== "RUNNING");
    const done = await h.store.executions.get(id);
    expect(done?.status).toBe("SUCCEEDED");
    expect(JSON.parse(done!.result!)).toEqual({ approval: JSON.stringify("yes"), doubled: 42 });
    expect((await h.store.executions.get(lateExecution.executionId))?.result).toBe(JSON.stringify("timed out"));

    const types = new Set([...(await allEvents(h.store, id)), ...(await allEvents(h.store, lateExecution.executionId))].map((e) => e.EventType));
    for (const type of ["StepFailed", "WaitSucceeded", "CallbackSucceeded", "CallbackTimedOut", "ChainedInvokeSucceeded", "ExecutionFailed", "ExecutionRedriven", "ExecutionSucceeded"]) {
      expect(types, type).toContain(type);
    }
    expect(await expectListsMatchHistory(h.store)).toBeGreaterThan(8);
  });

  it("stop, with a chained invoke still running (its child stopped too)", async () => {
    h.registry.register("forever", withDurableExecution(async (_e, ctx) => ctx.wait("long", { days: 1 })));
    h.registry.register("boss", withDurableExecution(async (_e, ctx) => {
      await ctx.step("first", async () => 1);
      return ctx.invoke("call", "forever", {});
    }));
    const { execution } = await h.client.startExecution({ functionName: "boss" });
    await h.worker.drain();
    await h.worker.drain();
    await h.client.stopExecution(execution.executionId);
    const types = (await allEvents(h.store, execution.executionId)).map((e) => e.EventType);
    expect(types).toContain("ChainedInvokeStopped");
    expect(types.at(-1)).toBe("ExecutionStopped");
    expect((await h.store.executions.list({ statuses: ["STOPPED"] })).items).toHaveLength(2);
    await expectListsMatchHistory(h.store);
  });
});

describe("SQLite: reading by key, and upgrading a version-2 file", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "durable-op-events-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads an operation's events by primary key, never scanning the execution's events", () => {
    const db = new Database(":memory:");
    const store = new SqliteStore({ path: join(dir, "plan.db") });
    void store;
    db.exec(`CREATE TABLE events (execution_id TEXT NOT NULL, event_id INTEGER NOT NULL, event TEXT NOT NULL, PRIMARY KEY (execution_id, event_id)) WITHOUT ROWID`);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${OPERATION_EVENTS_BY_IDS_SQL}`).all("x", "[1,2]") as { detail: string }[]).map((r) => r.detail).join(" | ");
    db.close();
    expect(plan).toContain("SEARCH events USING PRIMARY KEY (execution_id=? AND event_id=?)");
    expect(plan).not.toMatch(/SCAN events|TEMP B-TREE/);
  });

  it("fills the lists of a version-2 file from its events, and reads them back", async () => {
    const path = join(dir, "v2.db");
    const store = new SqliteStore({ path });
    await store.init();
    const { executionId: id } = await createExecution(store);
    const events = [2, 3, 4, 5, 6].map((n) => historyEvent(n, "StepStarted", { Id: n % 2 === 0 ? "even" : "odd" }));
    await store.transact(id, {}, () => ({
      mutation: { putOperations: [stepOperation(id, 2, "even"), stepOperation(id, 3, "odd"), stepOperation(id, 4, "quiet")], events, execution: { eventCount: 6 } },
    }));
    await store.close();
    // What version 2 wrote: the same tables without the column.
    const old = new Database(path);
    old.exec(`ALTER TABLE operations DROP COLUMN event_ids`);
    old.pragma("user_version = 2");
    old.close();

    const upgraded = new SqliteStore({ path });
    await upgraded.init();
    try {
      expect((await upgraded.operations.get(id, "even"))?.eventIds).toEqual([2, 4, 6]);
      expect((await upgraded.operations.get(id, "odd"))?.eventIds).toEqual([3, 5]);
      expect((await upgraded.operations.get(id, "quiet"))?.eventIds).toEqual([]);
      expect((await upgraded.operations.get(id, "execution"))?.eventIds).toEqual([1]);
      expect((await upgraded.operations.getWithEvents(id, "even"))?.events).toEqual(events.filter((e) => e.Id === "even"));
    } finally {
      await upgraded.close();
    }
    const db = new Database(path, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    // and on to version 4: the execution row's follow-up time and open-invocation mark
    const columns = (db.prepare("PRAGMA table_info(executions)").all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(["follow_up_at", "open_invocation"]));
    db.close();
  });
});
