import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { describeStoreConformance, expectStoreError } from "./conformance/suite";
import {
  T0,
  callbackRecord,
  createExecution,
  historyEvent,
  iso,
  logRecord,
  newExecution,
  stepOperation,
} from "./conformance/fixtures";
import { SqliteStore, type SqliteStoreOptions } from "../../sdk/store/sqlite";
import { WalSync } from "../../sdk/store/sqlite/wal-sync";
import { normalizeListQuery } from "../../sdk/store/list-query";
import { buildListQuery } from "../../sdk/store/sqlite/execution-list";
import { applySchema } from "../../sdk/store/sqlite/schema";
import type { DurableStore, ExecutionMutation } from "../../sdk/store/types";

/** Runs tests/store/fixtures/claim-worker.mts as its own OS process. */
function startClaimWorker(path: string, owner: string, now: number) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(__dirname, "fixtures", "claim-worker.mts"), path, owner, String(now)],
    { cwd: join(__dirname, "..", ".."), stdio: ["pipe", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith("ready\n")) onReady();
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const result = new Promise<string[]>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`claim worker ${owner} exited with ${code}: ${stderr}`));
      resolve(JSON.parse(stdout.slice("ready\n".length)) as string[]);
    });
  });
  // A worker that dies before "ready" must fail the test, not leave it waiting.
  return { ready: Promise.race([ready, result.then(() => undefined)]), go: () => child.stdin.write("go\n"), result };
}

// ---- the shared suite, on a fresh file per test ------------------------------------------------

const dirs = new Map<DurableStore, string>();

async function openSqlite(path: string, options: Partial<SqliteStoreOptions> = {}): Promise<SqliteStore> {
  const store = new SqliteStore({ path, ...options });
  await store.init();
  return store;
}

describeStoreConformance(
  "sqlite",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "durable-store-"));
    const store = await openSqlite(join(dir, "durable.db"));
    dirs.set(store, dir);
    return store;
  },
  async (store) => {
    await store.close();
    rmSync(dirs.get(store)!, { recursive: true, force: true });
    dirs.delete(store);
  },
  { openPeer: (store) => openSqlite((store as SqliteStore).path) },
);

// ---- SQLite-only behaviour ---------------------------------------------------------------------

describe("SqliteStore on a real file", () => {
  let dir: string;
  let path: string;
  const opened: SqliteStore[] = [];
  const open = async (options: Partial<SqliteStoreOptions> = {}) => {
    const store = await openSqlite(path, options);
    opened.push(store);
    return store;
  };
  /** A plain read-only connection, to look at the file the way SQLite sees it. */
  const inspect = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(path, { readonly: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  const rowCounts = () =>
    inspect((db) =>
      Object.fromEntries(
        ["executions", "execution_payloads", "operations", "events", "logs", "callbacks"].map((table) => [
          table,
          db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get(),
        ]),
      ),
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "durable-sqlite-"));
    path = join(dir, "nested", "dirs", "durable.db");
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates missing parent directories and runs in WAL mode", async () => {
    const store = await open();
    await createExecution(store);
    expect(inspect((db) => db.pragma("journal_mode", { simple: true }))).toBe("wal");
  });

  it("a claim that finds nothing due ends on a read: it takes no write lock, so a writer elsewhere does not hold it up", async () => {
    const store = await open({ busyTimeoutMs: 50 });
    const claim = () => store.scheduling.claimDue({ now: T0, owner: "w", leaseMs: 1000, limit: 10, newToken: () => "tok" });
    const other = new Database(path);
    try {
      other.exec("BEGIN IMMEDIATE"); // another process in the middle of a write
      await expect(claim()).resolves.toEqual([]);
      other.exec("COMMIT");
    } finally {
      other.close();
    }
    // Once something is due, the claim takes it in a write transaction, as before.
    const created = await createExecution(store, { nextWakeAt: T0 });
    const claimed = await claim();
    expect(claimed.map((e) => e.executionId)).toEqual([created.executionId]);
    expect(await store.executions.get(created.executionId)).toEqual(claimed[0]);
  });

  it("tells this process's workers when a lease is given back on an execution still due (a claim that read before would have missed it)", async () => {
    const store = await open();
    const created = await createExecution(store, { nextWakeAt: T0 });
    const [claimed] = await store.scheduling.claimDue({ now: T0, owner: "w", leaseMs: 1000, limit: 1, newToken: () => "tok" });
    const heard = vi.fn();
    store.scheduling.watchDue!(heard);
    await store.transact(created.executionId, { checkpointToken: claimed!.checkpointToken }, () => ({
      mutation: { execution: { leaseOwner: null, leaseExpiresAt: null, checkpointToken: null } },
    }));
    await Promise.resolve();
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it("a claim that finds something due joins the group commit of its turn: it sees the writes queued before it, and the turn syncs once", async () => {
    const store = await open();
    const [first, second] = [await createExecution(store, { nextWakeAt: T0 }), await createExecution(store, { nextWakeAt: T0 })];
    const [held] = await store.scheduling.claimDue({ now: T0, owner: "w", leaseMs: 1000, limit: 1, newToken: () => "tok-1" });
    const other = held!.executionId === first.executionId ? second : first;
    const syncs = [vi.spyOn(WalSync.prototype, "sync"), vi.spyOn(WalSync.prototype, "syncNow")];
    try {
      const [, claimed] = await Promise.all([
        // Gives the lease back in the same turn: only a claim in the same transaction, after it, can take it.
        store.transact(held!.executionId, { checkpointToken: "tok-1" }, () => ({
          mutation: { execution: { leaseOwner: null, leaseExpiresAt: null, checkpointToken: null } },
        })),
        store.scheduling.claimDue({ now: T0, owner: "w", leaseMs: 1000, limit: 10, newToken: () => "tok-2" }),
      ]);
      expect(claimed.map((e) => e.executionId).sort()).toEqual([held!.executionId, other.executionId].sort());
      expect(syncs.reduce((n, spy) => n + spy.mock.calls.length, 0)).toBe(1);
    } finally {
      for (const spy of syncs) spy.mockRestore();
    }
  });

  it("keeps everything across close and reopen", async () => {
    const first = await open();
    const created = await createExecution(first, { checkpointToken: "t1", nextWakeAt: T0 });
    const id = created.executionId;
    const callback = callbackRecord(id, "op-a");
    const mutation: ExecutionMutation = {
      execution: { eventCount: 2, operationCount: 2, checkpointToken: "t2" },
      putOperations: [stepOperation(id, 2, "op-a")],
      events: [historyEvent(2)],
      logs: [logRecord(id, 1, { operationId: "op-a" })],
      putCallbacks: [callback],
    };
    const { execution } = await first.transact(id, { checkpointToken: "t1" }, () => ({ mutation }));
    await first.close();

    const second = await open();
    expect(await second.executions.get(id)).toEqual(execution);
    expect(await second.operations.list(id)).toHaveLength(2);
    expect((await second.history.list(id)).items.map((e) => e.EventId)).toEqual([1, 2]);
    expect((await second.logs.list(id, { operationId: "op-a" })).items).toEqual(mutation.logs);
    expect(await second.callbacks.get(callback.callbackId)).toEqual(callback);
    expect(await second.executions.countByStatus({})).toMatchObject({ RUNNING: 1 });
    expect(await second.scheduling.nextWakeAt()).toBe(T0);
  });

  it("fences across connections: a token superseded on one connection is refused on the other", async () => {
    const a = await open();
    const b = await open();
    const { executionId: id } = await createExecution(a, { checkpointToken: "t1", nextWakeAt: T0 });
    const [claimed] = await b.scheduling.claimDue({ now: T0, owner: "b", leaseMs: 1000, limit: 1, newToken: () => "t2" });
    expect(claimed?.executionId).toBe(id);

    const before = rowCounts();
    await expectStoreError(
      a.transact(id, { checkpointToken: "t1" }, () => ({ mutation: { events: [historyEvent(2)] } })),
      "STALE_CHECKPOINT_TOKEN",
    );
    expect(rowCounts()).toEqual(before);
    await a.transact(id, { checkpointToken: "t2" }, () => ({ mutation: { events: [historyEvent(2)] } }));
    expect((await b.history.list(id)).items).toHaveLength(2);
  });

  it("writes no row at all when a transact is refused", async () => {
    const store = await open();
    const { executionId: id } = await createExecution(store, { checkpointToken: "t" });
    const everything = (): ExecutionMutation => ({
      execution: { status: "SUCCEEDED", result: '"r"', eventCount: 5 },
      putOperations: [stepOperation(id, 2, "op-a")],
      events: [historyEvent(3), historyEvent(1)],
      logs: [logRecord(id, 1)],
      putCallbacks: [callbackRecord(id, "op-a")],
    });
    const before = rowCounts();
    const version = (await store.executions.get(id))?.version;

    await expectStoreError(store.transact(id, { checkpointToken: "old" }, () => ({ mutation: everything() })), "STALE_CHECKPOINT_TOKEN");
    await expectStoreError(store.transact(id, {}, () => ({ mutation: everything() })), "CONFLICT"); // EventId 1 exists
    await expect(
      store.transact(id, {}, () => {
        throw new Error("no");
      }),
    ).rejects.toThrow("no");

    expect(rowCounts()).toEqual(before);
    expect((await store.executions.get(id))?.version).toBe(version);
    expect(await store.executions.countByStatus({})).toMatchObject({ RUNNING: 1, SUCCEEDED: 0 });
  });

  it("passes PRAGMA integrity_check after a busy run", async () => {
    const store = await open({ synchronous: "NORMAL" });
    for (let i = 0; i < 40; i++) {
      const { executionId: id } = await createExecution(store, { nextWakeAt: T0 + i, startTimestamp: iso(T0 + i) });
      await store.transact(id, {}, () => ({
        mutation: {
          execution: { eventCount: 2, status: i % 2 ? "SUCCEEDED" : "RUNNING", inputPayload: "x".repeat(i * 100) },
          putOperations: [stepOperation(id, 2, "op")],
          events: [historyEvent(2)],
          logs: [logRecord(id, 1)],
        },
      }));
    }
    await store.scheduling.claimDue({ now: T0 + 100, owner: "w", leaseMs: 10, limit: 100, newToken: () => "tok" });
    await store.close();
    expect(inspect((db) => db.pragma("integrity_check", { simple: true }))).toBe("ok");
    expect(inspect((db) => db.prepare("SELECT status, n FROM execution_counts ORDER BY status").all())).toEqual([
      { status: "RUNNING", n: 20 },
      { status: "SUCCEEDED", n: 20 },
    ]);
  });

  it("refuses a cursor made for the other order, and clamps the page size to 1000", async () => {
    const store = await open({ synchronous: "OFF" });
    for (let i = 0; i < 1001; i++) await store.executions.create(newExecution({ startTimestamp: iso(T0 + i) }));
    const page = await store.executions.list({ limit: 5000 });
    expect(page.items).toHaveLength(1000);
    await expectStoreError(store.executions.list({ cursor: page.nextCursor, oldestFirst: true }), "INVALID_CURSOR");
    const last = await store.executions.list({ cursor: page.nextCursor });
    expect(last.items.map((e) => e.startTimestamp)).toEqual([iso(T0)]);
  });

  it("plans every list shape on an index, sorting only bounded pages", () => {
    const db = new Database(":memory:");
    applySchema(db);
    const plan = (query: Parameters<typeof normalizeListQuery>[0]) => {
      const built = buildListQuery(normalizeListQuery(query));
      return (db.prepare(`EXPLAIN QUERY PLAN ${built.sql}`).all(built.params) as { detail: string }[])
        .map((r) => r.detail)
        .join(" | ");
    };
    const cursor = Buffer.from(JSON.stringify({ s: T0, i: "x", o: 0 })).toString("base64url");
    expect(plan({})).toContain("SCAN e USING INDEX executions_by_start");
    expect(plan({ cursor })).toContain("SEARCH e USING INDEX executions_by_start");
    expect(plan({ functionName: "f" })).toContain("USING INDEX executions_by_function_start");
    expect(plan({ statuses: ["FAILED"] })).toContain("USING INDEX executions_by_status_start");
    expect(plan({ functionName: "f", statuses: ["FAILED"] })).toContain("executions_by_function_status_start");
    expect(plan({ startedAfter: iso(T0) })).toContain("executions_by_start (start_ms>?)");
    // A search filters the walk of the start-ordered index (of the function, if one is given).
    expect(plan({ nameOrId: "x" })).toContain("SCAN e USING INDEX executions_by_start");
    expect(plan({ nameOrId: "x", functionName: "f" })).toContain("USING INDEX executions_by_function_start");
    const shapes = [{}, { cursor }, { functionName: "f" }, { statuses: ["FAILED" as const] }, { startedAfter: iso(T0) }, { nameOrId: "x" }];
    for (const query of shapes) expect(plan(query)).not.toContain("TEMP B-TREE");
    db.close();
  });

  it("never hands one execution to two processes claiming at once", async () => {
    const store = await open({ synchronous: "NORMAL" });
    const ids: string[] = [];
    for (let i = 0; i < 150; i++) ids.push((await createExecution(store, { nextWakeAt: T0 + i })).executionId);
    const workers = ["proc-a", "proc-b"].map((owner) => startClaimWorker(path, owner, T0 + 1000));
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    const [aIds, bIds] = (await Promise.all(workers.map((w) => w.result))) as [string[], string[]];
    expect(aIds.filter((id) => bIds.includes(id))).toEqual([]);
    expect([...aIds, ...bIds].sort()).toEqual([...ids].sort());
    for (const id of aIds) expect((await store.executions.get(id))?.leaseOwner).toBe("proc-a");
    for (const id of bIds) expect((await store.executions.get(id))?.leaseOwner).toBe("proc-b");
  }, 90_000);
});
