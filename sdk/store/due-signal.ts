/**
 * Tells the workers in this process that a write made an execution due (or moved when one is
 * due), so a worker sharing the store object polls at once rather than at the end of its sleep:
 * a `DurableClient.startExecution` in the same process is claimed in the same turn. Writes made
 * by other processes are still found by polling.
 *
 * `notify()` may be called from inside a write transaction: better-sqlite3 runs a transaction
 * synchronously, so the listeners (called in a microtask) run only after it committed. All the
 * notifications of one turn reach each listener once. A notification for a write that was rolled
 * back costs a listener one needless poll, nothing more.
 */
export class DueSignal {
  readonly #listeners = new Set<() => void>();
  #queued = false;

  /** Calls `listener` after writes that made something due; returns the unsubscribe. */
  watch(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  notify(): void {
    if (this.#queued || this.#listeners.size === 0) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      for (const listener of [...this.#listeners]) listener();
    });
  }
}
