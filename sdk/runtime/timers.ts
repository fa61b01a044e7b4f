/**
 * Timers, as pure functions of the stored state and `now`: wait ends, retry times, callback and
 * heartbeat deadlines, lost plain chained invokes, and the execution timeout. Nothing here
 * sleeps; the worker wakes an execution at `computeNextWakeAt` and fires what is due.
 */
import type { ExecutionRecord, OperationRecord } from "../store/types";
import { msOf } from "./clock";
import type { MutationBuilder } from "./mutation-builder";
import { runtimeStateOf } from "./operation-state";
import { isDueNow, operationDueAt } from "./operations/facts";
import { behaviourOf } from "./operations/table";

export { operationDueAt } from "./operations/facts";

/**
 * Fires every due timer among the builder's operations; each type says what its timer does
 * (sdk/runtime/operations/): a WAIT past its end succeeds, a PENDING step past its retry time
 * becomes READY, a CALLBACK past its timeout or heartbeat deadline times out, a plain
 * CHAINED_INVOKE past its deadline times out. Returns the ids of the operations that changed.
 */
export function fireDueTimers(b: MutationBuilder): string[] {
  const fired: string[] = [];
  for (const record of b.operations()) {
    const timer = behaviourOf(record.operation.Type).timer;
    const dueAt = operationDueAt(record);
    if (timer === null || dueAt === undefined || dueAt > b.now) continue;
    timer.fire(b, record, dueAt);
    fired.push(record.operation.Id);
  }
  return fired;
}

/**
 * When the execution times out: its start (or last redrive) plus executionTimeoutSeconds;
 * undefined when it has no timeout. `executionOp` is the EXECUTION operation record (it holds
 * the redrive time); without it the start timestamp is used.
 */
export function executionDeadline(execution: ExecutionRecord, executionOp?: OperationRecord): number | undefined {
  if (!execution.executionTimeoutSeconds) return undefined;
  const base = runtimeStateOf(executionOp).timeoutBaseAt ?? msOf(execution.startTimestamp);
  return base === undefined ? undefined : base + execution.executionTimeoutSeconds * 1000;
}

/**
 * The earliest moment something timed happens: a wait end, a retry time (a READY step is due
 * now), a callback or heartbeat deadline, a plain invoke deadline, or the execution timeout.
 * Undefined when nothing is timed (the execution waits for an outside answer).
 */
export function computeNextWakeAt(
  operations: Iterable<OperationRecord>,
  execution: ExecutionRecord,
  executionOp?: OperationRecord,
): number | undefined {
  let earliest = executionDeadline(execution, executionOp);
  for (const record of operations) {
    // Due now with no timer (a READY step): wake at once.
    earliest = minDefined(earliest, isDueNow(record.operation) ? 0 : operationDueAt(record));
  }
  return earliest;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
