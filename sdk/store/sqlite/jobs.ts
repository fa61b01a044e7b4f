/**
 * Jobs on SQLite: one row per job in `jobs` (the record as JSON, its version and whether it is
 * active as columns), one row per outcome in `job_outcomes` keyed by (job, seq). The group's rules
 * are sdk/store/jobs.ts; this is its table: a swap is one UPDATE conditioned on the version, with
 * the outcomes inserted in the same transaction (the store's group commit).
 */
import type { JobOutcome, JobRecord, JobStore } from "../types";
import { jobStoreOver, type JobTable } from "../jobs";
import type { SqliteContext } from "./context";
import { asConflict } from "./write-children";

const ACTIVE = (status: string) => (status === "PENDING" || status === "RUNNING" ? 1 : 0);

export function sqliteJobs(ctx: SqliteContext): JobStore {
  // Prepared on first use: the tables exist only once init() applied the schema.
  const statement = (key: string, sql: string) => ctx.cache.get(`jobs:${key}`, () => sql);
  const ready = () => void ctx.s; // throws the store's own error before init() or after close()
  const parse = (row: { record: string }) => JSON.parse(row.record) as JobRecord;
  const table: JobTable = {
    async get(jobId) {
      ready();
      const row = statement("get", "SELECT record FROM jobs WHERE job_id = ?").get(jobId) as { record: string } | undefined;
      return row && parse(row);
    },

    async list(limit, beforeJobId) {
      ready();
      const rows =
        beforeJobId === undefined
          ? statement("list", "SELECT record FROM jobs ORDER BY job_id DESC LIMIT ?").all(limit)
          : statement("listBefore", "SELECT record FROM jobs WHERE job_id < ? ORDER BY job_id DESC LIMIT ?").all(beforeJobId, limit);
      return (rows as { record: string }[]).map(parse);
    },

    async active() {
      ready();
      return (statement("active", "SELECT record FROM jobs WHERE active = 1 ORDER BY job_id").all() as { record: string }[]).map(parse);
    },

    async insert(job) {
      ready();
      const insert = statement("insert", "INSERT INTO jobs (job_id, version, active, record) VALUES (?, ?, ?, ?)");
      await ctx.group.run(() => {
        try {
          insert.run(job.jobId, job.version, ACTIVE(job.status), JSON.stringify(job));
        } catch (error) {
          throw asConflict(error, `job ${job.jobId} already exists`);
        }
      });
    },

    async swap(next, expectedVersion, outcomes) {
      ready();
      const update = statement("swap", "UPDATE jobs SET version = ?, active = ?, record = ? WHERE job_id = ? AND version = ?");
      const insert = statement("outcome", "INSERT INTO job_outcomes (job_id, seq, execution_id, record) VALUES (?, ?, ?, ?)");
      return ctx.group.run(() => {
        const changed = update.run(next.version, ACTIVE(next.status), JSON.stringify(next), next.jobId, expectedVersion).changes;
        if (changed === 0) return false;
        for (const o of outcomes) insert.run(o.jobId, o.seq, o.executionId, JSON.stringify(o));
        return true;
      });
    },

    async listOutcomes(jobId, afterSeq, limit) {
      ready();
      const rows = statement("outcomes", "SELECT record FROM job_outcomes WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?").all(jobId, afterSeq, limit);
      return (rows as { record: string }[]).map((row) => JSON.parse(row.record) as JobOutcome);
    },

    async remove(jobId) {
      ready();
      const outcomes = statement("removeOutcomes", "DELETE FROM job_outcomes WHERE job_id = ?");
      const job = statement("remove", "DELETE FROM jobs WHERE job_id = ? AND active = 0");
      await ctx.group.run(() => {
        outcomes.run(jobId);
        job.run(jobId);
      });
    },
  };
  return jobStoreOver(table);
}
