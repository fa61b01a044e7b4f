/**
 * The jobs group's rules, once for every backend: what may be claimed, what a runner's patch
 * does, how outcomes are numbered and counted, what a cancel means. A backend provides only a
 * JobTable: reads, an insert, and a compare-and-swap of the job on its `version` that writes the
 * new outcomes in the same atomic write. Every change is read, decide, swap; a lost race reads
 * again (jobs are few and change once per batch, so races are rare and cheap).
 */
import { keysetCursor } from "./cursor";
import { clampLimit } from "./list-query";
import {
  ACTIVE_JOB_STATUSES,
  JOB_STATUSES,
  type JobOutcome,
  type JobPatch,
  type JobRecord,
  type NewJobOutcome,
} from "./job-records";
import { StoreError, type JobStore, type Page } from "./types";

export const DEFAULT_JOB_LIST_LIMIT = 50;
export const MAX_JOB_LIST_LIMIT = 200;
export const DEFAULT_OUTCOME_LIMIT = 50;
export const MAX_OUTCOME_LIMIT = 1000;
/** Outcomes per recordOutcomes call: with the job itself, one DynamoDB transaction (100 items). */
export const MAX_OUTCOMES_PER_WRITE = 90;

const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface JobTable {
  get(jobId: string): Promise<JobRecord | undefined>;
  /** Up to `limit` jobs newest first (jobId descending), below `beforeJobId` when given. */
  list(limit: number, beforeJobId?: string): Promise<JobRecord[]>;
  /** Every PENDING or RUNNING job, oldest first (jobId ascending). */
  active(): Promise<JobRecord[]>;
  /** Throws StoreError CONFLICT when the id exists. */
  insert(job: JobRecord): Promise<void>;
  /** Writes `next` (and the outcomes) only if the stored version is still `expectedVersion`; false if not. */
  swap(next: JobRecord, expectedVersion: number, outcomes: JobOutcome[]): Promise<boolean>;
  /** Up to `limit` outcomes with seq > afterSeq, ascending. */
  listOutcomes(jobId: string, afterSeq: number, limit: number): Promise<JobOutcome[]>;
  /** Deletes an ended job and its outcomes (the outcomes first: a delete cut short leaves the job, found again by the next purge). */
  remove(jobId: string): Promise<void>;
}

/** Jobs read per page while a purge looks for ended ones (jobs are few: one per bulk action or check). */
const PURGE_SCAN_PAGE = 200;

const jobCursor = keysetCursor<{ jobId: string }>(
  "jobs.list",
  (c) => ({ j: c.jobId }),
  (json) => (typeof json.j === "string" && JOB_ID.test(json.j) ? { jobId: json.j } : undefined),
);

const isCount = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;

/** Refuses a job record a runner could not work with (TypeError; nothing is written). */
export function checkJobRecord(job: JobRecord): void {
  const problems: string[] = [];
  if (typeof job.jobId !== "string" || !JOB_ID.test(job.jobId)) problems.push("jobId must be 1-64 letters, digits, '-' or '_'");
  if (typeof job.kind !== "string" || job.kind === "" || job.kind.length > 64) problems.push("kind must be a non-empty string");
  if (!JOB_STATUSES.includes(job.status)) problems.push(`status must be one of ${JOB_STATUSES.join(", ")}`);
  const c = job.counts;
  if (!c || ![c.matched, c.done, c.skipped, c.failed].every(isCount)) problems.push("counts must be whole numbers >= 0");
  if (!Number.isSafeInteger(job.batchSize) || job.batchSize < 1 || job.batchSize > MAX_OUTCOMES_PER_WRITE) {
    problems.push(`batchSize must be 1 to ${MAX_OUTCOMES_PER_WRITE}`);
  }
  if (typeof job.ratePerSecond !== "number" || !(job.ratePerSecond > 0)) problems.push("ratePerSecond must be > 0");
  if (typeof job.query !== "object" || job.query === null) problems.push("query must be an object");
  if (typeof job.params !== "object" || job.params === null) problems.push("params must be an object");
  if (problems.length > 0) throw new TypeError(`invalid job: ${problems.join("; ")}`);
}

const iso = (ms: number) => new Date(ms).toISOString();
const ended = (status: JobRecord["status"]) => !ACTIVE_JOB_STATUSES.includes(status);

/** A job without its lease and in-flight batch: what an ended job keeps. */
function released(job: JobRecord): JobRecord {
  const { leaseOwner: _o, leaseExpiresAt: _e, inFlight: _f, ...rest } = job;
  return rest;
}

function applyPatch(job: JobRecord, patch: JobPatch, now: number): JobRecord {
  let next: JobRecord = { ...job, updatedTimestamp: iso(now), version: job.version + 1 };
  if (patch.status !== undefined) next.status = patch.status;
  if (patch.cursor === null) delete next.cursor;
  else if (patch.cursor !== undefined) next.cursor = patch.cursor;
  if (patch.leaseExpiresAt !== undefined) next.leaseExpiresAt = patch.leaseExpiresAt;
  if (patch.inFlight === null || (patch.inFlight !== undefined && patch.inFlight.length === 0)) delete next.inFlight;
  else if (patch.inFlight !== undefined) next.inFlight = patch.inFlight;
  if (patch.endedTimestamp !== undefined) next.endedTimestamp = patch.endedTimestamp;
  if (patch.error !== undefined) next.error = patch.error;
  if (patch.matched !== undefined) next.counts = { ...next.counts, matched: patch.matched };
  if (ended(next.status)) {
    next = released(next);
    next.endedTimestamp ??= iso(now);
  }
  return next;
}

function notHeld(jobId: string, why: string): StoreError {
  return new StoreError("CONFLICT", `job ${jobId} ${why}`);
}

export function jobStoreOver(table: JobTable, clock: () => number = Date.now): JobStore {
  /** Read, check that `owner` holds it, decide, swap; again on a lost race. */
  async function change(jobId: string, owner: string, decide: (job: JobRecord) => { next: JobRecord; outcomes: JobOutcome[] }) {
    for (;;) {
      const job = await table.get(jobId);
      if (!job) throw notHeld(jobId, "does not exist");
      if (job.leaseOwner !== owner) throw notHeld(jobId, `is not held by ${owner}`);
      if (job.status !== "RUNNING") throw notHeld(jobId, `is ${job.status}`);
      const { next, outcomes } = decide(job);
      if (await table.swap(next, job.version, outcomes)) return next;
    }
  }

  return {
    async get(jobId) {
      if (typeof jobId !== "string" || !JOB_ID.test(jobId)) return undefined;
      return table.get(jobId);
    },

    async list(query = {}) {
      const limit = clampLimit(query.limit, DEFAULT_JOB_LIST_LIMIT, MAX_JOB_LIST_LIMIT);
      const before = query.cursor === undefined ? undefined : jobCursor.decode(query.cursor).jobId;
      const rows = await table.list(limit + 1, before);
      const page: Page<JobRecord> = { items: rows.slice(0, limit) };
      if (rows.length > limit) page.nextCursor = jobCursor.encode({ jobId: page.items[page.items.length - 1]!.jobId });
      return page;
    },

    async listOutcomes(jobId, query = {}) {
      const limit = clampLimit(query.limit, DEFAULT_OUTCOME_LIMIT, MAX_OUTCOME_LIMIT);
      const after = query.afterSeq ?? 0;
      if (!Number.isSafeInteger(after) || after < 0) throw new StoreError("INVALID_CURSOR", "invalid cursor: afterSeq must be a whole number >= 0");
      if (typeof jobId !== "string" || !JOB_ID.test(jobId)) return { items: [] };
      const rows = await table.listOutcomes(jobId, after, limit + 1);
      const page: Page<JobOutcome> = { items: rows.slice(0, limit) };
      if (rows.length > limit) page.nextCursor = String(page.items[page.items.length - 1]!.seq);
      return page;
    },

    async create(job) {
      checkJobRecord(job);
      const stored: JobRecord = { ...job, version: 1 };
      await table.insert(stored);
      return stored;
    },

    async claim(options) {
      const accepts = (job: JobRecord) =>
        (job.status === "PENDING" || (job.leaseExpiresAt ?? 0) <= options.now) &&
        (options.kinds === undefined || options.kinds.includes(job.kind)) &&
        (job.requiresFunction === undefined || options.functionNames === undefined || options.functionNames.includes(job.requiresFunction));
      for (const candidate of await table.active()) {
        if (!accepts(candidate)) continue;
        // Read again: the active list may be a moment old (DynamoDB); the swap decides.
        const job = await table.get(candidate.jobId);
        if (!job || ended(job.status) || !accepts(job)) continue;
        const next = applyPatch(job, { status: "RUNNING", leaseExpiresAt: options.now + options.leaseMs }, options.now);
        next.leaseOwner = options.owner;
        next.startedTimestamp ??= iso(options.now);
        if (await table.swap(next, job.version, [])) return next;
      }
      return undefined;
    },

    async update(jobId, owner, patch) {
      return change(jobId, owner, (job) => ({ next: applyPatch(job, patch, clock()), outcomes: [] }));
    },

    async recordOutcomes(jobId, owner, outcomes, patch = {}) {
      if (outcomes.length > MAX_OUTCOMES_PER_WRITE) throw new TypeError(`at most ${MAX_OUTCOMES_PER_WRITE} outcomes per write`);
      return change(jobId, owner, (job) => {
        const next = applyPatch(job, patch, clock());
        const counts = { ...next.counts };
        let seq = job.counts.done + job.counts.skipped + job.counts.failed;
        const numbered = outcomes.map((o: NewJobOutcome): JobOutcome => {
          if (o.status === "DONE") counts.done++;
          else if (o.status === "SKIPPED") counts.skipped++;
          else counts.failed++;
          return { ...o, jobId, seq: ++seq };
        });
        counts.matched = Math.max(counts.matched, counts.done + counts.skipped + counts.failed);
        return { next: { ...next, counts }, outcomes: numbered };
      });
    },

    async purge({ endedBefore, limit }) {
      if (!(limit >= 1)) return 0;
      const old: JobRecord[] = [];
      for (let before: string | undefined, page: JobRecord[]; ; before = page[page.length - 1]!.jobId) {
        page = await table.list(PURGE_SCAN_PAGE, before);
        for (const job of page) if (ended(job.status) && job.endedTimestamp !== undefined && job.endedTimestamp < endedBefore) old.push(job);
        if (page.length < PURGE_SCAN_PAGE) break;
      }
      old.sort((a, b) => (a.endedTimestamp! < b.endedTimestamp! ? -1 : a.endedTimestamp! > b.endedTimestamp! ? 1 : 0));
      const victims = old.slice(0, Math.floor(limit));
      for (const job of victims) await table.remove(job.jobId);
      return victims.length;
    },

    async cancel(jobId, now) {
      for (;;) {
        const job = typeof jobId === "string" && JOB_ID.test(jobId) ? await table.get(jobId) : undefined;
        if (!job || ended(job.status)) return job;
        const runnerAlive = job.status === "RUNNING" && (job.leaseExpiresAt ?? 0) > now;
        if (runnerAlive && job.cancelRequested) return job;
        const next = runnerAlive
          ? { ...applyPatch(job, {}, now), cancelRequested: true }
          : applyPatch({ ...job, cancelRequested: true }, { status: "CANCELLED", endedTimestamp: iso(now) }, now);
        if (await table.swap(next, job.version, [])) return next;
      }
    },
  };
}
