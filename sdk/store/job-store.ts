/**
 * The jobs group of the store (sdk/store/jobs.ts is its shared logic over each backend's table):
 * kept apart from types.ts, which re-exports it.
 */
import type { Page } from "./types";
import type { JobClaimOptions, JobListQuery, JobOutcome, JobOutcomeQuery, JobPatch, JobPurgeOptions, JobRecord, NewJobOutcome } from "./job-records";

/** Jobs over many executions (job-records.ts); their conformance tests are tests/store/conformance/jobs.ts. */
export interface JobReads {
  get(jobId: string): Promise<JobRecord | undefined>;
  /** Newest first (by jobId, which is time-ordered), with a keyset cursor; INVALID_CURSOR for one it did not make. */
  list(query?: JobListQuery): Promise<Page<JobRecord>>;
  /** A job's outcomes in the order recorded (seq ascending); nextCursor is the last seq, as text. */
  listOutcomes(jobId: string, query?: JobOutcomeQuery): Promise<Page<JobOutcome>>;
}

export interface JobWrites {
  /** Stores a new job as given (version 1). CONFLICT when a job with its id exists. */
  create(job: JobRecord): Promise<JobRecord>;
  /**
   * Claims the oldest job that is PENDING, or RUNNING with a lapsed lease, whose kind and
   * `requiresFunction` the claimer accepts: RUNNING, leased to `owner` until now + leaseMs. Two
   * claimers never get the same job. Undefined when there is none.
   */
  claim(options: JobClaimOptions): Promise<JobRecord | undefined>;
  /**
   * Changes the job `owner` holds (the lease: `leaseOwner` is still `owner`); CONFLICT when another
   * took it over or it is no longer RUNNING. An ending status clears the lease and `inFlight`.
   */
  update(jobId: string, owner: string, patch: JobPatch): Promise<JobRecord>;
  /**
   * Appends outcomes (numbered on from the job's last) and adds them to its counts, with `patch`,
   * atomically; the same refusals as `update`. At most 90 outcomes per call.
   */
  recordOutcomes(jobId: string, owner: string, outcomes: NewJobOutcome[], patch?: JobPatch): Promise<JobRecord>;
  /**
   * Cancels: a PENDING job, or a RUNNING one whose lease lapsed, is CANCELLED at once; a RUNNING
   * one gets `cancelRequested` (its runner stops between batches). An ended job is returned as it
   * is. Undefined when there is no such job.
   */
  cancel(jobId: string, now: number): Promise<JobRecord | undefined>;
  /** Deletes up to `limit` jobs that ended before `endedBefore`, oldest first, with their outcomes. Returns how many. */
  purge(options: JobPurgeOptions): Promise<number>;
}

export interface JobStore extends JobReads, JobWrites {}
