/**
 * The client API's "resume safely" reads and the fork, kept beside the client (which delegates to
 * them): the redrive preview, the determinism check (one execution, or a function's newest ones)
 * and rerun from a step. Each validates its input first; a DurableClientError means nothing was written.
 */
import type { DurableStore, ExecutionRecord, JobActor, OperationRecord } from "../store/types";
import { Limits } from "../types/wire";
import { checkPayloadSize, executionIdOf, forkOptionsSchema, parseInput, type ForkExecutionOptions } from "./client-schemas";
import type { Clock } from "./clock";
import { checkDeterminismOf, handlerIn, refuseMismatch, summarize, type DeterminismReport, type FunctionDeterminismReport } from "./determinism";
import { DurableClientError } from "./errors";
import { planFork, writeFork, type ForkResult } from "./fork";
import { previewRedrive, type RedrivePreview } from "./redrive-preview";
import type { FunctionRegistry } from "./registry";
import { checkJobIdOf, DeterminismChecks, type DeterminismCheckState } from "./jobs/determinism-checks";

/** The most executions one check of a function's recent history replays. */
export const MAX_CHECKED_EXECUTIONS = 1000;

export class ResumeActions {
  private readonly workerChecks: DeterminismChecks;

  constructor(
    private readonly store: DurableStore,
    private readonly clock: Clock,
    private readonly code: FunctionRegistry | undefined,
  ) {
    this.workerChecks = new DeterminismChecks(store, clock);
  }

  async previewRedrive(idOrArn: string): Promise<RedrivePreview> {
    const execution = await this.require(executionIdOf(idOrArn));
    return previewRedrive(execution, await this.store.operations.list(execution.executionId), this.clock.now());
  }

  async checkDeterminism(idOrArn: string): Promise<DeterminismReport> {
    const execution = await this.require(executionIdOf(idOrArn));
    const handler = handlerIn(this.code, execution.functionName);
    return checkDeterminismOf(handler, execution, await this.store.operations.list(execution.executionId));
  }

  async checkRecentExecutions(functionName: string, options: { last?: number }): Promise<FunctionDeterminismReport> {
    const last = checkedLast(options.last);
    const handler = handlerIn(this.code, functionName);
    const page = await this.store.executions.list({ functionName, limit: last });
    const reports: DeterminismReport[] = [];
    for (const execution of page.items) {
      reports.push(await checkDeterminismOf(handler, execution, await this.store.operations.list(execution.executionId)));
    }
    return summarize(functionName, reports);
  }

  /**
   * The determinism check of one execution run by a worker that has its function's code (for a
   * process that has not): the stored check of the execution as it is now, asked for when there
   * is none yet, and where it stands.
   */
  async requestWorkerCheck(idOrArn: string, createdBy: JobActor): Promise<DeterminismCheckState> {
    const execution = await this.require(executionIdOf(idOrArn));
    const job = await this.workerChecks.requestOne(execution, createdBy);
    return this.workerChecks.state(job.jobId);
  }

  /** The same over a function's newest `last` executions: a new check each time it is asked. */
  async requestWorkerCheckOfRecent(functionName: string, options: { last?: number }, createdBy: JobActor): Promise<DeterminismCheckState> {
    const last = checkedLast(options.last);
    const page = await this.store.executions.list({ functionName, limit: last });
    const job = await this.workerChecks.request(functionName, page.items, createdBy);
    return this.workerChecks.state(job.jobId);
  }

  /** The worker-run check of the execution as it is now, if one was asked for; nothing is written. */
  async findWorkerCheck(idOrArn: string): Promise<DeterminismCheckState | undefined> {
    const execution = await this.require(executionIdOf(idOrArn));
    const job = await this.store.jobs.get(checkJobIdOf(execution));
    return job && this.workerChecks.state(job.jobId);
  }

  workerCheckState(jobId: string): Promise<DeterminismCheckState> {
    return this.workerChecks.state(jobId);
  }

  /**
   * The guard of redrive and rerun: NON_DETERMINISTIC when the code here replays `records`
   * differently; without the code here, when a worker's finished check of the execution as it is
   * now found a mismatch. With neither, nothing is checked and the action goes ahead.
   */
  async refuseMismatch(execution: ExecutionRecord, records: OperationRecord[], action: string): Promise<void> {
    if (this.hasCodeFor(execution.functionName)) return refuseMismatch(this.code, execution, records, action);
    const job = await this.store.jobs.get(checkJobIdOf(execution));
    if (job?.status !== "SUCCEEDED") return;
    const state = await this.workerChecks.state(job.jobId);
    const mismatch = state.reports.find((r) => r.executionId === execution.executionId)?.mismatch;
    if (mismatch) {
      throw new DurableClientError(
        "NON_DETERMINISTIC",
        `a worker with the code deployed now does not replay this execution (${action} with force to go ahead anyway): ${mismatch.message}`,
      );
    }
  }

  hasCodeFor(functionName: string): boolean {
    return this.code?.get(functionName)?.kind === "durable";
  }

  async fork(idOrArn: string, options: ForkExecutionOptions): Promise<ForkResult> {
    const executionId = executionIdOf(idOrArn);
    const raw = options as { input?: unknown };
    if (typeof raw?.input === "string") checkPayloadSize(raw.input, Limits.executionInputBytes, "input");
    const o = parseInput(forkOptionsSchema, options, "forkExecution");
    const source = await this.require(executionId);
    const records = await this.store.operations.list(executionId);
    const plan = planFork(records, o.fromOperationId);
    if (o.force !== true) {
      // What the fork replays: its input and the carried checkpoints, through the code here.
      const executionOp = records.filter((r) => r.operation.Type === "EXECUTION");
      await refuseMismatch(this.code, source, [...executionOp, ...plan.carried], "rerun");
    }
    return writeFork(this.store, this.clock, source, plan, o.input ?? source.inputPayload);
  }

  private async require(executionId: string): Promise<ExecutionRecord> {
    const execution = await this.store.executions.get(executionId);
    if (!execution) throw new DurableClientError("EXECUTION_NOT_FOUND", `execution ${executionId} not found`);
    return execution;
  }
}

/** How many recent executions a check covers: 100 unless told, at most MAX_CHECKED_EXECUTIONS. */
function checkedLast(given: number | undefined): number {
  const last = given ?? 100;
  if (!Number.isInteger(last) || last < 1 || last > MAX_CHECKED_EXECUTIONS) {
    throw new DurableClientError("VALIDATION_ERROR", `last must be a whole number from 1 to ${MAX_CHECKED_EXECUTIONS}`, [
      { path: "checkRecentExecutions.last", message: `must be a whole number from 1 to ${MAX_CHECKED_EXECUTIONS}` },
    ]);
  }
  return last;
}
