/**
 * The records a store keeps (the AWS wire model plus the runtime's bookkeeping): executions,
 * operations, callbacks, logs, registered functions and the audit log. The store interface that
 * reads and writes them is in types.ts, which re-exports everything here.
 *
 * Times, in the store, the runtime and the client API: a name ending in `Timestamp` (or the audit
 * record's `timestamp`) is an ISO-8601 string, as in the wire model; a name ending in `At` is epoch
 * milliseconds, the form timers compare; a duration says its unit (`leaseMs`, `…Seconds`).
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
   * (`store.scheduling.followUpsDue`, runtime/follow-up.ts).
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
export interface ChainedInvokeState {
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
 * The runtime's bookkeeping for one operation, which the wire Operation has no field for (timers,
 * chained-invoke targets, invocation error counts). Times are epoch ms.
 *
 * The store does not interpret it: a backend stores the whole object as written (JSON) and
 * returns it unchanged, keys it does not know included (the conformance suite checks that), so
 * state written by a newer runtime survives a read-modify-write by an older one. SQLite keeps it
 * in the `operations.timers` column and DynamoDB in the operation body's `t` attribute, the names
 * from before this field had its own.
 */
export interface OperationRuntimeState {
  /** CALLBACK: when the callback times out. */
  callbackTimeoutAt?: number;
  /** CALLBACK: when the callback times out unless a heartbeat arrives. */
  heartbeatDeadlineAt?: number;
  /** CALLBACK: the options it was started with, so heartbeats and redrives can re-arm it. */
  callbackTimeoutSeconds?: number;
  heartbeatTimeoutSeconds?: number;
  /** CALLBACK: the JSON Schema its answer must satisfy (JSON text), kept so a redrive's new id keeps it. */
  answerSchema?: string;
  /** CHAINED_INVOKE: what to invoke and who answers. */
  chainedInvoke?: ChainedInvokeState;
  /** EXECUTION: consecutive invocations that ended in an invocation error. */
  invocationErrors?: number;
  /** EXECUTION: consecutive invocations cut off (their worker died) that ended in an invocation error. */
  crashedInvocations?: number;
  /** EXECUTION: the execution timeout counts from here after a redrive (else from the start). */
  timeoutBaseAt?: number;
  /**
   * EXECUTION, written by older versions only: the invocation running then. It now lives on the
   * execution (`ExecutionRecord.openInvocation`); a mark left here is still honoured (runtime/open-invocation.ts).
   */
  openInvocation?: unknown;
  /**
   * Any type, in an execution forked from another ("rerun from a step"): the execution this
   * operation's checkpoint was carried over from; its record replays, it does not run again.
   */
  carriedFrom?: string;
  /**
   * EXECUTION of a fork still being written (runtime/fork.ts): when its first write was made.
   * Its last write clears it; an invocation that finds it fails the fork as cut off.
   */
  forkStartedAt?: number;
}

export interface OperationRecord {
  executionId: string;
  /** Start order within the execution (1-based). Operations list in this order. */
  seq: number;
  operation: Operation;
  /** The runtime's bookkeeping beside the wire operation; absent when there is none. */
  runtime?: OperationRuntimeState;
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

/** One operation with its own history events, oldest first (`store.operations.getWithEvents`). */
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
  createdTimestamp: string;
  /** Epoch ms at which the callback times out, if it has a timeout. */
  timeoutAt?: number;
  /** Epoch ms by which a heartbeat must arrive, if it has a heartbeat timeout. */
  heartbeatDeadlineAt?: number;
  /** The JSON Schema (JSON text) its answer must satisfy: the console renders a form from it. */
  answerSchema?: string;
}

/** A change to a callback already written by the same execution. */
export interface CallbackPatch {
  callbackId: string;
  pending?: boolean;
  /** `null` clears it. */
  heartbeatDeadlineAt?: number | null;
}

/** A pending callback as the approvals inbox lists it. */
export type PendingCallbackOrder = "oldest" | "deadline";

export interface PendingCallbackView extends CallbackRecord {
  executionName: string;
}

export interface PendingCallbackQuery {
  functionName?: string;
  /** Only callbacks of this name (the CALLBACK operation's, or its waitForCallback context's). */
  name?: string;
  /**
   * "oldest" (default): longest waiting first, by createdTimestamp. "deadline": soonest timeout
   * first, callbacks without a timeout last. A cursor is good only for the order that made it.
   */
  order?: PendingCallbackOrder;
  /** Default 50, at most 1000. */
  limit?: number;
  cursor?: string;
}

/** A function some worker registered, so processes that run no handlers know it exists. */
export interface FunctionRecord {
  name: string;
  kind: "durable" | "plain";
  description?: string;
  /** An input that works, as JSON text (the console's Start dialog offers it). */
  sampleInput?: string;
  /** The function's default execution timeout (durable functions). */
  executionTimeoutSeconds?: number;
  /** ISO time it was first registered in this store. */
  registeredTimestamp: string;
  /** ISO time a worker last registered it. */
  lastSeenTimestamp: string;
}

/**
 * A worker process announcing itself: written when it starts and again every heartbeat interval,
 * removed when it stops cleanly. A row whose heartbeat is older than a few intervals belongs to a
 * worker that died (killed, crashed, stalled): readers judge liveness from the row alone
 * (`workerIsAlive`, sdk/runtime/diagnosis), so the answer is the same in every process.
 */
export interface WorkerRecord {
  /** The worker's lease owner name: `ExecutionRecord.leaseOwner` of what it claimed. */
  workerId: string;
  host: string;
  pid: number;
  /** The functions it registered (durable and plain), sorted by name. */
  functions: string[];
  /** ISO time the worker started. */
  startedTimestamp: string;
  /** ISO time of its last heartbeat. */
  lastHeartbeatTimestamp: string;
  /** How often it heartbeats (readers call it dead after a few missed beats). */
  heartbeatIntervalMs: number;
  /** The lease length it claims with. */
  leaseMs: number;
  /** Invocations it was running at its last heartbeat. */
  running: number;
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
 * purge of executions leaves it alone; `store.audit.purge` is its own, longer retention. It never carries payloads
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
  /** Small extra facts (counts, the new execution of a replay); stored as given, like an operation's runtime state. */
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
