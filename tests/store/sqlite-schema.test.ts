/**
 * SQLite-only: every new statement is planned on an index, and a version-1 store file is
 * upgraded in place (new columns filled from what the file already holds).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { T0, iso } from "./conformance/fixtures";
import { SqliteStore } from "../../sdk/store/sqlite";
import { SCHEMA_VERSION, applySchema } from "../../sdk/store/sqlite/schema";
import { PURGEABLE_SQL, PURGE_EXECUTION_SQL, pendingCallbacksSql, prepareStatements } from "../../sdk/store/sqlite/statements";

describe("SQLite query plans of the inbox, functions and purge", () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(":memory:");
    applySchema(db);
  });
  afterEach(() => db.close());

  const plan = (sql: string, params: unknown): string =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params as never) as { detail: string }[]).map((r) => r.detail).join(" | ");

  it("walks the pending partial indexes and looks each execution up by key", () => {
    const params = { fn: "f", name: "approval", cKey: T0, cId: "x", limit: 10 };
    expect(plan(pendingCallbacksSql({}), params)).toMatch(/^SCAN c USING INDEX callbacks_pending \| SEARCH e USING INDEX sqlite_autoindex_executions_1/);
    expect(plan(pendingCallbacksSql({ withCursor: true }), params)).toContain("SEARCH c USING INDEX callbacks_pending ((created_ms,callback_id)>(?,?))");
    expect(plan(pendingCallbacksSql({ byFunction: true }), params)).toContain("SEARCH c USING INDEX callbacks_pending_by_function (function_name=?)");
    expect(plan(pendingCallbacksSql({ byFunction: true, withCursor: true }), params)).toContain(
      "SEARCH c USING INDEX callbacks_pending_by_function (function_name=? AND (created_ms,callback_id)>(?,?))",
    );
    expect(plan(pendingCallbacksSql({ byDeadline: true, withCursor: true }), params)).toContain("SEARCH c USING INDEX callbacks_pending_by_deadline (");
    expect(plan(pendingCallbacksSql({ byDeadline: true, byFunction: true }), params)).toContain("SEARCH c USING INDEX callbacks_pending_by_function_deadline (function_name=?)");
    for (const byFunction of [false, true]) {
      for (const withCursor of [false, true]) {
        for (const byDeadline of [false, true]) {
          const detail = plan(pendingCallbacksSql({ byFunction, withCursor, byDeadline, byName: true }), params);
          expect(detail, JSON.stringify({ byFunction, withCursor, byDeadline })).not.toContain("TEMP B-TREE");
          expect(detail).not.toMatch(/SCAN e\b/);
        }
      }
    }
  });

  it("finds purge candidates on the ended index and deletes each table by execution id", () => {
    expect(plan(PURGEABLE_SQL, [T0, 10])).toBe("SEARCH executions USING INDEX executions_ended (end_ms>? AND end_ms<?)");
    for (const sql of PURGE_EXECUTION_SQL) expect(plan(sql, ["x"])).toMatch(/^SEARCH \w+ USING (PRIMARY KEY|INDEX \w+) \(execution_id=\?\)$/);
  });

  it("finds due executions, of every function or of some, on the wake-time index in its order", () => {
    const s = prepareStatements(db);
    const functions = JSON.stringify(["a", "b"]);
    for (const [statement, params] of [
      [s.selectDue, { now: T0, limit: 16 }],
      [s.selectDueOfFunctions, { now: T0, limit: 16, functions }],
      [s.nextWakeAt, {}],
      [s.nextWakeAtOfFunctions, { functions }],
    ] as const) {
      const detail = plan(statement.source, params);
      expect(detail, statement.source).toMatch(/^SEARCH e USING (COVERING )?INDEX executions_due \(next_wake_at[<>]\?\)/);
      expect(detail, statement.source).not.toContain("TEMP B-TREE");
    }
  });

  it("finds ended children owing their parent an answer on their own small index", () => {
    const s = prepareStatements(db);
    expect(plan(s.selectFollowUpsDue.source, { now: T0, limit: 25 })).toMatch(
      /^SEARCH e USING INDEX executions_follow_up \(follow_up_at>\? AND follow_up_at<\?\) \| SEARCH p USING INDEX/,
    );
  });

  it("reads functions and callbacks by key, and patches a callback by key", () => {
    const s = prepareStatements(db);
    const sqlOf = (statement: { source: string }) => statement.source;
    expect(plan(sqlOf(s.getFunction), ["f"])).toBe("SEARCH functions USING PRIMARY KEY (name=?)");
    expect(plan(sqlOf(s.listFunctions), [])).toBe("SCAN functions");
    expect(plan(sqlOf(s.getCallback), ["c"])).toBe("SEARCH callbacks USING PRIMARY KEY (callback_id=?)");
    expect(plan(sqlOf(s.patchCallback), { setPending: 1, pending: 0, setHeartbeat: 0, heartbeat: null, id: "c", executionId: "e" })).toBe(
      "SEARCH callbacks USING PRIMARY KEY (callback_id=?)",
    );
  });
});

describe("a functions table from before sample inputs", () => {
  it("gains the column on open, keeps its rows (read without a sample) and takes samples", async () => {
    const dir = mkdtempSync(join(tmpdir(), "durable-functions-"));
    const path = join(dir, "old.db");
    try {
      const db = new Database(path);
      applySchema(db);
      db.exec(`ALTER TABLE functions DROP COLUMN sample_input`);
      db.prepare(`INSERT INTO functions (name, kind, description, registered_at, last_seen_at) VALUES ('orders', 'durable', 'Takes orders', ?, ?)`).run(iso(T0), iso(T0));
      db.close();
      const store = new SqliteStore({ path });
      await store.init();
      try {
        expect(await store.functions.get("orders")).toEqual({ name: "orders", kind: "durable", description: "Takes orders", registeredTimestamp: iso(T0), lastSeenTimestamp: iso(T0) });
        await store.functions.put([{ name: "orders", kind: "durable", sampleInput: '{"orderId":"A-1"}', registeredTimestamp: iso(T0 + 1), lastSeenTimestamp: iso(T0 + 1) }]);
        expect(await store.functions.get("orders")).toEqual({ name: "orders", kind: "durable", sampleInput: '{"orderId":"A-1"}', registeredTimestamp: iso(T0), lastSeenTimestamp: iso(T0 + 1) });
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("upgrading a version-1 store file", () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "durable-upgrade-"));
    path = join(dir, "v1.db");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes a file the way version 1 did: its schema, user_version 1, rows in the old shapes. */
  function writeV1File(): void {
    const db = new Database(path);
    db.exec(readFileSync(join(__dirname, "fixtures", "schema-v1.sql"), "utf8"));
    db.pragma("user_version = 1");
    const execution = db.prepare(
      `INSERT INTO executions (execution_id, arn, function_name, name, status, start_timestamp, start_ms, end_timestamp,
         event_count, operation_count, invocation_count, redrive_count, version)
       VALUES (?, 'arn', ?, ?, ?, ?, ?, ?, 1, 3, 1, 0, 7)`,
    );
    const operation = db.prepare(`INSERT INTO operations (execution_id, operation_id, seq, operation, timers) VALUES (?, ?, ?, ?, ?)`);
    const callback = db.prepare(`INSERT INTO callbacks (callback_id, execution_id, operation_id) VALUES (?, ?, ?)`);
    const log = db.prepare(`INSERT INTO logs (execution_id, seq, timestamp, level, message) VALUES (?, ?, ?, 'INFO', 'm')`);

    const add = (id: string, fn: string, status: string, end: string | null, callbackStatus: string, callbackId: string) => {
      execution.run(id, fn, `name-${id}`, status, iso(T0), T0, end);
      operation.run(id, "ctx", 2, JSON.stringify({ Id: "ctx", Type: "CONTEXT", SubType: "WaitForCallback", Name: "approval", StartTimestamp: iso(T0), Status: "STARTED" }), null);
      operation.run(
        id,
        "cb-op",
        3,
        JSON.stringify({ Id: "cb-op", Type: "CALLBACK", ParentId: "ctx", StartTimestamp: iso(T0 + 500), Status: callbackStatus, CallbackDetails: { CallbackId: callbackId } }),
        JSON.stringify({ callbackTimeoutAt: T0 + 60_000, callbackTimeoutSeconds: 60 }),
      );
      callback.run(callbackId, id, "cb-op");
    };
    add("running", "orders", "RUNNING", null, "STARTED", "cb-running");
    add("failed", "orders", "FAILED", iso(T0 + 1000), "TIMED_OUT", "cb-failed");
    add("stopped", "billing", "STOPPED", iso(T0 + 2000), "STARTED", "cb-stopped");
    // version 1 numbered logs version x 100000 + index
    log.run("running", 200_001, iso(T0));
    log.run("running", 500_002, iso(T0));
    db.close();
  }

  it("adds the new columns and fills them from the rows already there", async () => {
    writeV1File();
    const store = new SqliteStore({ path });
    await store.init();
    try {
      expect((await store.executions.get("running"))?.logCount).toBe(500_002);
      expect((await store.executions.get("failed"))?.logCount).toBe(0);
      expect(await store.callbacks.get("cb-running")).toEqual({
        callbackId: "cb-running",
        executionId: "running",
        operationId: "cb-op",
        pending: true,
        functionName: "orders",
        name: "approval",
        parentOperationId: "ctx",
        createdTimestamp: iso(T0 + 500),
        timeoutAt: T0 + 60_000,
      });
      expect((await store.callbacks.get("cb-failed"))?.pending).toBe(false);
      expect(await store.callbacks.get("cb-stopped")).toMatchObject({ pending: false, functionName: "billing", name: "approval" });
      expect((await store.callbacks.listPending()).items.map((c) => [c.callbackId, c.executionName])).toEqual([["cb-running", "name-running"]]);
      expect(await store.functions.list()).toEqual([]);
      // The runtime state earlier versions wrote to the `timers` column reads as `runtime`.
      expect((await store.operations.get("running", "cb-op"))?.runtime).toEqual({ callbackTimeoutAt: T0 + 60_000, callbackTimeoutSeconds: 60 });
      expect(await store.operations.get("running", "ctx")).not.toHaveProperty("runtime");
      // end times were filled in: the purge finds both ended executions, oldest first
      expect(await store.executions.purge({ endedBefore: iso(T0 + 1500), limit: 10 })).toBe(1);
      expect(await store.executions.get("failed")).toBeUndefined();
      expect(await store.executions.purge({ endedBefore: iso(T0 + 9000), limit: 10 })).toBe(1);
      expect(await store.executions.countByStatus({})).toMatchObject({ RUNNING: 1, FAILED: 0, STOPPED: 0 });
    } finally {
      await store.close();
    }
    const db = new Database(path, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
  });

  it("opens an upgraded file again without changing it", async () => {
    writeV1File();
    const first = new SqliteStore({ path });
    await first.init();
    await first.close();
    const second = new SqliteStore({ path });
    await second.init();
    expect((await second.executions.get("running"))?.logCount).toBe(500_002);
    expect((await second.callbacks.listPending()).items).toHaveLength(1);
    await second.close();
  });
});
