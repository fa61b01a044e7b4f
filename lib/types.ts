/**
 * The console's view model: what the HTTP API answers and what the pages render. Types only, so
 * client components can import them without pulling server code into the browser bundle.
 *
 * Execution fields are the store's (never its lease or checkpoint token: a fencing token is a
 * capability and stays on the server); operations and events are the AWS wire shapes as stored.
 *
 * Times: every point in time the console's HTTP API answers is an ISO-8601 string, whether named
 * `…At` or `…Timestamp` (lib/server converts the store's epoch-ms `…At` fields); a duration
 * says its unit (`bucketMs`).
 */
import type { AuditRecord } from "@/sdk/store/types";
import type { AnswerSchema } from "@/sdk/utils/answer-schema";
import type { ErrorObject, ExecutionStatus, HistoryEvent, Operation } from "@/sdk/types/wire";

export type { ErrorObject, ExecutionStatus, HistoryEvent, Operation };

export interface ExecutionSummary {
  executionId: string;
  arn: string;
  functionName: string;
  name: string;
  status: ExecutionStatus;
  startTimestamp: string;
  endTimestamp?: string;
  redriveCount: number;
  /** This execution replays that one (same or edited input). */
  replayOf?: string;
  /** A chained invoke of that execution started this one. */
  parentExecutionId?: string;
}

export interface ExecutionDetail extends ExecutionSummary {
  input?: string;
  result?: string;
  error?: ErrorObject;
  executionTimeoutSeconds?: number;
  invocationCount: number;
  eventCount: number;
  operationCount: number;
  /** A chained invoke started this execution. */
  parent?: { executionId: string; operationId: string };
  /** Bumped by every write to the execution: the pages refetch its parts when it changes. */
  version: number;
  /**
   * RUNNING only: when a worker is to invoke it next (ISO). In the past: it is due now. Absent
   * while nothing is scheduled (a callback with no timeout, say).
   */
  nextWakeAt?: string;
  /**
   * RUNNING only: the worker that last claimed it and until when. A lapsed lease stays recorded
   * until another worker claims the execution, so compare `expiresAt` with the time of the read.
   */
  lease?: { owner: string; expiresAt: string };
  /** RUNNING only: when the invocation running now started (ISO); its InvocationCompleted comes when it ends. */
  invocationStartedAt?: string;
}

/**
 * GET /api/executions/:id/snapshot: the execution and its operations as one consistent read (the
 * execution row was the same before and after the operations were read), so a page never pairs a
 * header of one moment with rows of another.
 */
export interface ExecutionSnapshot {
  execution: ExecutionDetail;
  /** As of `execution.version`; left out when the caller said it holds that version's list (`knownVersion`). */
  operations?: OperationView[];
  /** The server's clock at the read (ISO): what "due for how long" is measured against. */
  readAt: string;
}

/** What the execution page holds and renders: one snapshot; `operations` is undefined until first read. */
export interface ExecutionLiveView {
  execution: ExecutionDetail;
  operations?: OperationView[];
  readAt: string;
}

export interface ExecutionPage {
  items: ExecutionSummary[];
  nextCursor?: string;
}

export type StatusCounts = Record<ExecutionStatus, number>;

/** An operation as stored, plus what the runtime keeps beside it that an operator needs. */
export interface OperationView extends Operation {
  /** Start order within the execution (1-based). */
  Seq: number;
  /** CALLBACK: when it times out unless answered (ISO). */
  CallbackTimeoutAt?: string;
  /** CALLBACK: when it times out unless a heartbeat arrives (ISO). */
  HeartbeatDeadlineAt?: string;
  /** CALLBACK: the answer's form, when the handler described it (answerSchema). */
  AnswerSchema?: AnswerSchema;
  /** CHAINED_INVOKE: the execution that answers it. */
  ChildExecutionId?: string;
  ChildFunctionName?: string;
  /**
   * Set in the list of a very large execution: results were left out to keep the list small
   * (the tree needs none); the operation's own endpoint has them.
   */
  PayloadsOmitted?: true;
}

export interface HistoryPage {
  events: HistoryEvent[];
  /** Pass as `after` to read the next page. */
  nextCursor?: number;
}

export interface LogEntry {
  seq: number;
  timestamp: string;
  level: "DEBUG" | "INFO" | "WARN" | "ERROR";
  message: string;
  data?: string;
  operationId?: string;
  operationName?: string;
  attempt?: number;
}

export interface LogPage {
  items: LogEntry[];
  nextCursor?: number;
}

/** One try of a step, reconstructed from its StepStarted / StepFailed / StepSucceeded events. */
export interface AttemptView {
  attempt: number;
  status: "RUNNING" | "FAILED" | "SUCCEEDED";
  startedAt?: string;
  endedAt?: string;
  error?: ErrorObject;
  /** Set when a retry was scheduled after this attempt. */
  nextAttemptDelaySeconds?: number;
}

export interface OperationDetail {
  operation: OperationView;
  attempts: AttemptView[];
  /** The operation's own history events, oldest first. */
  events: HistoryEvent[];
}

export interface PendingCallback {
  executionId: string;
  executionName: string;
  functionName: string;
  operationId: string;
  callbackId: string;
  /** The callback's name, else its WaitForCallback context's name. */
  name?: string;
  startedAt: string;
  timeoutAt?: string;
  /** The operation to select on the execution page (the named context when there is one). */
  focusOperationId: string;
  /** The answer's form, when the handler described it (answerSchema). */
  answerSchema?: AnswerSchema;
}

/** The time ranges the Functions page and the overview chart offer. */
export type StatsRange = "1h" | "24h" | "7d";

/** One bar of "executions over time": executions started in [start, start + bucketMs), by status now. */
export interface StatsBucket extends StatusCounts {
  /** Epoch ms. */
  start: number;
  /** Durations of the bucket's finished executions. */
  p50Ms?: number;
  p95Ms?: number;
}

/**
 * A function's record over a range, exact: computed from every execution of the function started
 * in the range (the store's `functionWindow`), not from a sample.
 */
export interface FunctionWindowStats {
  range: StatsRange;
  /** The range asked for (ISO). */
  from: string;
  to: string;
  bucketMs: number;
  /** Executions started in the range: all of them are counted. */
  sampled: number;
  /** Always false: nothing is left out (kept for readers of the earlier, sampled shape). */
  truncated: false;
  /** Start of what the figures cover: always `from`. */
  coveredFrom: string;
  counts: StatusCounts;
  finished: number;
  /** Succeeded out of finished (running ones have no outcome yet). */
  successRate?: number;
  durationP50Ms?: number;
  durationP95Ms?: number;
  buckets: StatsBucket[];
}

export interface FunctionSummary {
  functionName: string;
  /** All time, every execution in the store. */
  total: number;
  counts: StatusCounts;
  /** The recent window (see FunctionWindowStats). */
  window?: FunctionWindowStats;
  /** Set when a worker registered the function in this store. */
  registered?: {
    kind: "durable" | "plain";
    description?: string;
    executionTimeoutSeconds?: number;
    lastSeenAt: string;
  };
}

/** A function the Start dialog offers, with what its worker registered about it. */
export interface StartOption {
  functionName: string;
  description?: string;
  /** An input that works, as JSON text. */
  sampleInput?: string;
}

/** The approvals inbox's orders: longest waiting first, or soonest deadline first. */
export type ApprovalsSort = "waiting" | "deadline";

/** What the approvals inbox shows: every pending callback, or those of one function and/or name. */
export interface ApprovalsFilter {
  functionName?: string;
  name?: string;
  sort?: ApprovalsSort;
}

export interface PendingCallbackPage {
  items: PendingCallback[];
  nextCursor?: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

/** The answer to a bulk stop or redrive: every execution named, done or why not. */
export interface BulkResult {
  action: "stop" | "redrive";
  succeeded: number;
  failed: number;
  results: BulkItemResult[];
}

export interface BulkItemResult {
  executionId: string;
  ok: boolean;
  error?: { code: string; message: string };
}

/** What one answer sent to several callbacks did to each: accepted, or why not (nothing changed). */
export interface AnswerManyResult {
  succeeded: number;
  failed: number;
  results: Array<{ callbackId: string; executionId?: string; ok: boolean; error?: { code: string; message: string } }>;
}

/** One audit record, as the audit API answers it (the store's record, which holds no payload). */
export type AuditEntry = AuditRecord;

export interface AuditPage {
  items: AuditEntry[];
  nextCursor?: string;
}
