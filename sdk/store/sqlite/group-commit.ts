import type Database from "better-sqlite3";

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive in the same event-loop turn (checkpoints of many concurrent
 * invocations, starts of many executions) share one SQLite transaction, so they share one fsync.
 * Each write still runs in its own savepoint: one that throws (a stale token, a failed build) is
 * rolled back alone and rejected alone, and every caller is answered only after the commit —
 * a checkpoint is never acknowledged before it is durable.
 */
export class GroupCommitter {
  #pending: Pending[] = [];
  #scheduled = false;
  readonly #runAll: Database.Transaction<(batch: Pending[]) => Array<{ ok: true; value: unknown } | { ok: false; error: unknown }>>;
  readonly #runOne: Database.Transaction<(work: () => unknown) => unknown>;

  /** Largest number of writes folded into one transaction (bounds how long the write lock is held). */
  static readonly MAX_BATCH = 256;

  constructor(db: Database.Database) {
    // A transaction function called inside another becomes a savepoint (better-sqlite3).
    this.#runOne = db.transaction((work: () => unknown) => work());
    this.#runAll = db.transaction((batch: Pending[]) =>
      batch.map((item) => {
        try {
          return { ok: true as const, value: this.#runOne(item.work) };
        } catch (error) {
          return { ok: false as const, error };
        }
      }),
    );
  }

  /** Runs `work` inside the next group transaction; resolves once that transaction committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0, GroupCommitter.MAX_BATCH);
      if (batch.length === 1) {
        this.#flushOne(batch[0]);
        continue;
      }
      let outcomes;
      try {
        outcomes = this.#runAll.immediate(batch);
      } catch (error) {
        // BEGIN or COMMIT itself failed (e.g. the database is locked past the busy timeout).
        for (const item of batch) item.reject(error);
        continue;
      }
      batch.forEach((item, i) => {
        const outcome = outcomes[i];
        if (outcome.ok) item.resolve(outcome.value);
        else item.reject(outcome.error);
      });
    }
  }

  /** A write alone in its turn needs no savepoint: its own transaction rolls back the same. */
  #flushOne(item: Pending): void {
    let value: unknown;
    try {
      value = this.#runOne.immediate(item.work);
    } catch (error) {
      item.reject(error);
      return;
    }
    item.resolve(value);
  }
}
