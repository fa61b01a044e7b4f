/**
 * The client API of the runtime: the one code path the CLI, the console's route handlers and
 * tests use to start, inspect and steer executions. It never runs handler code: every answer
 * (callback, stop, redrive) is one store transaction that records the change and its history
 * event and makes the execution due; a worker does the rest.
 *
 * Every input is validated first; a DurableClientError (with a machine-readable code and an
 * HTTP status hint) means nothing was written.
 */
import {
  StoreError,
  type AuditQuery,
  type AuditRecord,
  type CallbackRecord,
  type DurableStore,
  type ExecutionQuery,
  type ExecutionRecord,
  type FunctionRecord,
  type FunctionWindow,
  type FunctionWindowQuery,
  type HistoryQuery,
  type LogQuery,
  type LogRecord,
  type OperationRecord,
  type OperationWithEvents,
  type Page,
  type PendingCallbackQuery,
  type PendingCallbackView,
} from "../store/types";
import { Limits, type ErrorObject, type ExecutionStatus, type HistoryEvent } from "../types/wire";
import { CallbackAnswers } from "./client-callbacks";
import {
  checkErrorSize,
  checkPayloadSize,
  errorObjectSchema,
  executionIdOf,
  historyQuerySchema,
  listExecutionsSchema,
  logQuerySchema,
  parseInput,
  pendingCallbacksQuerySchema,
  replayOptionsSchema,
  startExecutionSchema,
  type ReplayExecutionOptions,
  type StartExecutionParams,
} from "./client-schemas";
import { systemClock, type Clock } from "./clock";
import { DurableClientError } from "./errors";
import { Diagnostics } from "./diagnosis/diagnose";
import { CostReports } from "./cost/cost-reports";
import type { CostOptions, ExecutionCost, FunctionCost, FunctionCostQuery } from "./cost/types";
import type { ExecutionDiagnosis, HealthSummary, StuckList, StuckQuery, WorkerView } from "./diagnosis/types";
import type { FunctionRegistry } from "./registry";
import type { DeterminismReport, FunctionDeterminismReport } from "./determinism";
import type { DeterminismCheckState } from "./jobs/determinism-checks";
import type { ForkResult } from "./fork";
import type { RedrivePreview } from "./redrive-preview";
import { Steering, type StartOptions } from "./client-steering";
import { ResumeActions } from "./resume";
import type { ForkExecutionOptions } from "./client-schemas";
import { BulkJobs, type BulkJobInput, type BulkPreview } from "./jobs/bulk-jobs";
import type { JobActor, JobOutcome, JobRecord } from "../store/types";

/** An execution as the client API shows it: the stored record without its fencing token. */
export type ExecutionView = Omit<ExecutionRecord, "checkpointToken">;

export interface StartExecutionResult {
  execution: ExecutionView;
  /** True when an execution with this name and the same input existed: nothing new was started. */
  alreadyExisted: boolean;
}

export interface DurableClientOptions {
  store: DurableStore;
  /**
   * When given, startExecution/replayExecution only accept its durable functions. Without it they
   * check the functions workers registered in the store (see `DurableClient.start`).
   */
  registry?: FunctionRegistry;
  clock?: Clock;
  /**
   * The handlers the determinism check replays histories through (default: `registry`). Without
   * them the check answers CODE_UNAVAILABLE and redrives and forks go ahead unchecked.
   */
  code?: FunctionRegistry;
  /** Called after a write that makes work due (an in-process worker's `wake`). */
  onWake?: () => void;
}

export function toExecutionView(record: ExecutionRecord): ExecutionView {
  const { checkpointToken: _token, ...view } = record;
  return view;
}

export class DurableClient {
  private readonly store: DurableStore;
  private readonly registry?: FunctionRegistry;
  private readonly code?: FunctionRegistry;
  private readonly clock: Clock;
  private readonly onWake: () => void;
  private readonly callbacks: CallbackAnswers;
  private readonly diagnostics: Diagnostics;
  private readonly resume: ResumeActions;
  private readonly steering: Steering;
  private readonly jobs: BulkJobs;
  private readonly costs: CostReports;

  constructor(options: DurableClientOptions) {
    this.store = options.store;
    this.registry = options.registry;
    this.code = options.code ?? options.registry;
    this.clock = options.clock ?? systemClock;
    this.onWake = options.onWake ?? (() => undefined);
    this.callbacks = new CallbackAnswers(this.store, this.clock, this.onWake);
    this.diagnostics = new Diagnostics(this.store, this.clock);
    this.resume = new ResumeActions(this.store, this.clock, this.code);
    this.steering = new Steering(this.store, this.clock, this.registry, this.resume, this.onWake);
    this.jobs = new BulkJobs(this.store, this.clock, this.diagnostics);
    this.costs = new CostReports(this.store, this.clock);
  }

  // ---- starting ---------------------------------------------------------------------------

  /**
   * Starts an execution. With a name, starting is idempotent: the same name and input return the
   * existing execution (`alreadyExisted: true`); the same name with another input is refused
   * (EXECUTION_ALREADY_STARTED).
   */
  async startExecution(params: StartExecutionParams): Promise<StartExecutionResult> {
    const raw = params as { input?: unknown };
    if (typeof raw?.input === "string") checkPayloadSize(raw.input, Limits.executionInputBytes, "input");
    const p = parseInput(startExecutionSchema, params, "startExecution");
    return this.start(p.functionName, p.input, { name: p.name, executionTimeoutSeconds: p.executionTimeoutSeconds });
  }

  /** A new execution of the same function with the original input, or an edited one (`replayOf` links them). */
  async replayExecution(idOrArn: string, options: ReplayExecutionOptions = {}): Promise<StartExecutionResult> {
    const executionId = executionIdOf(idOrArn);
    const raw = options as { input?: unknown };
    if (typeof raw?.input === "string") checkPayloadSize(raw.input, Limits.executionInputBytes, "input");
    const o = parseInput(replayOptionsSchema, options, "replayExecution");
    const source = await this.requireExecution(executionId);
    return this.start(source.functionName, o.input ?? source.inputPayload, {
      name: o.name,
      executionTimeoutSeconds: source.executionTimeoutSeconds,
      replayOf: source.executionId,
    });
  }

  private async start(functionName: string, input: string | undefined, options: StartOptions): Promise<StartExecutionResult> {
    const { execution, alreadyExisted } = await this.steering.start(functionName, input, options);
    return { execution: toExecutionView(execution), alreadyExisted };
  }

  // ---- reading ----------------------------------------------------------------------------

  async getExecution(idOrArn: string): Promise<ExecutionView> {
    return toExecutionView(await this.requireExecution(executionIdOf(idOrArn)));
  }

  async listExecutions(query: ExecutionQuery = {}): Promise<Page<ExecutionView>> {
    const q = parseInput(listExecutionsSchema, query, "listExecutions") as ExecutionQuery;
    try {
      const page = await this.store.executions.list(q);
      return { ...page, items: page.items.map(toExecutionView) };
    } catch (error) {
      if (StoreError.is(error) && error.code === "INVALID_CURSOR") throw new DurableClientError("VALIDATION_ERROR", error.message);
      throw error;
    }
  }

  async getHistory(idOrArn: string, query: HistoryQuery = {}): Promise<Page<HistoryEvent>> {
    const executionId = executionIdOf(idOrArn);
    const q = parseInput(historyQuerySchema, query, "getHistory");
    await this.requireExecution(executionId);
    return this.store.history.list(executionId, q);
  }

  /** Every operation in start order, with the runtime's timers (callback deadlines, child execution ids). */
  async getOperations(idOrArn: string): Promise<OperationRecord[]> {
    const executionId = executionIdOf(idOrArn);
    await this.requireExecution(executionId);
    return this.store.operations.list(executionId);
  }

  /**
   * One operation with its own history events, oldest first, read by key through the operation's
   * event list (no scan of the history); undefined when the execution has no such operation.
   */
  async getOperationWithEvents(idOrArn: string, operationId: string): Promise<OperationWithEvents | undefined> {
    const executionId = executionIdOf(idOrArn);
    await this.requireExecution(executionId);
    return this.store.operations.getWithEvents(executionId, operationId);
  }

  async getLogs(idOrArn: string, query: LogQuery = {}): Promise<Page<LogRecord>> {
    const executionId = executionIdOf(idOrArn);
    const q = parseInput(logQuerySchema, query, "getLogs");
    await this.requireExecution(executionId);
    return this.store.logs.list(executionId, q);
  }

  /** The functions workers registered in the store, by name (whatever `registry` this client has). */
  async listFunctions(): Promise<FunctionRecord[]> {
    return this.store.functions.list();
  }

  // The console's overview reads: thin passes to the store, so the console reads through this
  // client alone (no payloads in counts or windows; the audit log holds none either).

  /** Executions per status under `query`'s filters (its limit, cursor and order are ignored). */
  async countExecutionsByStatus(query: ExecutionQuery = {}): Promise<Record<ExecutionStatus, number>> {
    return this.store.executions.countByStatus(query);
  }

  /** Names of the functions that have executions, sorted. */
  async listFunctionNames(): Promise<string[]> {
    return this.store.executions.functionNames();
  }

  /** The executions of one function started in a time range (the console's function statistics). */
  async functionWindow(query: FunctionWindowQuery): Promise<FunctionWindow> {
    return this.store.executions.functionWindow(query);
  }

  /** Appends one audit record (the console's and the CLI's record of who did what). */
  async appendAudit(record: AuditRecord): Promise<void> {
    return this.store.audit.append(record);
  }

  /** A callback by id (which execution and operation it belongs to), or undefined. */
  async getCallback(callbackId: string): Promise<CallbackRecord | undefined> {
    return this.store.callbacks.get(callbackId);
  }

  /** The audit log, newest first; a bad cursor is the store's INVALID_CURSOR. */
  async listAudit(query: AuditQuery = {}): Promise<Page<AuditRecord>> {
    return this.store.audit.list(query);
  }

  /**
   * The approvals inbox: callbacks waiting for an answer in RUNNING executions, oldest first (or
   * soonest deadline first with `order: "deadline"`), of one function and/or callback name,
   * paged by `cursor` (the previous page's nextCursor).
   */
  async listPendingCallbacks(query: PendingCallbackQuery = {}): Promise<Page<PendingCallbackView>> {
    const q = parseInput(pendingCallbacksQuerySchema, query, "listPendingCallbacks");
    try {
      return await this.store.callbacks.listPending(q);
    } catch (error) {
      if (StoreError.is(error) && error.code === "INVALID_CURSOR") throw new DurableClientError("VALIDATION_ERROR", error.message);
      throw error;
    }
  }

  // ---- why it waits, and what is stuck (sdk/runtime/diagnosis) ----------------------------

  /** The workers' heartbeat rows, each judged alive or not at the read. */
  listWorkers(): Promise<WorkerView[]> {
    return this.diagnostics.listWorkers();
  }

  /** What a RUNNING execution waits on, in words, and the stuck rules it breaks with their reasons. */
  async explainExecution(idOrArn: string, query: StuckQuery = {}): Promise<ExecutionDiagnosis> {
    const execution = toExecutionView(await this.requireExecution(executionIdOf(idOrArn)));
    return this.diagnostics.explain(execution, query);
  }

  /** Every stuck RUNNING execution with its reasons, oldest start first (`durable list --stuck`). */
  listStuckExecutions(query: StuckQuery = {}): Promise<StuckList> {
    return this.diagnostics.listStuck(query);
  }

  /** Workers alive, their functions, the oldest due execution and the stuck count (the home page's strip). */
  getHealth(query: StuckQuery = {}): Promise<HealthSummary> {
    return this.diagnostics.health(query);
  }

  // ---- what a run costs (sdk/runtime/cost) ------------------------------------------------

  /** Compute, waiting and replay time, operations, payload bytes, each against Lambda's limit, and a bill estimate. */
  async getExecutionCost(idOrArn: string, options: CostOptions = {}): Promise<ExecutionCost> {
    return this.costs.executionCost(executionIdOf(idOrArn), options);
  }

  /** The same over a function's newest executions (`last`, default 20), summed and per run. */
  getFunctionCost(functionName: string, query: FunctionCostQuery = {}): Promise<FunctionCost> {
    return this.costs.functionCost(functionName, query);
  }

  // ---- answering callbacks -----------------------------------------------------------------

  /** Completes a callback with a result (raw text; the SDK's default deserializer passes it through). */
  sendCallbackSuccess(callbackId: string, result?: string): Promise<void> {
    return this.callbacks.succeed(callbackId, result);
  }

  sendCallbackFailure(callbackId: string, error?: ErrorObject): Promise<void> {
    return this.callbacks.fail(callbackId, error);
  }

  /** Pushes the callback's heartbeat deadline forward (no event; Lambda records none). */
  sendCallbackHeartbeat(callbackId: string): Promise<void> {
    return this.callbacks.heartbeat(callbackId);
  }

  // ---- steering ---------------------------------------------------------------------------

  /**
   * Stops a RUNNING execution: STOPPED + ExecutionStopped, its token nulled (a running
   * invocation's next checkpoint is refused), its running chained child executions stopped.
   */
  async stopExecution(idOrArn: string, error?: ErrorObject): Promise<ExecutionView> {
    const e = error === undefined ? undefined : parseInput(errorObjectSchema, error, "error");
    checkErrorSize(e, "error");
    return toExecutionView(await this.steering.stop(executionIdOf(idOrArn), e));
  }

  /**
   * Runs a FAILED, TIMED_OUT or STOPPED execution again from its checkpoints (see redrive.ts).
   * When this client has the function's code, the history is first replayed through it (see
   * `checkDeterminism`) and a mismatch refuses the redrive (NON_DETERMINISTIC) unless `force`.
   */
  async redriveExecution(idOrArn: string, options: { force?: boolean } = {}): Promise<ExecutionView> {
    return toExecutionView(await this.steering.redrive(executionIdOf(idOrArn), options));
  }

  // ---- resuming safely (redrive preview, determinism check, rerun from a step: resume.ts) --

  /** What a redrive would do now, computed by the redrive itself on the records, writing nothing. */
  previewRedrive(idOrArn: string): Promise<RedrivePreview> {
    return this.resume.previewRedrive(idOrArn);
  }

  /**
   * Replays the execution's recorded history through the handler this client has for its
   * function, in a dry run (no step body runs, nothing is written): "compatible", or the first
   * mismatch. CODE_UNAVAILABLE when this client has no such handler.
   */
  checkDeterminism(idOrArn: string): Promise<DeterminismReport> {
    return this.resume.checkDeterminism(idOrArn);
  }

  /** The same check over the newest `last` executions of a function (a deploy against recent history). */
  checkRecentExecutions(functionName: string, options: { last?: number } = {}): Promise<FunctionDeterminismReport> {
    return this.resume.checkRecentExecutions(functionName, options);
  }

  /**
   * The check run by a worker that has the function's code (this client may have none): the
   * stored check of the execution as it is now, requested when there is none. Poll
   * `getDeterminismCheck(jobId)` until its status is no longer "checking".
   */
  requestDeterminismCheck(idOrArn: string, createdBy: JobActor): Promise<DeterminismCheckState> {
    return this.resume.requestWorkerCheck(idOrArn, createdBy);
  }

  /** A worker-run check of a function's newest `last` executions (see requestDeterminismCheck). */
  requestRecentDeterminismCheck(functionName: string, options: { last?: number }, createdBy: JobActor): Promise<DeterminismCheckState> {
    return this.resume.requestWorkerCheckOfRecent(functionName, options, createdBy);
  }

  /** The worker-run check of the execution as it is now, when one was requested. */
  findDeterminismCheck(idOrArn: string): Promise<DeterminismCheckState | undefined> {
    return this.resume.findWorkerCheck(idOrArn);
  }

  getDeterminismCheck(jobId: string): Promise<DeterminismCheckState> {
    return this.resume.workerCheckState(jobId);
  }

  /** Whether this client has the code of `functionName` to check histories against. */
  hasCodeFor(functionName: string): boolean {
    return this.resume.hasCodeFor(functionName);
  }

  /**
   * Rerun from a step: a new execution that keeps every checkpoint recorded before
   * `fromOperationId` and runs from there, with the source's input or an edited one (see fork.ts).
   * Refused (NON_DETERMINISTIC) unless `force` when the code here replays the carried part differently.
   */
  async forkExecution(idOrArn: string, options: ForkExecutionOptions): Promise<ForkResult & { execution: ExecutionView }> {
    const result = await this.resume.fork(idOrArn, options);
    this.onWake();
    return { ...result, execution: toExecutionView(result.execution) };
  }

  // ---- bulk jobs: an action over a query, run by a worker (jobs/) ---------------------------

  /** How many executions a bulk action over `input.query` matches, and what it does to each status. Writes nothing. */
  previewBulkJob(input: BulkJobInput): Promise<BulkPreview> {
    return this.jobs.preview(input);
  }

  /** Stores a bulk job (PENDING) that a worker runs; its actions are audited in `createdBy`'s name. */
  createBulkJob(input: BulkJobInput, createdBy: JobActor): Promise<{ job: JobRecord; preview: BulkPreview }> {
    return this.jobs.create(input, createdBy);
  }

  listJobs(query: { limit?: number; cursor?: string } = {}): Promise<Page<JobRecord>> {
    return this.jobs.list(query);
  }

  getJob(jobId: string): Promise<JobRecord> {
    return this.jobs.get(jobId);
  }

  /** A job's per-execution outcomes in the order recorded; `cursor` is the previous page's nextCursor. */
  listJobOutcomes(jobId: string, query: { cursor?: string; limit?: number } = {}): Promise<Page<JobOutcome>> {
    return this.jobs.outcomes(jobId, query);
  }

  /** Cancels a job: at once if no runner holds it, else at its runner's next batch. */
  cancelJob(jobId: string): Promise<JobRecord> {
    return this.jobs.cancel(jobId);
  }

  private async requireExecution(executionId: string): Promise<ExecutionRecord> {
    const execution = await this.store.executions.get(executionId);
    if (!execution) throw new DurableClientError("EXECUTION_NOT_FOUND", `execution ${executionId} not found`);
    return execution;
  }
}
