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
import type { ErrorObject, ExecutionStatus, HistoryEvent, Operation } from "../types/wire";

export interface ExecutionRecord {
  executionId: string;
  /** DurableExecutionArn (`arn:aws:lambda:local:000000000000:function:<fn>:$LATEST/durable-execution/<name>/<id>`). */
  arn: string;
  functionName: string;
  /** DurableExecutionName; when the caller gives none it is the executionId. */
  name: string;
  status: ExecutionStatus;
  inputPayload?: string;
  result?: string;
  error?: ErrorObject;
  /** ISO timestamps. */
  startTimestamp: string;
  endTimestamp?: string;
  executionTimeoutSeconds?: number;
  /** Epoch ms at which a worker must invoke this execution next; undefined = nothing due. */
  nextWakeAt?: number;
  leaseOwner?: string;
  leaseExpiresAt?: number;
  /** The current invocation's fencing token; every checkpoint must present it. */
  checkpointToken?: string;
  /** Highest EventId written so far (EventIds count from 1 per execution). */
  eventCount: number;
  /** Number of operations created so far; gives each operation its start sequence. */
  operationCount: number;
  /** Highest log seq written so far (log seqs count from 1 per execution, like EventIds). */
  logCount: number;
  invocationCount: number;
  redriveCount: number;
  /** extension: this execution replays another one (same or edited input). */
  replayOf?: string;
  /** extension: a chained invoke started this execution; answer goes back to that operation. */
  parent?: { executionId: string; operationId: string };
  /**
   * extension: set by a write that ends the execution when the end sets off writes to other
   * executions (answer the parent's chained invoke, stop the chained children); cleared once they
   * are done. If the process dies first, a sweep finds the execution by this time
   * (`listFollowUpsDue`, runtime/follow-up.ts).
   */
  followUpAt?: number;
  /**
   * The invocation running now: set by its prelude, cleared by its completion. One still set when
   * the execution is claimed again was cut off; the next prelude writes its InvocationCompleted.
   */
  openInvocation?: { requestId: string; startedAt: number };
  /** Bumped by every write; the optimistic-concurrency guard. */
  version: number;
}

/** What a CHAINED_INVOKE operation was asked to run, and who answers it. */
export interface ChainedInvokeTimers {
  /** The target as registered (qualifier and ARN prefix stripped). */
  functionName: string;
  /** As the SDK gave it in ChainedInvokeOptions. */
  requestedFunctionName: string;
  tenantId?: string;
  /** The serialized input, kept so a crash or a redrive can (re)start the target. */
  input?: string;
  kind: "durable" | "plain";
  /** durable targets: the child execution that answers this operation. */
  childExecutionId?: string;
  /** plain targets: epoch ms when the in-process call counts as lost. */
  deadlineAt?: number;
}

/**
 * Runtime bookkeeping kept beside an operation, which the wire Operation has no field for.
 * The store does not interpret it: a backend stores the whole object as written (JSON) and
 * returns it unchanged, including keys not named here (the conformance suite checks that).
 * The named fields are the ones the runtime writes today (times are epoch ms).
 */
export interface OperationTimers {
  /** CALLBACK: when the callback times out. */
  callbackTimeoutAt?: number;
  /** CALLBACK: when the callback times out unless a heartbeat arrives. */
  heartbeatDeadlineAt?: number;
  /** CALLBACK: the options it was started with, so heartbeats and redrives can re-arm it. */
  callbackTimeoutSeconds?: number;
  heartbeatTimeoutSeconds?: number;
  /** CHAINED_INVOKE: what to invoke and who answers. */
  chainedInvoke?: ChainedInvokeTimers;
  /** EXECUTION: consecutive invocations that ended in an invocation error. */
  invocationErrors?: number;
  /** EXECUTION: the execution timeout counts from here after a redrive (else from the start). */
  timeoutBaseAt?: number;
  [key: string]: unknown;
}

export interface OperationRecord {
  executionId: string;
  /** Start order within the execution (1-based). Operations list in this order. */
  seq: number;
  operation: Operation;
  timers?: OperationTimers;
  /**
   * The EventIds of this operation's own history events (those whose `Id` is this operation's),
   * ascending. The runtime appends to it in the very write that adds the events (the operation
   * is rewritten in that write anyway), so reading one operation's events is a few reads by key
   * instead of a scan of the history. Kept beside the operation, never inside the wire Operation
   * the SDK sees. Absent on records written before the list existed: readers fall back to
   * filtering the history by operation id.
   */
  eventIds?: number[];
}

/** One operation with its own history events, oldest first (`DurableStore.getOperationWithEvents`). */
export interface OperationWithEvents {
  operation: OperationRecord;
  events: HistoryEvent[];
}

/**
 * A callback id and what it belongs to. Written when a CALLBACK operation starts (and when a
 * redrive re-arms one under a new id); `pending` and `heartbeatDeadlineAt` change afterwards
 * through `ExecutionMutation.patchCallbacks`, everything else is fixed.
 */
export interface CallbackRecord {
  callbackId: string;
  executionId: string;
  operationId: string;
  /**
   * True while the callback waits for an answer. The runtime clears it when the callback is
   * answered, times out or is cancelled, and when its execution ends; a redrive sets it again.
   */
  pending: boolean;
  /** The execution's function (denormalized: the inbox filters on it). */
  functionName: string;
  /** The CALLBACK operation's name, or when it has none its parent CONTEXT's (waitForCallback). */
  name?: string;
  parentOperationId?: string;
  /** ISO time the callback (this id) was created. The inbox lists oldest first by it. */
  createdAt: string;
  /** Epoch ms at which the callback times out, if it has a timeout. */
  timeoutAt?: number;
  /** Epoch ms by which a heartbeat must arrive, if it has a heartbeat timeout. */
  heartbeatDeadlineAt?: number;
}

/** A change to a callback already written by the same execution. */
export interface CallbackPatch {
  callbackId: string;
  pending?: boolean;
  /** `null` clears it. */
  heartbeatDeadlineAt?: number | null;
}

/** A pending callback as the approvals inbox lists it. */
export interface PendingCallbackView extends CallbackRecord {
  executionName: string;
}

export interface PendingCallbackQuery {
  functionName?: string;
  /** Default 50, at most 1000. */
  limit?: number;
  cursor?: string;
}

/** A function some worker registered, so processes that run no handlers know it exists. */
export interface FunctionRecord {
  name: string;
  kind: "durable" | "plain";
  description?: string;
  /** The function's default execution timeout (durable functions). */
  executionTimeoutSeconds?: number;
  /** ISO time it was first registered in this store. */
  registeredAt: string;
  /** ISO time a worker last registered it. */
  lastSeenAt: string;
}

export interface PurgeOptions {
  /** ISO time: executions that ended strictly before it may be purged. */
  endedBefore: string;
  /** At most this many executions are purged by one call. */
  limit: number;
}

export type LogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";

export interface LogRecord {
  executionId: string;
  /** Per-execution sequence, assigned by the writer from execution state (like EventIds). */
  seq: number;
  timestamp: string;
  level: LogLevel;
  message: string;
  /** JSON of extra structured fields. */
  data?: string;
  operationId?: string;
  operationName?: string;
  attempt?: number;
  requestId?: string;
}

/** How an audited action ended: done, refused by the system (bad input, wrong state), or refused for lack of permission. */
export type AuditOutcome = "succeeded" | "failed" | "denied";

/**
 * One entry of the audit log: who did what to which execution or callback, when, and how it
 * ended. Written by the console and the CLI beside, never inside, execution data: the retention
 * purge of executions leaves it alone; `purgeAudit` is its own, longer retention. It never carries payloads
 * or secrets, only names, ids and outcomes.
 */
export interface AuditRecord {
  /** Unique, chosen by the writer (a time-ordered id reads best); a second append of one id fails with CONFLICT. */
  id: string;
  /** ISO time of the action. Lists are newest first by (timestamp, id). */
  timestamp: string;
  /** Who: a user name, a token's name, or "local" when the console runs without authentication. */
  actor: string;
  /** How the actor proved who they are ("session", "token", "none"; "os" for the CLI's operating-system user). */
  authMethod: string;
  /** Where the action came from: "console" or "cli" (absent on records written before it was recorded). */
  source?: string;
  /** The actor's role when acting ("viewer", "operator"). */
  role?: string;
  /** What, e.g. "execution.stop", "callback.succeed", "auth.login". */
  action: string;
  executionId?: string;
  callbackId?: string;
  outcome: AuditOutcome;
  /** For failed and denied outcomes: the machine-readable error code and a short message. */
  errorCode?: string;
  message?: string;
  /** Small extra facts (counts, the new execution of a replay); stored as given, like operation timers. */
  details?: Record<string, unknown>;
}

export interface AuditPurgeOptions {
  /** ISO time: records whose timestamp is strictly before it may be purged. */
  before: string;
  /** At most this many records are purged by one call. */
  limit: number;
}

export interface AuditQuery {
  /** Only the records about this execution. */
  executionId?: string;
  /** Default 50, at most 1000. */
  limit?: number;
  cursor?: string;
}

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
   * Claims up to `limit` RUNNING executions whose nextWakeAt <= now and whose lease is free or
   * expired: sets leaseOwner, leaseExpiresAt = now + leaseMs and a fresh checkpointToken, in
   * nextWakeAt order. Two concurrent claimers never get the same execution.
   */
  claimDue(options: ClaimOptions): Promise<ExecutionRecord[]>;
  /** Earliest nextWakeAt among RUNNING executions (leased or not), for sleeping precisely. */
  nextWakeAt(): Promise<number | undefined>;
  /**
   * Ended executions whose `followUpAt` <= now (their follow-up may not be done), earliest first,
   * with their payloads (the parent's answer is the result or error).
   */
  listFollowUpsDue(options: { now: number; limit: number }): Promise<ExecutionRecord[]>;
}

export type StoreErrorCode = "STALE_CHECKPOINT_TOKEN" | "EXECUTION_NOT_FOUND" | "CONFLICT" | "INVALID_CURSOR";

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "StoreError";
  }
}
