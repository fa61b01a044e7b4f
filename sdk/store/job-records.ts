/**
 * Jobs: long work over many executions (a bulk stop, redrive, replay or callback answer over a
 * query), stored so that it survives the process running it. A worker claims a job with a lease
 * (owner + expiry, as executions are claimed), works through its matches in batches, and records
 * one outcome per execution; a job whose runner died is taken over once its lease lapses.
 *
 * The store does not interpret a job's kind or parameters: the runtime's job runner does
 * (sdk/runtime/jobs). Kinds are open strings so that new ones (e.g. a determinism check) need no
 * store change.
 */
import type { ExecutionStatus } from "../types/wire";

export const JOB_STATUSES = ["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const ACTIVE_JOB_STATUSES: readonly JobStatus[] = ["PENDING", "RUNNING"];

/** Which executions a job acts on: the executions list's filters (sdk/store/list-query). */
export interface JobQuery {
  functionName?: string;
  statuses?: ExecutionStatus[];
  nameOrId?: string;
  /** Inclusive (ISO). */
  startedAfter?: string;
  /** Exclusive (ISO). A job fixes it at its creation time when not given, so its set is bounded. */
  startedBefore?: string;
  /** Only executions the stuck rules flag (their ids are fixed in `targets` at creation). */
  stuck?: boolean;
}

export interface JobCounts {
  /** Executions the query matched when the job was created (grows if more are met on the way). */
  matched: number;
  done: number;
  skipped: number;
  failed: number;
}

/** Who created the job (its actions are audited in their name, with the job's id). */
export interface JobActor {
  actor: string;
  authMethod: string;
  role?: string;
  source?: string;
}

/**
 * An execution a runner is acting on now, with what it saw before acting (`mark`), so a runner
 * that takes the job over can tell whether the action already happened (see sdk/runtime/jobs).
 */
export interface JobInFlight {
  executionId: string;
  mark?: unknown;
}

export interface JobRecord {
  /** Time-ordered (newJobId): lists are newest first by id. */
  jobId: string;
  kind: string;
  query: JobQuery;
  /** The action's parameters (e.g. the answer to send to callbacks), as the kind defines them. */
  params: Record<string, unknown>;
  status: JobStatus;
  counts: JobCounts;
  /** Explicit executions to act on instead of listing the query (e.g. the stuck ones), in order. */
  targets?: string[];
  /** Where the runner resumes: the execution list's keyset cursor (or an index into `targets`). */
  cursor?: string;
  /** Only a worker that has this function registered may claim the job (it needs its code). */
  requiresFunction?: string;
  /** Executions acted on per second, at most (the runner's rate limit). */
  ratePerSecond: number;
  /** Executions per batch: one progress write per batch, and a cancel is seen between batches. */
  batchSize: number;
  createdBy: JobActor;
  createdTimestamp: string;
  updatedTimestamp: string;
  startedTimestamp?: string;
  endedTimestamp?: string;
  leaseOwner?: string;
  leaseExpiresAt?: number;
  /** Set by a cancel while a runner holds the job: it stops at the next batch boundary. */
  cancelRequested?: boolean;
  inFlight?: JobInFlight[];
  /** Why the job FAILED (the runner's own trouble, not an execution's). */
  error?: string;
  /** Bumped by the store on every write (optimistic concurrency). */
  version: number;
}

export type JobOutcomeStatus = "DONE" | "SKIPPED" | "FAILED";

/** What a job did to one execution. */
export interface JobOutcome {
  jobId: string;
  /** 1, 2, 3 ... in the order recorded (assigned by the store). */
  seq: number;
  executionId: string;
  status: JobOutcomeStatus;
  /** Why skipped or failed, in words ("not redrivable: SUCCEEDED"). */
  reason?: string;
  errorCode?: string;
  /** Small facts (the new execution of a replay, the callbacks answered). */
  details?: Record<string, unknown>;
  timestamp: string;
}

export type NewJobOutcome = Omit<JobOutcome, "jobId" | "seq">;

/** Fields a runner may change on the job it holds. `null` clears. */
export interface JobPatch {
  status?: JobStatus;
  cursor?: string | null;
  leaseExpiresAt?: number;
  inFlight?: JobInFlight[] | null;
  endedTimestamp?: string;
  error?: string;
  matched?: number;
}

export interface JobListQuery {
  limit?: number;
  cursor?: string;
}

export interface JobOutcomeQuery {
  /** Outcomes with seq greater than this (the previous page's nextCursor). */
  afterSeq?: number;
  limit?: number;
}

/** Which ended jobs a retention sweep deletes (with their outcomes). */
export interface JobPurgeOptions {
  /** ISO timestamp: jobs that ended strictly before it. */
  endedBefore: string;
  limit: number;
}

export interface JobClaimOptions {
  now: number;
  owner: string;
  leaseMs: number;
  /** The claimer's registered functions: a job that `requiresFunction` another is left alone. Undefined: any. */
  functionNames?: readonly string[];
  /** Only jobs of these kinds. Undefined: any. */
  kinds?: readonly string[];
}
