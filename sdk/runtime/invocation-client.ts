/**
 * The DurableExecutionClient bound to one invocation: the SDK's only door to the store.
 *
 * Each checkpoint is ONE store transaction conditioned on the invocation's current token (the
 * fencing token): it fires this execution's due timers, applies the updates and logs, rotates
 * the token and renews the lease. The response lists every operation whose state changed since
 * the previous response: by this checkpoint, by a timer, or by an outside answer (a callback
 * sent from the console, a chained invoke that finished).
 *
 * Cost stays linear in the work done: nothing reads all operations per checkpoint. The client
 * keeps the few "waiting" operations (waits, pending retries, callbacks, chained invokes) and
 * re-reads only those, only when the execution's version moved by a write that was not ours.
 */
import { DurableExecutionClientError } from "../errors/durable-execution-client-error";
import { StoreError, type DurableStore, type ExecutionRecord, type OperationRecord } from "../store/types";
import type {
  CheckpointRequest,
  CheckpointResponse,
  DurableExecutionClient,
  GetExecutionStateRequest,
  GetExecutionStateResponse,
  Operation,
} from "../types/wire";
import { executionOperationId, processCheckpoint, type CheckpointDeps, type ChainedInvokeStart } from "./checkpoint-processor";
import type { Clock } from "./clock";
import { validateUpdateShape } from "./checkpoint-validation";
import { InvalidCheckpointError } from "./errors";
import { newCheckpointToken } from "./ids";
import { isWaitingOperation } from "./operation-state";
import { operationDueAt } from "./timers";

export const MAX_STATE_PAGE_ITEMS = 1000;
/** How long a claim lasts without a checkpoint or renewal, unless the worker is told otherwise. */
export const DEFAULT_LEASE_MS = 15_000;

export interface CommittedEffects {
  executionId: string;
  chainedInvokeStarts: ChainedInvokeStart[];
  cancelledChildExecutionIds: string[];
}

export interface InvocationClientOptions {
  store: DurableStore;
  clock: Clock;
  /** The execution as this invocation holds it: its current token and version. */
  execution: ExecutionRecord;
  /** The operation records at invocation start (after due timers fired). */
  operations: readonly OperationRecord[];
  /** What `getExecutionState` pages through (the invocation's view; children of finished contexts may be pruned). */
  visibleOperations: readonly Operation[];
  requestId: string;
  leaseMs: number;
  deps: CheckpointDeps;
  /** Called after a committed checkpoint that started or cancelled chained invokes. */
  onCommitted?: (effects: CommittedEffects) => void;
}

export class InvocationClient implements DurableExecutionClient {
  readonly executionId: string;
  readonly arn: string;
  private token: string;
  private lastVersion: number;
  private outsideChangePending = false;
  private fencedFlag = false;
  /** Set when the invocation crashed: its code keeps running, but nothing it sends may land. */
  private closedReason?: string;
  private completedByCheckpoint = false;
  private readonly issuedTokens = new Set<string>();
  private readonly waiting = new Map<string, OperationRecord>();
  /**
   * Ids of the operations the execution has. Only the invocation holding the token creates
   * operations (outside writers answer existing ones), so an update for an id not here starts a
   * new operation, and the store need not look for it.
   */
  private readonly existingIds = new Set<string>();
  private tail: Promise<unknown> = Promise.resolve();
  /** When the handler passed its last recorded operation (epoch ms), as its SDK reported it. */
  private replayEndedAtMs?: number;

  /** The store's limit, passed to the SDK so it never sends a checkpoint the store cannot write whole. */
  get maxUpdatesPerCheckpoint(): number | undefined {
    return this.options.store.maxUpdatesPerCheckpoint;
  }

  constructor(private readonly options: InvocationClientOptions) {
    const token = options.execution.checkpointToken;
    if (!token) throw new TypeError("the execution holds no checkpoint token: claim it first");
    this.executionId = options.execution.executionId;
    this.arn = options.execution.arn;
    this.token = token;
    this.issuedTokens.add(token);
    this.lastVersion = options.execution.version;
    for (const record of options.operations) {
      this.existingIds.add(record.operation.Id);
      if (isWaitingOperation(record.operation)) this.waiting.set(record.operation.Id, record);
    }
  }

  get checkpointToken(): string {
    return this.token;
  }

  /** The SDK's word that replay is over (DurableExecutionClient extension): the first one counts. */
  replayEnded(): void {
    this.replayEndedAtMs ??= this.options.clock.now();
  }

  /** When replay ended, or undefined when the handler had nothing to replay (or its SDK does not say). */
  get replayEndedAt(): number | undefined {
    return this.replayEndedAtMs;
  }

  /**
   * Refuses every call from the handler's code from now on: Lambda would have killed a crashed
   * invocation, so whatever its leftover code does must not reach the store. A checkpoint already
   * committing still lands (calls are serialized; each checks this as it starts), and the
   * invocation's completion waits for it (`idle()`) before writing the invocation's end.
   */
  close(reason: string): void {
    this.closedReason ??= reason;
  }

  /** True once the store refused this invocation's token (another owner, or the execution was stopped). */
  get fenced(): boolean {
    return this.fencedFlag;
  }

  /** True when the SDK checkpointed the execution's own outcome (EXECUTION SUCCEED/FAIL). */
  get executionCompletedByCheckpoint(): boolean {
    return this.completedByCheckpoint;
  }

  /** Has something other than this invocation written the execution since we last looked? */
  outsideChangeSince(version: number): boolean {
    return this.outsideChangePending || version !== this.lastVersion;
  }

  /** The operations this invocation knows to be waiting on a timer or an outside answer. */
  waitingOperations(): OperationRecord[] {
    return [...this.waiting.values()];
  }

  /** Resolves when no checkpoint or lease renewal is in flight. */
  async idle(): Promise<void> {
    await this.tail.catch(() => undefined);
  }

  async getExecutionState(request: GetExecutionStateRequest): Promise<GetExecutionStateResponse> {
    this.checkOpen();
    this.checkArn(request.DurableExecutionArn);
    if (this.fencedFlag || !this.issuedTokens.has(request.CheckpointToken)) throw staleTokenError(this.executionId);
    const all = this.options.visibleOperations;
    const start = request.Marker === undefined ? 0 : Number(request.Marker);
    if (!Number.isSafeInteger(start) || start < 0 || start > all.length || (request.Marker !== undefined && !/^\d+$/.test(request.Marker))) {
      throw new DurableExecutionClientError(`Invalid Marker ${JSON.stringify(request.Marker)}`, { scope: "EXECUTION" });
    }
    const max = clampPage(request.MaxItems);
    const end = Math.min(all.length, start + max);
    const response: GetExecutionStateResponse = { Operations: all.slice(start, end) };
    if (end < all.length) response.NextMarker = String(end);
    return response;
  }

  checkpoint(request: CheckpointRequest): Promise<CheckpointResponse> {
    return this.serialized(() => this.checkpointNow(request));
  }

  /** Pushes the lease forward without rotating the token. False when the invocation was fenced. */
  renewLease(): Promise<boolean> {
    return this.serialized(async () => {
      if (this.fencedFlag) return false;
      const now = this.options.clock.now();
      try {
        const { execution, result } = await this.options.store.transact(
          this.executionId,
          { checkpointToken: this.token },
          (snapshot) => ({
            mutation: { execution: { leaseExpiresAt: now + this.options.leaseMs } },
            result: snapshot.execution.version !== this.lastVersion,
          }),
        );
        if (result) this.outsideChangePending = true;
        this.lastVersion = execution.version;
        return true;
      } catch (error) {
        if (StoreError.is(error) && error.code === "STALE_CHECKPOINT_TOKEN") {
          this.fencedFlag = true;
          return false;
        }
        throw error;
      }
    });
  }

  private async checkpointNow(request: CheckpointRequest): Promise<CheckpointResponse> {
    this.checkOpen();
    this.checkArn(request.DurableExecutionArn);
    if (this.fencedFlag || request.CheckpointToken !== this.token) throw staleTokenError(this.executionId);
    const updates: unknown[] = Array.isArray(request.Updates) ? request.Updates : [];
    if (this.completedByCheckpoint && updates.length > 0) {
      throw new DurableExecutionClientError("the execution has already completed", { scope: "EXECUTION" });
    }
    const changed = new Map<string, OperationRecord>();
    let outside = false;
    // A checkpoint larger than the store writes atomically (DynamoDB: 100 items) is committed as
    // consecutive checkpoints, in order. Each part is a valid checkpoint on its own (the SDK queues
    // updates independently), so a crash between parts leaves a state the SDK could have produced
    // with smaller batches. Our SDK never sends one this large; the official SDK does not know
    // the store's limit.
    const parts = splitUpdates(request.Updates, updates, this.options.store.maxUpdatesPerCheckpoint);
    if (parts.length > 1) {
      // Malformed input must change nothing: check every part's shape before the first commits.
      try {
        updates.forEach((update, index) => validateUpdateShape(update, index));
      } catch (error) {
        throw this.translate(error);
      }
    }
    for (const [index, part] of parts.entries()) {
      const last = index === parts.length - 1;
      const committed = await this.commit(part, last ? request.Logs : undefined);
      outside ||= committed.outside;
      for (const record of committed.changedOperations) changed.set(record.operation.Id, record);
    }
    if (outside || this.outsideChangePending) {
      this.outsideChangePending = false;
      for (const [id, known] of this.waiting) {
        if (changed.has(id)) continue;
        const fresh = await this.options.store.operations.get(this.executionId, id);
        if (fresh && JSON.stringify(fresh.operation) !== JSON.stringify(known.operation)) changed.set(id, fresh);
      }
    }
    for (const record of changed.values()) {
      if (isWaitingOperation(record.operation)) this.waiting.set(record.operation.Id, record);
      else this.waiting.delete(record.operation.Id);
    }
    return {
      CheckpointToken: this.token,
      NewExecutionState: { Operations: [...changed.values()].map((record) => record.operation) },
    };
  }

  /** One store transaction under the current token: due timers, the updates, the logs; rotates the token. */
  private async commit(updates: unknown, logs: unknown): Promise<{ outside: boolean; changedOperations: OperationRecord[] }> {
    const { store, clock, leaseMs, deps } = this.options;
    const now = clock.now();
    const readIds = new Set<string>();
    for (const update of Array.isArray(updates) ? (updates as unknown[]) : []) {
      const u = update as { Id?: unknown; Type?: unknown; Action?: unknown; ParentId?: unknown } | null;
      if (u && u.Type === "EXECUTION") readIds.add(executionOperationId(this));
      else if (u && typeof u.Id === "string" && this.existingIds.has(u.Id)) readIds.add(u.Id);
      // A new callback is named after its parent CONTEXT when it has no name of its own (the
      // approvals inbox shows it). Only CALLBACK starts read the parent.
      if (u && u.Type === "CALLBACK" && u.Action === "START" && typeof u.ParentId === "string" && this.existingIds.has(u.ParentId)) readIds.add(u.ParentId);
    }
    for (const record of this.waiting.values()) {
      const dueAt = operationDueAt(record);
      if (dueAt !== undefined && dueAt <= now) readIds.add(record.operation.Id);
    }
    const nextToken = newCheckpointToken();
    let committed;
    try {
      committed = await store.transact(this.executionId, { checkpointToken: this.token, readOperationIds: [...readIds] }, (snapshot) => {
        const result = processCheckpoint({
          execution: snapshot.execution,
          operations: snapshot.operations,
          updates,
          logs,
          now,
          requestId: this.options.requestId,
          nextToken,
          leaseExpiresAt: now + leaseMs,
          deps,
        });
        return { mutation: result.mutation, result: { ...result, outside: snapshot.execution.version !== this.lastVersion } };
      });
    } catch (error) {
      throw this.translate(error);
    }
    const { execution, result } = committed;
    for (const record of result.changedOperations) this.existingIds.add(record.operation.Id);
    this.token = nextToken;
    this.issuedTokens.add(nextToken);
    this.lastVersion = execution.version;
    if (result.executionOutcome) this.completedByCheckpoint = true;
    if (result.chainedInvokeStarts.length > 0 || result.cancelledChildExecutionIds.length > 0) {
      this.options.onCommitted?.({
        executionId: this.executionId,
        chainedInvokeStarts: result.chainedInvokeStarts,
        cancelledChildExecutionIds: result.cancelledChildExecutionIds,
      });
    }
    return { outside: result.outside, changedOperations: result.changedOperations };
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Invocation scope: the SDK ends the invocation (not the execution), as for a stale token. */
  private checkOpen(): void {
    if (this.closedReason !== undefined) throw new DurableExecutionClientError(this.closedReason, { scope: "INVOCATION" });
  }

  private checkArn(arn: string): void {
    if (arn !== this.arn) {
      throw new DurableExecutionClientError(`this invocation belongs to ${this.arn}, not ${String(arn)}`, { scope: "EXECUTION" });
    }
  }

  private translate(error: unknown): Error {
    if (StoreError.is(error) && error.code === "STALE_CHECKPOINT_TOKEN") {
      this.fencedFlag = true;
      return staleTokenError(this.executionId, error);
    }
    if (StoreError.is(error) && error.code === "EXECUTION_NOT_FOUND") {
      return new DurableExecutionClientError(error.message, { scope: "EXECUTION", cause: error });
    }
    if (InvalidCheckpointError.is(error)) {
      return new DurableExecutionClientError(`Invalid checkpoint: ${error.message}`, { scope: "EXECUTION", cause: error });
    }
    // Anything else (a busy database, a full disk) is transient: let a new invocation retry.
    return new DurableExecutionClientError(error instanceof Error ? error.message : String(error), { scope: "INVOCATION", cause: error });
  }
}

/** Lambda answers a stale token with "Invalid Checkpoint Token"; the SDK ends the invocation (not the execution). */
export function staleTokenError(executionId: string, cause?: unknown): DurableExecutionClientError {
  return new DurableExecutionClientError(`Invalid Checkpoint Token: the token is not current for execution ${executionId}`, {
    scope: "INVOCATION",
    cause,
  });
}

/** The request's updates in parts of at most `limit` (one part, as given, when they fit or are malformed). */
function splitUpdates(raw: unknown, updates: unknown[], limit: number | undefined): unknown[] {
  if (!Array.isArray(raw) || limit === undefined || updates.length <= limit) return [raw];
  const parts: unknown[] = [];
  for (let i = 0; i < updates.length; i += limit) parts.push(updates.slice(i, i + limit));
  return parts;
}

function clampPage(maxItems: number | undefined): number {
  if (maxItems === undefined || !Number.isFinite(maxItems)) return MAX_STATE_PAGE_ITEMS;
  return Math.min(MAX_STATE_PAGE_ITEMS, Math.max(1, Math.floor(maxItems)));
}
