/**
 * The store: one interface, many backends (SQLite by default, DynamoDB for scale). Every backend
 * passes the same conformance suite (`tests/store/conformance/suite.ts`).
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
  WorkerRecord,
} from "./records";
import type { JobReads, JobStore } from "./job-store";

export * from "./records";
export * from "./job-records";
export * from "./job-store";

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

/** The executions of one function started in a time range (see ExecutionReads.functionWindow). */
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

/**
 * Executions: the rows the console lists and the runtime claims, each with its payloads.
 * Reads answer with payloads (input, result, error) unless they say otherwise.
 */
export interface ExecutionReads {
  get(executionId: string): Promise<ExecutionRecord | undefined>;
  findByName(functionName: string, name: string): Promise<ExecutionRecord | undefined>;
  list(query: ExecutionQuery): Promise<Page<ExecutionRecord>>;
  /** Count per status for the same filters as `list` (statuses/cursor/limit ignored). */
  countByStatus(query: ExecutionQuery): Promise<Record<ExecutionStatus, number>>;
  /**
   * Every execution of `functionName` started in [startedAfter, startedBefore): exact, not
   * sampled (cost grows with the executions in the range), without payloads or names. Counts per
   * status and one compact row per execution (FunctionWindowRow), for the console's figures.
   */
  functionWindow(query: FunctionWindowQuery): Promise<FunctionWindow>;
  /** Distinct function names that have executions. */
  functionNames(): Promise<string[]>;
}

export interface ExecutionWrites {
  /**
   * Creates an execution with its first operations and events, atomically. When an execution
   * with the same functionName and name exists, nothing is written and it is returned with
   * `created: false` (the caller decides whether the inputs match).
   */
  create(input: NewExecution): Promise<{ execution: ExecutionRecord; created: boolean }>;
  /**
   * Deletes up to `limit` executions that ended (status not RUNNING, endTimestamp set) before
   * `endedBefore`, oldest end first, with their operations, events, logs, callbacks and payloads.
   * An execution without endTimestamp is never purged. Returns how many were deleted.
   */
  purge(options: PurgeOptions): Promise<number>;
}

export interface ExecutionStore extends ExecutionReads, ExecutionWrites {}

/** An execution's operations (written only through `transact`). */
export interface OperationReads {
  /**
   * All operations of an execution in start order (seq). The array is the caller's; the records
   * may be shared with other callers and frozen (the SQLite store keeps long running histories),
   * so a caller that changes one copies it first.
   */
  list(executionId: string): Promise<OperationRecord[]>;
  get(executionId: string, operationId: string): Promise<OperationRecord | undefined>;
  /**
   * One operation and its own history events in EventId order, without reading the rest of the
   * history: the events listed in the record's `eventIds`, read by key (ids naming no event are
   * skipped). A record without `eventIds` falls back to the events whose `Id` names the
   * operation. Undefined when the execution has no such operation.
   */
  getWithEvents(executionId: string, operationId: string): Promise<OperationWithEvents | undefined>;
}

export type OperationStore = OperationReads;

/** An execution's history events (written only through `transact`). */
export interface HistoryReads {
  /**
   * Forward: events with EventId > afterEventId, ascending. Reverse: events with
   * EventId < afterEventId (all when absent), descending. `nextCursor` is the last EventId
   * returned, to pass back as `afterEventId`.
   */
  list(executionId: string, query?: HistoryQuery): Promise<Page<HistoryEvent>>;
}

export type HistoryStore = HistoryReads;

/** An execution's log lines (written only through `transact`). */
export interface LogReads {
  /** Logs with seq > afterSeq, ascending, optionally of one operation; `nextCursor` is the last seq returned. */
  list(executionId: string, query?: LogQuery): Promise<Page<LogRecord>>;
}

export type LogStore = LogReads;

/** Callback ids and what they belong to (written only through `transact`). */
export interface CallbackReads {
  get(callbackId: string): Promise<CallbackRecord | undefined>;
  /**
   * Pending callbacks whose execution is RUNNING, oldest first by (createdTimestamp, callbackId), with a
   * keyset cursor. A callback still marked pending whose execution is not RUNNING is not listed.
   * Throws StoreError INVALID_CURSOR for a cursor it did not make.
   */
  listPending(query?: PendingCallbackQuery): Promise<Page<PendingCallbackView>>;
}

export type CallbackStore = CallbackReads;

/** The functions workers registered. */
export interface FunctionReads {
  /** Every registered function, by name. */
  list(): Promise<FunctionRecord[]>;
  get(name: string): Promise<FunctionRecord | undefined>;
}

export interface FunctionWrites {
  /** Upserts functions by name; an existing function keeps its registeredTimestamp. */
  put(records: FunctionRecord[]): Promise<void>;
}

export interface FunctionStore extends FunctionReads, FunctionWrites {}

/** The worker heartbeat rows: who is running, with which functions, last heard from when. */
export interface WorkerReads {
  /** Every worker row (alive or not), by workerId in binary order. */
  list(): Promise<WorkerRecord[]>;
  get(workerId: string): Promise<WorkerRecord | undefined>;
}

export interface WorkerWrites {
  /** Writes the worker's row whole (a heartbeat), replacing the one it had. */
  put(record: WorkerRecord): Promise<void>;
  /** Removes a worker's row (a clean stop, or a row long dead); removing a missing one does nothing. */
  remove(workerId: string): Promise<void>;
}

export interface WorkerStore extends WorkerReads, WorkerWrites {}

/** The audit log: who did what, kept beside (never inside) execution data. */
export interface AuditReads {
  /**
   * Audit records newest first by (timestamp, id), optionally of one execution, with a keyset
   * cursor. Throws StoreError INVALID_CURSOR for a cursor it did not make.
   */
  list(query?: AuditQuery): Promise<Page<AuditRecord>>;
}

export interface AuditWrites {
  /** Appends one audit record. Throws StoreError CONFLICT when a record with its id exists. */
  append(record: AuditRecord): Promise<void>;
  /**
   * Deletes up to `limit` audit records timestamped before `before`, oldest first (the audit
   * log's own retention, independent of the executions the records are about). Returns how many.
   */
  purge(options: AuditPurgeOptions): Promise<number>;
}

export interface AuditStore extends AuditReads, AuditWrites {}


/** What workers need to find work: due executions, leases, follow-ups. */
export interface SchedulingReads {
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
  followUpsDue(options: { now: number; limit: number }): Promise<ExecutionRecord[]>;
}

export interface SchedulingWrites {
  /**
   * Claims up to `limit` RUNNING executions whose nextWakeAt <= now, whose lease is free or
   * expired and whose function is one of `functionNames` (when given): sets leaseOwner,
   * leaseExpiresAt = now + leaseMs and a fresh checkpointToken, in nextWakeAt order. Two
   * concurrent claimers never get the same execution. Answers with the claimed executions.
   *
   * A store may answer before the claim is durable (SQLite does: a claim lost to a power cut only
   * leaves the execution claimable again). So a claimer must act outside the store (run handler
   * code, call a remote handler, report the claim) only after a durable write of its own under
   * the claimed token, which makes the claim durable with it: the worker's prelude, or giving the
   * claim back (release-claim.ts).
   */
  claimDue(options: ClaimOptions): Promise<ExecutionRecord[]>;
  /**
   * Calls `listener` after a write through this store object made an execution due or moved its
   * wake time (a start, an answer); returns the unsubscribe. Workers in the same process poll at
   * once instead of at the end of their sleep. Optional: a backend without it is polled.
   */
  watchDue?(listener: () => void): () => void;
}

export interface SchedulingStore extends SchedulingReads, SchedulingWrites {}

/**
 * The store's resources, each one group of methods (`store.executions.get(id)`). A new read goes
 * into its group's `...Reads` interface; lib/redaction's table then demands that it be covered.
 */
export interface StoreGroups {
  executions: ExecutionStore;
  operations: OperationStore;
  history: HistoryStore;
  logs: LogStore;
  callbacks: CallbackStore;
  functions: FunctionStore;
  audit: AuditStore;
  scheduling: SchedulingStore;
  workers: WorkerStore;
  jobs: JobStore;
}

/** Each group's reads: what answers with stored data (lib/redaction covers every one of them). */
export interface StoreReadGroups {
  executions: ExecutionReads;
  operations: OperationReads;
  history: HistoryReads;
  logs: LogReads;
  callbacks: CallbackReads;
  functions: FunctionReads;
  audit: AuditReads;
  scheduling: SchedulingReads;
  workers: WorkerReads;
  jobs: JobReads;
}

export type StoreGroupName = keyof StoreGroups;

/** The group names, for code that walks every group (redaction, tests). */
export const STORE_GROUP_NAMES: readonly StoreGroupName[] = [
  "executions",
  "operations",
  "history",
  "logs",
  "callbacks",
  "functions",
  "audit",
  "scheduling",
  "workers",
  "jobs",
];

export interface DurableStore extends StoreGroups {
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
   * One atomic change to one execution: its row, operations, events, logs and callbacks. `build`
   * gets a fresh snapshot and returns what to write; it must be pure (a backend may call it again
   * after a concurrent write). A typed error thrown by `build` aborts the transaction and is
   * rethrown: nothing is written. Throws StoreError STALE_CHECKPOINT_TOKEN or EXECUTION_NOT_FOUND.
   */
  transact<R = void>(
    executionId: string,
    options: TransactOptions,
    build: (snapshot: TransactSnapshot) => { mutation: ExecutionMutation; result?: R },
  ): Promise<{ execution: ExecutionRecord; result: R }>;
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
