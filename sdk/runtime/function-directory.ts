/**
 * Which functions a chained invoke can reach from this worker: its own (the registry), and the
 * durable functions other workers have published to the store. A durable target becomes a child
 * execution in the store, which the worker that has its function claims; so a handler may invoke
 * a durable function that only another worker runs, as a Lambda function may invoke any function
 * of its account. A plain function runs inside the calling worker, so only this worker's own
 * plain functions can be invoked.
 *
 * The checkpoint that starts an invoke decides its target's kind inside a pure transaction
 * body, so the store's list is read ahead (at start, then at most every `refreshMs`) and looked
 * up synchronously. A function published elsewhere since the last read is found after the next.
 */
import type { DurableStore, FunctionRecord } from "../store/types";
import type { Clock } from "./clock";
import type { FunctionRegistry } from "./registry";

export interface DurableTarget {
  executionTimeoutSeconds?: number;
}

export class FunctionDirectory {
  private published = new Map<string, FunctionRecord>();
  private nextRefreshAt = 0;
  private refreshing?: Promise<void>;

  constructor(
    private readonly store: DurableStore,
    private readonly registry: FunctionRegistry,
    private readonly clock: Clock,
    private readonly refreshMs = 5_000,
  ) {}

  /** The kind of target a chained invoke of `name` starts, or undefined when none can run it. */
  kindOf(name: string): "durable" | "plain" | undefined {
    const own = this.registry.get(name);
    if (own) return own.kind;
    return this.published.get(name)?.kind === "durable" ? "durable" : undefined;
  }

  /** The durable function `name` as a child execution needs it, or undefined when there is none. */
  durableTarget(name: string): DurableTarget | undefined {
    const own = this.registry.get(name);
    if (own) return own.kind === "durable" ? { executionTimeoutSeconds: own.options.executionTimeoutSeconds } : undefined;
    const published = this.published.get(name);
    return published?.kind === "durable" ? { executionTimeoutSeconds: published.executionTimeoutSeconds } : undefined;
  }

  /** Reads the store's function list when the last read is older than `refreshMs` (or `force`). */
  refresh(force = false): Promise<void> {
    const now = this.clock.now();
    if (this.refreshing) return this.refreshing;
    if (!force && now < this.nextRefreshAt) return Promise.resolve();
    this.nextRefreshAt = now + this.refreshMs;
    this.refreshing = this.store.functions
      .list()
      .then((records) => {
        this.published = new Map(records.map((record) => [record.name, record]));
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }
}
