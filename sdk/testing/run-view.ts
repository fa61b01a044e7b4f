/**
 * What the test runner's handles see of a run, kept current while the handler runs: the runner's
 * store reports every write, and the view is read again soon after (one read at a time, the
 * latest wins). So `waitForData(STARTED)` on a step resolves while the step's body still runs,
 * as on the official runner, not only when the invocation ends.
 */
import { SqliteStore } from "../store/sqlite";
import type { DurableStore, ExecutionMutation, ExecutionRecord, TransactOptions, TransactSnapshot } from "../store/types";
import type { HistoryEvent } from "../types/wire";
import { TERMINAL_EXECUTION_STATUSES } from "../types/wire";
import type { RunView } from "./operation-handle";

/** A SQLite store that calls `onWrite` after each committed transaction. */
export class WatchedSqliteStore extends SqliteStore {
  onWrite?: () => void;

  override transact<R = void>(
    executionId: string,
    options: TransactOptions,
    build: (snapshot: TransactSnapshot) => { mutation: ExecutionMutation; result?: R },
  ): Promise<{ execution: ExecutionRecord; result: R }> {
    const done = super.transact(executionId, options, build);
    done.then(
      () => this.onWrite?.(),
      () => undefined,
    );
    return done;
  }
}

/** Reads the execution's operations and its whole history. */
export async function readRunView(store: DurableStore, executionId: string): Promise<RunView> {
  const execution = await store.executions.get(executionId);
  const operations = (await store.operations.list(executionId)).map((r) => r.operation);
  const events: HistoryEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await store.history.list(executionId, { afterEventId: after, limit: 1000 });
    events.push(...page.items);
    if (!page.nextCursor || page.items.length === 0) break;
    after = page.items[page.items.length - 1].EventId;
  }
  return { operations, events, finished: execution ? TERMINAL_EXECUTION_STATUSES.includes(execution.status) : true };
}

/** Serialised refreshes of the handles: `now()` for the runner's own rounds, `soon()` after a write. */
export class LiveView {
  #chain: Promise<RunView | undefined> = Promise.resolve(undefined);
  #scheduled = false;
  #stopped = false;

  constructor(private readonly refresh: () => Promise<RunView>) {}

  /** Refreshes after whatever refresh is in flight; resolves with the view it showed. */
  now(): Promise<RunView> {
    const next = this.#chain.then(() => this.refresh());
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /** Refreshes once the current event-loop turn is over; many writes in a row cost one read. */
  soon(): void {
    if (this.#scheduled || this.#stopped) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#stopped) void this.now().catch(() => undefined);
    });
  }

  /** No more refreshes after a write; resolves once the one in flight is done. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#chain;
  }
}
