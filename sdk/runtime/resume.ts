/**
 * The client API's "resume safely" reads and the fork, kept beside the client (which delegates to
 * them): the redrive preview, the determinism check (one execution, or a function's newest ones)
 * and rerun from a step. Each validates its input first; a DurableClientError means nothing was written.
 */
import type { DurableStore, ExecutionRecord } from "../store/types";
import { Limits } from "../types/wire";
import { checkPayloadSize, executionIdOf, forkOptionsSchema, parseInput, type ForkExecutionOptions } from "./client-schemas";
import type { Clock } from "./clock";
import { checkDeterminismOf, handlerIn, refuseMismatch, summarize, type DeterminismReport, type FunctionDeterminismReport } from "./determinism";
import { DurableClientError } from "./errors";
import { planFork, writeFork, type ForkResult } from "./fork";
import { previewRedrive, type RedrivePreview } from "./redrive-preview";
import type { FunctionRegistry } from "./registry";

/** The most executions one check of a function's recent history replays. */
export const MAX_CHECKED_EXECUTIONS = 1000;

export class ResumeActions {
  constructor(
    private readonly store: DurableStore,
    private readonly clock: Clock,
    private readonly code: FunctionRegistry | undefined,
  ) {}

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
    const last = options.last ?? 100;
    if (!Number.isInteger(last) || last < 1 || last > MAX_CHECKED_EXECUTIONS) {
      throw new DurableClientError("VALIDATION_ERROR", `last must be a whole number from 1 to ${MAX_CHECKED_EXECUTIONS}`, [
        { path: "checkRecentExecutions.last", message: `must be a whole number from 1 to ${MAX_CHECKED_EXECUTIONS}` },
      ]);
    }
    const handler = handlerIn(this.code, functionName);
    const page = await this.store.executions.list({ functionName, limit: last });
    const reports: DeterminismReport[] = [];
    for (const execution of page.items) {
      reports.push(await checkDeterminismOf(handler, execution, await this.store.operations.list(execution.executionId)));
    }
    return summarize(functionName, reports);
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
