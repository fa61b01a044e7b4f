/**
 * A FULL SQLite store syncs its WAL itself, off the event loop (wal-sync.ts): a write is
 * committed (other connections see it) but answered only once a sync that began after its commit
 * has finished; commits made while a sync runs share the next one; a failed sync fails its writes
 * and every later one; a write alone in its group, with no sync running, is synced on the event
 * loop before it is answered. The sync is gated here (a power cut cannot be staged); the SQLite file,
 * its WAL and the second connection are real.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { newExecution } from "./conformance/fixtures";
import { SqliteStore } from "../../sdk/store/sqlite";
import { WalSync } from "../../sdk/store/sqlite/wal-sync";

/** A promise whose settling the test decides. */
function gate() {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<void>((resolve, reject) => ((open = resolve), (fail = reject)));
  return { promise, open, fail };
}

/** Whether `promise` has settled by the time the event loop has turned a few times. */
async function settledSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe("FULL SQLite store: commits are answered after the store's own WAL sync", () => {
  let dir: string;
  let file: string;
  let store: SqliteStore;
  let reader: Database.Database;
  const syncs: Array<ReturnType<typeof gate>> = [];
  let syncNow: ReturnType<typeof vi.spyOn>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "wal-sync-"));
    file = join(dir, "durable.db");
    store = new SqliteStore({ path: file });
    await store.init();
    reader = new Database(file, { readonly: true });
    syncs.length = 0;
    vi.spyOn(WalSync.prototype, "sync").mockImplementation(() => {
      const g = gate();
      syncs.push(g);
      return g.promise;
    });
    syncNow = vi.spyOn(WalSync.prototype, "syncNow");
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const g of syncs) g.open();
    await store.close();
    reader.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const visible = (executionId: string) => reader.prepare("SELECT 1 FROM executions WHERE execution_id = ?").get(executionId) !== undefined;

  /** Two writes in one turn: a group of two, synced off the event loop. */
  const createTwo = () => {
    const inputs = [newExecution(), newExecution()];
    return { inputs, written: Promise.all(inputs.map((input) => store.executions.create(input))) };
  };

  it("holds the answers of writes committed together until the sync after them finishes", async () => {
    const { inputs, written } = createTwo();
    expect(await settledSoon(written)).toBe(false);
    // Committed (another connection reads them) and syncing, but not answered.
    for (const input of inputs) expect(visible(input.execution.executionId)).toBe(true);
    expect(syncs).toHaveLength(1);
    syncs[0]!.open();
    await expect(written).resolves.toMatchObject([{ created: true }, { created: true }]);
    expect(syncNow).not.toHaveBeenCalled();
  });

  it("syncs a write alone in its turn on the event loop, after its commit and before its answer", async () => {
    const lone = newExecution();
    const seenBySync: boolean[] = [];
    syncNow.mockImplementationOnce(() => {
      seenBySync.push(visible(lone.execution.executionId));
      throw Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" });
    });
    await expect(store.executions.create(lone)).rejects.toThrow(/could not make its commits durable.*EIO/);
    expect(seenBySync).toEqual([true]);
    expect(syncs).toHaveLength(0);
  });

  it("makes writes committed during a sync wait for the next one, which they share", async () => {
    const first = createTwo().written;
    await settledSoon(first);
    expect(syncs).toHaveLength(1);
    const later = [newExecution(), newExecution(), newExecution()];
    const laterWrites = later.map((input) => store.executions.create(input));
    expect(await settledSoon(Promise.all(laterWrites))).toBe(false);
    for (const input of later) expect(visible(input.execution.executionId)).toBe(true);
    // The later commits are not covered by the sync that began before them.
    expect(syncs).toHaveLength(1);
    syncs[0]!.open();
    await first;
    expect(await settledSoon(Promise.all(laterWrites))).toBe(false);
    expect(syncs).toHaveLength(2);
    syncs[1]!.open();
    await expect(Promise.all(laterWrites)).resolves.toHaveLength(3);
    expect(syncs).toHaveLength(2);
  });

  it("answers a claim and a heartbeat at their commit, while the durable writes of their group wait for its sync", async () => {
    const due = newExecution({ nextWakeAt: 0 });
    await store.executions.create(due);
    const { written } = createTwo();
    const claimed = store.scheduling.claimDue({ now: 1, owner: "w", leaseMs: 1000, limit: 10, newToken: () => "t" });
    const beat = store.workers.put({
      workerId: "w",
      host: "h",
      pid: 1,
      functions: [],
      heartbeatIntervalMs: 5000,
      leaseMs: 1000,
      running: 0,
      startedTimestamp: "2026-01-01T00:00:00.000Z",
      lastHeartbeatTimestamp: "2026-01-01T00:00:00.000Z",
    });
    expect(await settledSoon(Promise.all([claimed, beat]))).toBe(true);
    expect((await claimed).map((e) => e.executionId)).toEqual([due.execution.executionId]);
    // The two starts beside them: committed in the same transaction, answered after the sync.
    expect(syncs).toHaveLength(1);
    expect(await settledSoon(written)).toBe(false);
    syncs[0]!.open();
    await expect(written).resolves.toHaveLength(2);
  });

  it("answers a claim at its commit even when the sync of its group then fails, and refuses every write after that", async () => {
    const due = [newExecution({ nextWakeAt: 0 }), newExecution({ nextWakeAt: 0 })];
    for (const input of due) await store.executions.create(input);
    const { written } = createTwo();
    const claim = () => store.scheduling.claimDue({ now: 1, owner: "w", leaseMs: 1000, limit: 1, newToken: () => "t" });
    const [claimed] = await claim();
    syncs[0]!.fail(Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" }));
    await expect(written).rejects.toThrow(/could not make its commits durable/);
    // The claimer's next write under the token (its prelude) is refused: no handler runs on it.
    await expect(store.transact(claimed!.executionId, { checkpointToken: "t" }, () => ({ mutation: {} }))).rejects.toThrow(/could not make its commits durable/);
    await expect(claim()).rejects.toThrow(/could not make its commits durable/);
  });

  it("fails the writes of a failed sync and those committed while it ran, then refuses every later write and writes nothing", async () => {
    const created = createTwo().written;
    await settledSoon(created);
    const duringSync = createTwo().written;
    await settledSoon(duringSync);
    syncs[0]!.fail(Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" }));
    await expect(created).rejects.toThrow(/could not make its commits durable.*EIO/);
    // A second sync might well succeed, over a WAL whose failed pages are gone: it is not tried.
    await expect(duringSync).rejects.toThrow(/could not make its commits durable.*EIO/);
    const refused = newExecution();
    await expect(store.executions.create(refused)).rejects.toThrow(/could not make its commits durable/);
    expect(visible(refused.execution.executionId)).toBe(false);
    expect(syncs).toHaveLength(1);
  });

  it("fails the writes and still closes when a sync throws before it starts", async () => {
    vi.mocked(WalSync.prototype.sync).mockImplementationOnce(() => {
      throw new Error("EBADF: bad file descriptor");
    });
    await expect(createTwo().written).rejects.toThrow(/could not make its commits durable.*EBADF/);
    await store.close(); // must not wait for a sync that will never come
  });

  it("answers writes in flight before close() lets the connection go", async () => {
    const created = createTwo().written;
    await settledSoon(created);
    const closed = store.close();
    expect(await settledSoon(closed)).toBe(false);
    syncs[0]!.open();
    await expect(created).resolves.toHaveLength(2);
    await closed;
  });
});

describe("WalSync on a real file", () => {
  it("syncs the WAL beside the real file when the store's path is a symlink", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wal-sync-link-"));
    try {
      mkdirSync(join(dir, "real"));
      const target = join(dir, "real", "durable.db");
      new Database(target).close();
      const link = join(dir, "link.db");
      symlinkSync(target, link);
      const store = new SqliteStore({ path: link });
      await store.init();
      // Both a lone write (synced inline) and a group (synced on the thread pool).
      await store.executions.create(newExecution());
      await Promise.all([store.executions.create(newExecution()), store.executions.create(newExecution())]);
      await store.close();
      expect(existsSync(`${link}-wal`)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("syncs an existing WAL, and rejects when the database has no WAL file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wal-sync-real-"));
    try {
      const file = join(dir, "w.db");
      const db = new Database(file);
      db.pragma("journal_mode = WAL");
      db.exec("CREATE TABLE t (v)");
      const sync = new WalSync(file);
      await expect(sync.sync()).resolves.toBeUndefined();
      expect(() => sync.syncNow()).not.toThrow();
      sync.close();
      db.close();
      const missing = new WalSync(join(dir, "none.db"));
      await expect(missing.sync()).rejects.toMatchObject({ code: "ENOENT" });
      expect(() => missing.syncNow()).toThrow(/ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
