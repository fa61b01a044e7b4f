import type {
  CheckpointLogEntry,
  CheckpointResponse,
  DurableExecutionClient,
  Operation,
  OperationUpdate,
} from "../types/wire";
import { Limits } from "../types/wire";

interface QueuedUpdate {
  update: OperationUpdate;
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface CheckpointQueueHooks {
  /** Operations the backend reports as changed (by this checkpoint, a timer or an outside answer). */
  onOperations(operations: Operation[]): void;
  /** The queue has nothing pending and nothing in flight. */
  onIdle(): void;
  /** A checkpoint call failed: the invocation cannot go on. */
  onFailure(error: unknown): void;
}

/**
 * Batches operation updates and logs into CheckpointDurableExecution calls, one call in flight
 * at a time, each presenting the token the previous one returned. Updates queued in the same
 * event-loop turn share a call: a fast step's START and SUCCEED usually commit together, which
 * is what keeps a step near one durable commit.
 */
export class CheckpointQueue {
  #token: string;
  #pending: QueuedUpdate[] = [];
  #pendingPolls: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  #logs: CheckpointLogEntry[] = [];
  #inFlight = false;
  #scheduled = false;
  #failed: unknown = undefined;

  constructor(
    private readonly client: DurableExecutionClient,
    private readonly arn: string,
    token: string,
    private readonly hooks: CheckpointQueueHooks,
  ) {
    this.#token = token;
  }

  get isIdle(): boolean {
    return !this.#inFlight && !this.#scheduled && this.#pending.length === 0 && this.#pendingPolls.length === 0;
  }

  /** Resolves once the update is durably committed. */
  enqueue(update: OperationUpdate): Promise<void> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ update, bytes: approximateBytes(update), resolve, reject });
      this.#schedule();
    });
  }

  /** Logs ride along with the next checkpoint; they never force one on their own until drain. */
  addLog(entry: CheckpointLogEntry): void {
    this.#logs.push(entry);
  }

  /** An empty checkpoint: asks the backend what changed (timers, outside answers). */
  poll(): Promise<void> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    return new Promise<void>((resolve, reject) => {
      this.#pendingPolls.push({ resolve, reject });
      this.#schedule();
    });
  }

  /** Flushes everything queued, logs included. */
  async drain(): Promise<void> {
    if (this.#failed !== undefined) throw this.#failed;
    if (this.#logs.length > 0 && this.#pending.length === 0) await this.poll();
    while (!this.isIdle) {
      await new Promise<void>((resolve, reject) => {
        this.#pendingPolls.push({ resolve, reject });
        this.#schedule();
      });
    }
    if (this.#failed !== undefined) throw this.#failed;
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    if (this.#inFlight) return;
    const batch = this.#takeBatch();
    const polls = this.#pendingPolls.splice(0);
    const logs = this.#logs.splice(0);
    if (batch.length === 0 && polls.length === 0 && logs.length === 0) {
      this.hooks.onIdle();
      return;
    }
    this.#inFlight = true;
    let response: CheckpointResponse;
    try {
      response = await this.client.checkpoint({
        DurableExecutionArn: this.arn,
        CheckpointToken: this.#token,
        Updates: batch.map((q) => q.update),
        ...(logs.length > 0 ? { Logs: logs } : {}),
      });
    } catch (error) {
      this.#inFlight = false;
      this.#fail(error, batch, polls);
      return;
    }
    this.#inFlight = false;
    if (response.CheckpointToken) this.#token = response.CheckpointToken;
    const changed = response.NewExecutionState?.Operations ?? [];
    if (changed.length > 0) this.hooks.onOperations(changed);
    for (const q of batch) q.resolve();
    for (const p of polls) p.resolve();
    if (this.#pending.length > 0 || this.#pendingPolls.length > 0) this.#schedule();
    else this.hooks.onIdle();
  }

  #takeBatch(): QueuedUpdate[] {
    let bytes = 0;
    let count = 0;
    const maxUpdates = Math.min(Limits.checkpointBatchUpdates, this.client.maxUpdatesPerCheckpoint ?? Infinity);
    while (count < this.#pending.length && count < maxUpdates) {
      const next = this.#pending[count];
      if (count > 0 && bytes + next.bytes > Limits.checkpointBatchBytes) break;
      bytes += next.bytes;
      count++;
    }
    return this.#pending.splice(0, count);
  }

  #fail(error: unknown, batch: QueuedUpdate[], polls: Array<{ reject: (e: unknown) => void }>): void {
    this.#failed = error;
    const rest = this.#pending.splice(0);
    const restPolls = this.#pendingPolls.splice(0);
    for (const q of [...batch, ...rest]) q.reject(error);
    for (const p of [...polls, ...restPolls]) p.reject(error);
    this.hooks.onFailure(error);
  }
}

function approximateBytes(update: OperationUpdate): number {
  return (update.Payload?.length ?? 0) + (update.Error ? JSON.stringify(update.Error).length : 0) + 200;
}
