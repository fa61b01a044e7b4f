/**
 * The store: one interface, many backends (SQLite by default, DynamoDB later). Every backend
 * passes the same conformance suite (`sdk/store/conformance.ts`).
 *
 * Design rules that keep it portable to DynamoDB:
 * - no query joins across executions; an execution's operations, events and logs live under it;
 * - every change to one execution is one `transact` call = one atomic write of at most
 *   ~100 items, conditioned on the execution's `version` (optimistic concurrency) and, for
 *   invocations, on the current `checkpointToken` (the fencing token);
 * - the store never interprets operations: the runtime decides what a checkpoint means
 *   (inside `build`) and the store writes exactly what it was given.
 */
import { brandOf, hasBrand } from "../utils/brand";
import type { ExecutionStatus, HistoryEvent } from "../types/wire";
import type {
  AuditPurgeOptions,
  AuditQuery,
  AuditRecord,
  CallbackPatch,
  CallbackRecord,
  ExecutionRecord,
  FunctionRecord,
  LogRecord,
  OperationRecord,
  OperationWithEvents,
  PendingCallbackQuery,
  PendingCallbackView,
  PurgeOptions,
} from "./records";

export * from "./records";

/** Everything one transaction writes. EventIds and log seqs are assigned by `build`. */
export interface ExecutionMutation {
  /** Fields to change on the execution row. `null` clears a field. `version` is bumped by the store. */
  execution?: ExecutionPatch;
  putOperations?: OperationRecord[];
  events?: HistoryEvent[];
  logs?: LogRecord[];
  /** Creates (or replaces) callback records. */
  putCallbacks?: CallbackRecord[];
  /**
   * Changes callbacks this execution already has. A patch naming a callback that does not exist
   * or belongs to another execution fails the transact with CONFLICT (nothing is written).
   * A callback id appears at most once per mutation, in putCallbacks or in patchCallbacks
   * (DynamoDB cannot write one item twice in a transaction).
   */
  patchCallbacks?: CallbackPatch[];
}

export type ExecutionPatch = {
  [K in Exclude<keyof ExecutionRecord, "executionId" | "version">]?: ExecutionRecord[K] | null;
};

export interface TransactSnapshot {
  execution: ExecutionRecord;
  /** The operations asked for in `TransactOptions.readOperationIds` that exist. */
  operations: Map<string, OperationRecord>;
}

export interface TransactOptions {
  /** When set, the write is refused with STALE_CHECKPOINT_TOKEN unless it equals the execution's token. */
  checkpointToken?: string;
  readOperationIds?: string[];
}

export interface NewExecution {
  execution: ExecutionRecord;
  operations: OperationRecord[];
  events: HistoryEvent[];
}

export interface ExecutionQuery {
  functionName?: string;
  statuses?: ExecutionStatus[];
  /** Matches an execution whose name or id starts with this text. */
  nameOrId?: string;
  startedAfter?: string;
  startedBefore?: string;
  /** Newest first unless true. */
  oldestFirst?: boolean;
  limit?: number;
  cursor?: string;
}

/** The executions of one function started in a time range (see DurableStore.functionWindow). */
export interface FunctionWindowQuery {
  functionName: string;
  /** Inclusive: start >= startedAfter (ISO). */
  startedAfter: string;
  /** Exclusive: start < startedBefore (ISO). */
  startedBefore: string;
}

/**
 * One execution of a function window, as a tuple (a window may hold 100,000s of them):
 * start (epoch ms), status, and duration in ms (max(0, end - start)) when the execution finished
 * (status not RUNNING and an end time recorded), else null.
 */
export type FunctionWindowRow = [startMs: number, status: ExecutionStatus, durationMs: number | null];

export interface FunctionWindow {
  /** Executions per status (every status present, zero when none); sums to rows.length. */
  counts: Record<ExecutionStatus, number>;
  /** Every execution in the window, oldest start first (ties in executionId order). */
  rows: FunctionWindowRow[];
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface HistoryQuery {
  /** Return events with EventId greater than this. */
  afterEventId?: number;
  limit?: number;
  reverse?: boolean;
}

export interface LogQuery {
  operationId?: string;
  afterSeq?: number;
  limit?: number;
}

export interface ClaimOptions {
  now: number;
  owner: string;
  leaseMs: number;
  limit: number;
  /** Fresh fencing token per claimed execution. */
  newToken: () => string;
  /**
   * Only executions of these functions are claimed: the claimer's registered durable functions.
   * Executions of other functions are passed over as if they were not there (they neither count
   * towards `limit` nor hide claimable ones behind them) and stay due for a worker that has them.
   * Undefined: every function (tools and tests); empty: nothing.
   */
  functionNames?: readonly string[];
}

/** Which due executions `nextWakeAt` considers. */
export interface WakeQuery {
  /** Only executions of these functions (see ClaimOptions.functionNames). Undefined: every function. */
  functionNames?: readonly string[];
}

export interface DurableStore {
  readonly kind: string;
  /**
   * The most operation updates one checkpoint may carry on this backend, when fewer than the
   * SDK's 250 fit one atomic write (DynamoDB's 100-item transactions). Undefined: no extra limit.
   */
  readonly maxUpdatesPerCheckpoint?: number;
  /** Creates tables / checks the schema. Idempotent. */
  init(): Promise<void>;
  close(): Promise<void>;

  /**
   * Creates an execution with its first operations and events, atomically. When an execution
   * with the same functionName and name exists, nothing is written and it is returned with
   * `created: false` (the caller decides whether the inputs match).
   */
  createExecution(input: NewExecution): Promise<{ execution: ExecutionRecord; created: boolean }>;
  getExecution(executionId: string): Promise<ExecutionRecord | undefined>;
  findExecutionByName(functionName: string, name: string): Promise<ExecutionRecord | undefined>;
  listExecutions(query: ExecutionQuery): Promise<Page<ExecutionRecord>>;
  /** Count per status for the same filters as listExecutions (statuses/cursor/limit ignored). */
  countExecutionsByStatus(query: ExecutionQuery): Promise<Record<ExecutionStatus, number>>;
  /**
   * Every execution of `functionName` started in [startedAfter, startedBefore): exact, not
   * sampled (cost grows with the executions in the range), without payloads or names. Counts per
   * status and one compact row per execution (FunctionWindowRow), for the console's figures.
   */
  functionWindow(query: FunctionWindowQuery): Promise<FunctionWindow>;
  /** Distinct function names that have executions. */
  listFunctionNames(): Promise<string[]>;

  /** All operations of an execution in start order (seq). */
  listOperations(executionId: string): Promise<OperationRecord[]>;
  getOperation(executionId: string, operationId: string): Promise<OperationRecord | undefined>;
  /**
   * One operation and its own history events in EventId order, without reading the rest of the
   * history: the events listed in the record's `eventIds`, read by key (ids naming no event are
   * skipped). A record without `eventIds` falls back to the events whose `Id` names the
   * operation. Undefined when the execution has no such operation.
   */
  getOperationWithEvents(executionId: string, operationId: string): Promise<OperationWithEvents | undefined>;
  getHistory(executionId: string, query?: HistoryQuery): Promise<Page<HistoryEvent>>;
  getLogs(executionId: string, query?: LogQuery): Promise<Page<LogRecord>>;
  getCallback(callbackId: string): Promise<CallbackRecord | undefined>;
  /**
   * Pending callbacks whose execution is RUNNING, oldest first by (createdAt, callbackId), with a
   * keyset cursor. A callback still marked pending whose execution is not RUNNING is not listed.
   * Throws StoreError INVALID_CURSOR for a cursor it did not make.
   */
  listPendingCallbacks(query?: PendingCallbackQuery): Promise<Page<PendingCallbackView>>;

  /** Upserts functions by name; an existing function keeps its registeredAt. */
  putFunctions(records: FunctionRecord[]): Promise<void>;
  /** Every registered function, by name. */
  listFunctions(): Promise<FunctionRecord[]>;
  getFunction(name: string): Promise<FunctionRecord | undefined>;

  /**
   * Deletes up to `limit` executions that ended (status not RUNNING, endTimestamp set) before
   * `endedBefore`, oldest end first, with their operations, events, logs, callbacks and payloads.
   * An execution without endTimestamp is never purged. Returns how many were deleted.
   */
  purgeExecutions(options: PurgeOptions): Promise<number>;

  /** Appends one audit record. Throws StoreError CONFLICT when a record with its id exists. */
  appendAudit(record: AuditRecord): Promise<void>;
  /**
   * Audit records newest first by (timestamp, id), optionally of one execution, with a keyset
   * cursor. Throws StoreError INVALID_CURSOR for a cursor it did not make.
   */
  listAudit(query?: AuditQuery): Promise<Page<AuditRecord>>;
  /**
   * Deletes up to `limit` audit records timestamped before `before`, oldest first (the audit
   * log's own retention, independent of the executions the records are about). Returns how many.
   */
  purgeAudit(options: AuditPurgeOptions): Promise<number>;

  /**
   * One atomic change to one execution. `build` gets a fresh snapshot and returns what to
   * write; it must be pure (a backend may call it again after a concurrent write). A typed
   * error thrown by `build` aborts the transaction and is rethrown: nothing is written.
   * Throws StoreError STALE_CHECKPOINT_TOKEN or EXECUTION_NOT_FOUND.
   */
  transact<R = void>(
    executionId: string,
    options: TransactOptions,
    build: (snapshot: TransactSnapshot) => { mutation: ExecutionMutation; result?: R },
  ): Promise<{ execution: ExecutionRecord; result: R }>;

  /**
   * Claims up to `limit` RUNNING executions whose nextWakeAt <= now, whose lease is free or
   * expired and whose function is one of `functionNames` (when given): sets leaseOwner,
   * leaseExpiresAt = now + leaseMs and a fresh checkpointToken, in nextWakeAt order. Two
   * concurrent claimers never get the same execution.
   */
  claimDue(options: ClaimOptions): Promise<ExecutionRecord[]>;
  /**
   * Earliest nextWakeAt among RUNNING executions (leased or not) of `query.functionNames` (all
   * functions when not given), for sleeping precisely. A backend that bounds its read may answer
   * earlier than the truth, never later.
   */
  nextWakeAt(query?: WakeQuery): Promise<number | undefined>;
  /**
   * Ended executions whose `followUpAt` <= now (their follow-up may not be done), earliest first,
   * with their payloads (the parent's answer is the result or error).
   */
  listFollowUpsDue(options: { now: number; limit: number }): Promise<ExecutionRecord[]>;
}

export type StoreErrorCode = "STALE_CHECKPOINT_TOKEN" | "EXECUTION_NOT_FOUND" | "CONFLICT" | "INVALID_CURSOR";

const STORE_ERROR = brandOf("StoreError");

/** A store's refusal. Recognise it with `StoreError.is()`, not `instanceof` (sdk/utils/brand). */
export class StoreError extends Error {
  readonly [STORE_ERROR] = true;

  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "StoreError";
  }

  static is(error: unknown): error is StoreError {
    return hasBrand(error, STORE_ERROR);
  }
}
