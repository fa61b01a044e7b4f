/**
 * The determinism check run where the code is. A process without a function's handlers (the
 * console, a CLI without `--functions`) cannot replay its histories; a worker that registered the
 * function can. So the check is a job of kind `check-determinism` that only such a worker claims
 * (`requiresFunction`), whose outcomes carry one DeterminismReport per execution. The check only
 * reads: no audit record, and running it twice is harmless.
 *
 * One execution's check has an id made of the execution and its version, so asking again about
 * an unchanged execution finds the same job (and its answer) instead of queueing another.
 */
import { createHash } from "node:crypto";
import { StoreError, type DurableStore, type ExecutionRecord, type JobActor, type JobRecord } from "../../store/types";
import type { Clock } from "../clock";
import type { DeterminismReport } from "../determinism";
import { summarize, type FunctionDeterminismReport } from "../determinism";
import { DurableClientError } from "../errors";
import type { BulkKind } from "./bulk-kinds";
import { DETERMINISM_CHECK_KIND } from "./kind-names";
import { newJobId } from "./bulk-jobs";

/** Checks per batch: each is a dry run of one history, quick, and read-only. */
const CHECK_BATCH_SIZE = 25;
const CHECKS_PER_SECOND = 200;

export const determinismCheckKind: BulkKind = {
  verdict: () => ({ act: true, does: "replay its history through the worker's code" }),
  mark: async () => null,
  happened: async () => undefined,
  act: async ({ client }, execution) => ({ details: { report: await client.checkDeterminism(execution.executionId) } }),
};

/** Where a check stands: still waiting for (or running on) a worker, or its reports. */
export interface DeterminismCheckState {
  jobId: string;
  functionName: string;
  status: "checking" | "done" | "failed" | "cancelled";
  /** Executions the check covers, and how many have an answer so far. */
  total: number;
  answered: number;
  /** One per execution answered, in the order asked. */
  reports: DeterminismReport[];
  /** Executions the worker could not check, with why (e.g. CODE_UNAVAILABLE for a remote function). */
  errors: Array<{ executionId: string; code?: string; message: string }>;
  /** The function-wide summary, once done. */
  summary?: FunctionDeterminismReport;
}

export function checkJobIdOf(execution: Pick<ExecutionRecord, "executionId" | "version">): string {
  return `check-${createHash("sha256").update(`${execution.executionId}\u0000${execution.version}`).digest("hex").slice(0, 40)}`;
}

export class DeterminismChecks {
  constructor(
    private readonly store: DurableStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Asks a worker that has `functionName` registered to check `executions` (all of it): a stored
   * job, answered through `state`. With `jobId`, an existing job of that id is answered instead.
   */
  async request(functionName: string, executions: ExecutionRecord[], createdBy: JobActor, jobId?: string): Promise<JobRecord> {
    if (jobId) {
      const existing = await this.store.jobs.get(jobId);
      if (existing) return existing;
    }
    const now = this.clock.now();
    const at = new Date(now).toISOString();
    const job: JobRecord = {
      jobId: jobId ?? newJobId(now),
      kind: DETERMINISM_CHECK_KIND,
      query: { functionName },
      params: {},
      status: "PENDING",
      counts: { matched: executions.length, done: 0, skipped: 0, failed: 0 },
      targets: executions.map((e) => e.executionId),
      requiresFunction: functionName,
      ratePerSecond: CHECKS_PER_SECOND,
      batchSize: CHECK_BATCH_SIZE,
      createdBy,
      createdTimestamp: at,
      updatedTimestamp: at,
      version: 1,
    };
    try {
      return await this.store.jobs.create(job);
    } catch (error) {
      // Asked twice at once: the other request stored it first.
      const raced = StoreError.is(error) && error.code === "CONFLICT" && jobId ? await this.store.jobs.get(jobId) : undefined;
      if (raced) return raced;
      throw error;
    }
  }

  /** One execution's check: its job, created when it is asked about for the first time. */
  requestOne(execution: ExecutionRecord, createdBy: JobActor): Promise<JobRecord> {
    return this.request(execution.functionName, [execution], createdBy, checkJobIdOf(execution));
  }

  async state(jobId: string): Promise<DeterminismCheckState> {
    const job = await this.store.jobs.get(jobId);
    if (!job || job.kind !== DETERMINISM_CHECK_KIND) throw new DurableClientError("JOB_NOT_FOUND", `no determinism check ${jobId}`);
    const reports: DeterminismReport[] = [];
    const errors: DeterminismCheckState["errors"] = [];
    for (let after: number | undefined; ; ) {
      const page = await this.store.jobs.listOutcomes(jobId, { afterSeq: after, limit: 1000 });
      for (const outcome of page.items) {
        const report = outcome.details?.report as DeterminismReport | undefined;
        if (outcome.status === "DONE" && report) reports.push(report);
        else errors.push({ executionId: outcome.executionId, code: outcome.errorCode, message: outcome.reason ?? outcome.status });
      }
      if (!page.nextCursor) break;
      after = Number(page.nextCursor);
    }
    const functionName = job.requiresFunction ?? job.query.functionName ?? "";
    const status = job.status === "SUCCEEDED" ? "done" : job.status === "FAILED" ? "failed" : job.status === "CANCELLED" ? "cancelled" : "checking";
    const state: DeterminismCheckState = { jobId, functionName, status, total: job.counts.matched, answered: reports.length + errors.length, reports, errors };
    if (status === "done") state.summary = summarize(functionName, reports);
    return state;
  }
}
