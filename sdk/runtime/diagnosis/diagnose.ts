/**
 * The store reads behind "why is it waiting, and is it stuck" (the client API's diagnosis
 * methods): worker heartbeat rows, one execution's waits and reasons, every stuck execution, and
 * the home page's health summary. Reads only; every figure comes from the store, so the answer is
 * the same on SQLite and DynamoDB and in every process.
 *
 * Finding stuck executions looks at RUNNING executions (up to SCAN_LIMIT, oldest start first) and
 * the pending callbacks, each read once; the EXECUTION operation (its invocation error count) is
 * read only for executions invoked often enough to have reached the threshold.
 */
import { z } from "zod";
import type { DurableStore, ExecutionRecord } from "../../store/types";
import type { ErrorObject, EventDetailsByType } from "../../types/wire";
import { FUNCTION_NAME_PATTERN } from "../arns";
import { parseInput } from "../client-schemas";
import { isoAt, type Clock } from "../clock";
import { executionOperationId } from "../checkpoint-processor";
import { runtimeStateOf } from "../operation-state";
import { executionDeadline } from "../timers";
import { DEFAULT_DUE_GRACE_SECONDS, DEFAULT_INVOCATION_ERROR_THRESHOLD, stuckReasons, type PendingCallbackFacts } from "./stuck-rules";
import type { ExecutionDiagnosis, HealthSummary, StuckExecution, StuckList, StuckQuery, StuckReason, WorkerView } from "./types";
import { waitingOn } from "./waiting-on";
import { indexWorkers, workerView, type WorkerIndex } from "./workers";

/** RUNNING executions one stuck check looks at, at most (the answer says when there were more). */
export const SCAN_LIMIT = 5000;
const PAGE = 500;
/** Store reads in flight at once while reading EXECUTION operations. */
const READ_CONCURRENCY = 25;

export const stuckQuerySchema = z
  .object({
    functionName: z.string().regex(FUNCTION_NAME_PATTERN, "must be 1-64 letters, digits, '-' or '_'").optional(),
    dueGraceSeconds: z.number().int().min(0).max(7 * 24 * 3600).optional(),
    invocationErrorThreshold: z.number().int().min(1).max(1000).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

type Execution = Omit<ExecutionRecord, "checkpointToken">;

interface Scan {
  now: number;
  workers: WorkerView[];
  index: WorkerIndex;
  stuck: Array<{ execution: Execution; stuck: StuckReason[] }>;
  oldestDue?: { execution: Execution; dueAt: number };
  scanned: number;
  truncated: boolean;
}

export class Diagnostics {
  constructor(
    private readonly store: DurableStore,
    private readonly clock: Clock,
  ) {}

  /** Every worker row with its verdict (alive or not), by id. */
  async listWorkers(): Promise<WorkerView[]> {
    const now = this.clock.now();
    return (await this.store.workers.list()).map((record) => workerView(record, now));
  }

  /** What one execution waits on, and the stuck rules it breaks (none for an ended execution). */
  async explain(execution: Execution, query: StuckQuery = {}): Promise<ExecutionDiagnosis> {
    const q = parseInput(stuckQuerySchema, query, "explainExecution");
    const now = this.clock.now();
    const [operations, workers] = await Promise.all([this.store.operations.list(execution.executionId), this.listWorkers()]);
    const index = indexWorkers(workers);
    const execOp = operations.find((record) => record.operation.Id === executionOperationId(execution));
    const pendingCallbacks: PendingCallbackFacts[] = operations
      .filter((record) => record.operation.Type === "CALLBACK" && record.operation.Status === "STARTED" && record.operation.CallbackDetails?.CallbackId)
      .map((record) => ({ callbackId: record.operation.CallbackDetails!.CallbackId!, operationId: record.operation.Id, heartbeatDeadlineAt: runtimeStateOf(record).heartbeatDeadlineAt }));
    const invocationErrors = runtimeStateOf(execOp).invocationErrors;
    const threshold = q.invocationErrorThreshold ?? DEFAULT_INVOCATION_ERROR_THRESHOLD;
    const stuck = stuckReasons({
      execution,
      workers: index,
      now,
      dueGraceMs: (q.dueGraceSeconds ?? DEFAULT_DUE_GRACE_SECONDS) * 1000,
      invocationErrorThreshold: threshold,
      invocationErrors,
      lastInvocationError: (invocationErrors ?? 0) >= threshold ? await this.lastInvocationError(execution.executionId) : undefined,
      pendingCallbacks,
    });
    const deadline = executionDeadline(execution as ExecutionRecord, execOp);
    const diagnosis: ExecutionDiagnosis = {
      executionId: execution.executionId,
      functionName: execution.functionName,
      name: execution.name,
      status: execution.status,
      checkedTimestamp: isoAt(now),
      waitingOn: waitingOn(execution, operations, index, now),
      stuck,
    };
    if (deadline !== undefined && execution.status === "RUNNING") diagnosis.timeoutTimestamp = isoAt(deadline);
    return diagnosis;
  }

  /** Every stuck RUNNING execution (of one function, when asked), oldest start first, with its reasons. */
  async listStuck(query: StuckQuery = {}): Promise<StuckList> {
    const q = parseInput(stuckQuerySchema, query, "listStuckExecutions");
    const scan = await this.scan(q);
    const items: StuckExecution[] = scan.stuck.slice(0, q.limit ?? 50).map(({ execution, stuck }) => ({
      executionId: execution.executionId,
      functionName: execution.functionName,
      name: execution.name,
      startTimestamp: execution.startTimestamp,
      stuck,
    }));
    return { checkedTimestamp: isoAt(scan.now), items, stuckCount: scan.stuck.length, scanned: scan.scanned, truncated: scan.truncated };
  }

  /** Workers alive, their functions, the oldest due execution and how many are stuck. */
  async health(query: StuckQuery = {}): Promise<HealthSummary> {
    const q = parseInput(stuckQuerySchema, query, "getHealth");
    const scan = await this.scan(q);
    const summary: HealthSummary = {
      checkedTimestamp: isoAt(scan.now),
      workers: scan.workers,
      aliveWorkers: scan.index.aliveCount,
      liveFunctions: [...scan.index.liveFunctions].sort(),
      stuckCount: scan.stuck.length,
      scanned: scan.scanned,
      truncated: scan.truncated,
    };
    if (scan.oldestDue) {
      const { execution, dueAt } = scan.oldestDue;
      summary.oldestDue = { executionId: execution.executionId, functionName: execution.functionName, name: execution.name, dueTimestamp: isoAt(dueAt) };
    }
    return summary;
  }

  private async scan(q: StuckQuery): Promise<Scan> {
    const now = this.clock.now();
    const [workers, running, callbacks] = await Promise.all([this.listWorkers(), this.runningExecutions(q.functionName), this.pendingCallbacks(q.functionName)]);
    const index = indexWorkers(workers);
    const threshold = q.invocationErrorThreshold ?? DEFAULT_INVOCATION_ERROR_THRESHOLD;
    const errors = await this.invocationErrors(running.executions.filter((e) => e.invocationCount >= threshold));
    // The last error only for those the rule flags: one short history read each.
    const lastErrors = new Map<string, ErrorObject | undefined>();
    const flagged = [...errors].filter(([, count]) => count >= threshold).map(([id]) => id);
    await Promise.all(flagged.map(async (id) => lastErrors.set(id, await this.lastInvocationError(id))));
    const stuck: Scan["stuck"] = [];
    let oldestDue: Scan["oldestDue"];
    for (const execution of running.executions) {
      const reasons = stuckReasons({
        execution,
        workers: index,
        now,
        dueGraceMs: (q.dueGraceSeconds ?? DEFAULT_DUE_GRACE_SECONDS) * 1000,
        invocationErrorThreshold: threshold,
        invocationErrors: errors.get(execution.executionId),
        lastInvocationError: lastErrors.get(execution.executionId),
        pendingCallbacks: callbacks.get(execution.executionId) ?? [],
      });
      if (reasons.length > 0) stuck.push({ execution, stuck: reasons });
      const dueAt = dueUnheldSince(execution, now);
      if (dueAt !== undefined && (!oldestDue || dueAt < oldestDue.dueAt)) oldestDue = { execution, dueAt };
    }
    return { now, workers, index, stuck, oldestDue, scanned: running.executions.length, truncated: running.truncated };
  }

  private async runningExecutions(functionName: string | undefined): Promise<{ executions: Execution[]; truncated: boolean }> {
    const executions: Execution[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.executions.list({ statuses: ["RUNNING"], oldestFirst: true, limit: PAGE, ...(functionName ? { functionName } : {}), ...(cursor ? { cursor } : {}) });
      for (const { checkpointToken: _token, ...execution } of page.items) executions.push(execution);
      cursor = page.nextCursor;
    } while (cursor && executions.length < SCAN_LIMIT);
    return { executions: executions.slice(0, SCAN_LIMIT), truncated: cursor !== undefined || executions.length > SCAN_LIMIT };
  }

  /** Pending callbacks with a heartbeat deadline, by execution. */
  private async pendingCallbacks(functionName: string | undefined): Promise<Map<string, PendingCallbackFacts[]>> {
    const byExecution = new Map<string, PendingCallbackFacts[]>();
    let cursor: string | undefined;
    let read = 0;
    do {
      const page = await this.store.callbacks.listPending({ limit: 1000, ...(functionName ? { functionName } : {}), ...(cursor ? { cursor } : {}) });
      read += page.items.length;
      for (const cb of page.items) {
        if (cb.heartbeatDeadlineAt === undefined) continue;
        const list = byExecution.get(cb.executionId) ?? [];
        list.push({ callbackId: cb.callbackId, operationId: cb.operationId, heartbeatDeadlineAt: cb.heartbeatDeadlineAt });
        byExecution.set(cb.executionId, list);
      }
      cursor = page.nextCursor;
    } while (cursor && read < SCAN_LIMIT);
    return byExecution;
  }

  /** Consecutive invocation errors per execution (absent: none), from each EXECUTION operation. */
  private async invocationErrors(executions: Execution[]): Promise<Map<string, number>> {
    const errors = new Map<string, number>();
    for (let i = 0; i < executions.length; i += READ_CONCURRENCY) {
      await Promise.all(
        executions.slice(i, i + READ_CONCURRENCY).map(async (execution) => {
          const op = await this.store.operations.get(execution.executionId, executionOperationId(execution));
          const count = runtimeStateOf(op).invocationErrors;
          if (count !== undefined) errors.set(execution.executionId, count);
        }),
      );
    }
    return errors;
  }

  /** The error of the latest InvocationCompleted that carries one, from the end of the history. */
  private async lastInvocationError(executionId: string): Promise<ErrorObject | undefined> {
    const page = await this.store.history.list(executionId, { reverse: true, limit: 25 });
    for (const event of page.items) {
      if (event.EventType !== "InvocationCompleted") continue;
      const details = event.InvocationCompletedDetails as EventDetailsByType["InvocationCompleted"] | undefined;
      if (details?.Error?.Payload) return details.Error.Payload;
    }
    return undefined;
  }
}

/** Since when a RUNNING execution is due and held by no worker (its lease free or lapsed), if it is. */
function dueUnheldSince(execution: Execution, now: number): number | undefined {
  if (execution.nextWakeAt === undefined || execution.nextWakeAt > now) return undefined;
  const leaseEnd = execution.leaseOwner !== undefined ? (execution.leaseExpiresAt ?? 0) : 0;
  if (leaseEnd > now) return undefined;
  return Math.max(execution.nextWakeAt, leaseEnd);
}
