/**
 * Durability of a FULL store, off the event loop. SQLite's own `synchronous=FULL` fsyncs the WAL
 * inside COMMIT, on the calling thread: with better-sqlite3 that is the event loop, which then
 * sits idle for the length of an fsync per group commit (about a third of a busy worker's time
 * on this machine's disk). Instead a FULL store runs its connection at `synchronous=NORMAL`
 * (commits are written to the WAL, checkpoints are synced, nothing is synced per commit) and
 * syncs the WAL file itself from libuv's thread pool, answering a write only once a sync that
 * started after its commit has finished (group-commit.ts; the writes that may be answered at their
 * commit, claims and heartbeats, are those whose loss is the same as their never having happened).
 * The WAL is append-only and fdatasync flushes the whole file, so one sync makes every commit
 * before it durable: what FULL promises for an acknowledged write, with the JavaScript of the
 * next writes running while the disk works.
 *
 * A write alone in its group, with no sync running, is synced on the event loop instead
 * (`syncNow`): a lone writer (one execution stepping through its handler) has nothing to overlap
 * with the disk, and the trip to the thread pool and back would only add its latency to every step.
 *
 * What it does not give: another connection may read a commit before it is durable (with
 * SQLite's FULL it could not), so a power cut can take back something a reader saw. No writer
 * of this store acts on its own write before it is answered.
 */
import { closeSync, fdatasync, fdatasyncSync, fsyncSync, openSync } from "node:fs";
import { dirname } from "node:path";

export class WalSync {
  #fd: number | undefined;
  #directorySynced = false;

  /** `databasePath`: the SQLite file (its WAL is `<path>-wal`, which lives as long as a connection is open). */
  constructor(private readonly databasePath: string) {}

  /** Resolves once every commit made before the call is on disk; the disk is waited for on libuv's thread pool. */
  async sync(): Promise<void> {
    await onThreadPool((done) => fdatasync(this.#wal(), done));
    this.#syncDirectoryOnce();
  }

  /** The same, blocking the calling thread until the disk is done. */
  syncNow(): void {
    fdatasyncSync(this.#wal());
    this.#syncDirectoryOnce();
  }

  /** The WAL's descriptor, opened on first use (the file exists once the connection has written). */
  #wal(): number {
    this.#fd ??= openSync(`${this.databasePath}-wal`, "r");
    return this.#fd;
  }

  /**
   * A newly created WAL's directory entry must be durable too (SQLite's FULL does the same once).
   * Once per store, at its first sync (the store's init() makes that one), so it blocks only there.
   */
  #syncDirectoryOnce(): void {
    if (this.#directorySynced) return;
    const directory = openSync(dirname(this.databasePath), "r");
    try {
      fsyncSync(directory);
    } finally {
      closeSync(directory);
    }
    this.#directorySynced = true;
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}

function onThreadPool(call: (done: (error: NodeJS.ErrnoException | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => call((error) => (error ? reject(error) : resolve())));
}
