import type Database from "better-sqlite3";

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Answered only once the commit is durable (see `run`). */
  durable: boolean;
}

/** A committed write waiting to be answered: its outcome, held until the commit is durable. */
interface Answer {
  item: Pending;
  ok: boolean;
  value: unknown;
}

/** Makes every commit made so far durable (wal-sync.ts); absent, a commit is answered as it returns. */
export interface SyncCommits {
  /** Off the event loop; resolves when done. */
  sync(): Promise<void>;
  /** On the calling thread: for a lone write, whose latency the trip to another thread would only add to. */
  syncNow(): void;
}

/**
 * Group commit: writes that arrive in the same event-loop turn (checkpoints of many concurrent
 * invocations, starts of many executions) share one SQLite transaction, so they share one sync.
 * A write that throws (a stale token, a failed build) is undone alone and rejected alone, and
 * every caller is answered only after the commit — and, with `sync`, only after a sync that
 * began after it — so a checkpoint is never acknowledged before it is durable (a write whose
 * loss would be harmless may ask to be answered at its commit: see `run`).
 *
 * Undoing one write alone needs a savepoint around it, and a savepoint is not cheap: SQLite
 * copies every page a write touches into the savepoint's journal first (in a busy worker, the
 * savepoints cost about a tenth of the event loop). So a group runs its writes bare, and only
 * when one throws does it roll the whole transaction back and run the group again, the writes
 * before the one that threw bare (their outcome is known: they succeeded on the same state) and
 * the rest each in its own savepoint. The work a write does must therefore be a pure function of
 * the database (a transact's build already must be: see DurableStore.transact); a group with a
 * failure costs about twice its work, a group without one costs no savepoint at all.
 *
 * With `sync`, one sync runs at a time and the commits made while it runs wait for the next, so
 * the event loop keeps building writes while the disk works and a slow disk means bigger groups,
 * not a stalled process. A durable write alone in its turn (beside it, at most writes answered
 * at their commit), with no sync running, is synced at once on the event loop: there is nothing
 * to overlap with, and a sequential writer's every step would otherwise pay two thread hand-offs.
 */
export class GroupCommitter {
  #pending: Pending[] = [];
  #scheduled = false;
  #unsynced: Answer[] = [];
  #syncing: Promise<void> | undefined;
  /** A failed sync leaves the file's durable state unknown: later writes are refused with this. */
  #syncFailure: Error | undefined;
  readonly #runAll: Database.Transaction<(batch: Pending[], guardedFrom: number) => Array<{ ok: true; value: unknown } | { ok: false; error: unknown }>>;
  readonly #runOne: Database.Transaction<(work: () => unknown) => unknown>;

  /** Largest number of writes folded into one transaction (bounds how long the write lock is held). */
  static readonly MAX_BATCH = 256;

  constructor(
    db: Database.Database,
    private readonly sync?: SyncCommits,
    /** Called when a transaction was rolled back whole (BEGIN or COMMIT threw, or a bare write did): nothing its writes did was kept. */
    private readonly onTransactionFailed?: () => void,
  ) {
    // A transaction function called inside another becomes a savepoint (better-sqlite3).
    this.#runOne = db.transaction((work: () => unknown) => work());
    this.#runAll = db.transaction((batch: Pending[], guardedFrom: number) =>
      batch.map((item, index) => {
        if (index < guardedFrom) {
          try {
            return { ok: true as const, value: synchronously(item.work()) };
          } catch (error) {
            // Leaves the transaction function: better-sqlite3 rolls the whole group back.
            throw new UnguardedWriteFailed(index, error);
          }
        }
        try {
          return { ok: true as const, value: this.#runOne(item.work) };
        } catch (error) {
          // Some errors (a full disk, an I/O error) make SQLite roll the whole transaction back
          // itself: the writes after this one would then run outside it, each committing on its own.
          if (!db.inTransaction) throw error;
          return { ok: false as const, error };
        }
      }),
    );
  }

  /**
   * One group in one transaction: bare at first; after a write threw, again with that write and
   * every one after it in its own savepoint (see the class comment). Throws if BEGIN or COMMIT
   * does, or if SQLite abandoned the transaction under a write.
   */
  #runGroup(batch: Pending[]): Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
    // Each round guards from an earlier write than the last, so this ends: at 0 nothing runs bare.
    // A third round only follows a write that succeeded in the first and threw in the second.
    for (let guardedFrom = batch.length; ; ) {
      try {
        return this.#runAll.immediate(batch, guardedFrom);
      } catch (error) {
        if (!(error instanceof UnguardedWriteFailed)) throw error;
        // The rollback undid what the writes before it had done, records they cached included.
        this.onTransactionFailed?.();
        guardedFrom = error.index;
      }
    }
  }

  /**
   * Runs `work` inside the next group transaction; resolves once that transaction committed and,
   * with `sync`, is durable. `durable: false` answers right after the commit: for a write whose
   * loss in a power cut is the same as its never having happened, and whose consequences reach
   * the disk only through later writes (a claim's lease, a heartbeat). Those are answered after
   * their own sync, which covers every commit before it: the WAL is synced whole, in order.
   */
  run<T>(work: () => T, { durable = true }: { durable?: boolean } = {}): Promise<T> {
    if (this.#syncFailure) return Promise.reject(this.#syncFailure);
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ work, resolve: resolve as (v: unknown) => void, reject, durable });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Resolves once every write handed to `run` so far has been answered. */
  async settled(): Promise<void> {
    while (this.#scheduled || this.#syncing) {
      if (this.#syncing) await this.#syncing;
      // A turn of the event loop each time round: this wait never starves timers and I/O.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#syncFailure) {
      // Nothing more is written once durability is in doubt (see #syncLoop).
      for (const item of this.#pending.splice(0)) item.reject(this.#syncFailure);
      return;
    }
    const answers: Answer[] = [];
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0, GroupCommitter.MAX_BATCH);
      if (batch.length === 1) {
        answers.push(this.#commitOne(batch[0]));
        continue;
      }
      let outcomes;
      try {
        outcomes = this.#runGroup(batch);
      } catch (error) {
        // BEGIN or COMMIT itself failed (e.g. the database is locked past the busy timeout), or
        // SQLite rolled the transaction back under a write: nothing of the group was kept.
        this.onTransactionFailed?.();
        for (const item of batch) answers.push({ item, ok: false, value: error });
        continue;
      }
      batch.forEach((item, i) => {
        const outcome = outcomes[i];
        answers.push(outcome.ok ? { item, ok: true, value: outcome.value } : { item, ok: false, value: outcome.error });
      });
    }
    if (!this.sync) {
      answers.forEach(answer);
      return;
    }
    const toSync = answers.filter((a) => a.item.durable);
    if (toSync.length < answers.length) for (const a of answers) if (!a.item.durable) answer(a);
    if (toSync.length === 0) return;
    if (toSync.length === 1 && !this.#syncing) {
      this.#syncLoneWrite(toSync[0]);
      return;
    }
    this.#unsynced.push(...toSync);
    // Started from a microtask, so that the loop clears #syncing only after it was set, even
    // when a sync fails at once.
    this.#syncing ??= Promise.resolve().then(() => this.#syncLoop());
  }

  #syncLoneWrite(lone: Answer): void {
    try {
      this.sync!.syncNow();
    } catch (error) {
      this.#failSync(error, [lone]);
      return;
    }
    answer(lone);
  }

  /** Rejects `waiting` (a write that had failed keeps its own error) and refuses later writes. */
  #failSync(error: unknown, waiting: Answer[]): void {
    this.#syncFailure ??= new Error(`the store could not make its commits durable (${String(error)}); reopen it`, { cause: error });
    for (const a of waiting) a.item.reject(a.ok ? this.#syncFailure : a.value);
  }

  /** A write alone in its turn needs no savepoint: its own transaction rolls back the same. */
  #commitOne(item: Pending): Answer {
    try {
      return { item, ok: true, value: this.#runOne.immediate(item.work) };
    } catch (error) {
      // The work's own throw or a failed BEGIN/COMMIT: either way nothing it wrote was kept.
      this.onTransactionFailed?.();
      return { item, ok: false, value: error };
    }
  }

  /**
   * After a failed sync the WAL may hold a hole (Linux drops the dirty pages a failed write-back
   * could not write, and reports the error once): a later sync can succeed over commits that
   * recovery would never reach. So the commits made while it ran are failed too, unsynced.
   */
  async #syncLoop(): Promise<void> {
    while (this.#unsynced.length > 0) {
      const waiting = this.#unsynced;
      this.#unsynced = [];
      if (this.#syncFailure) {
        this.#failSync(this.#syncFailure, waiting);
        continue;
      }
      try {
        await this.sync!.sync();
      } catch (error) {
        this.#failSync(error, waiting);
        continue;
      }
      waiting.forEach(answer);
    }
    this.#syncing = undefined;
  }
}

/** A write's work is synchronous: what it awaited would run after the commit, outside the transaction. */
function synchronously(value: unknown): unknown {
  if (typeof (value as { then?: unknown } | null)?.then === "function") throw new TypeError("a group commit's work cannot return a promise");
  return value;
}

/** A write run without a savepoint threw: its group is rolled back and run again (#runGroup). */
class UnguardedWriteFailed extends Error {
  constructor(
    readonly index: number,
    cause: unknown,
  ) {
    super("a write of the group failed outside a savepoint", { cause });
  }
}

function answer(a: Answer): void {
  if (a.ok) a.item.resolve(a.value);
  else a.item.reject(a.value);
}
