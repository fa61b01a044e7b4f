/**
 * Timers, as pure functions of the stored state and `now`: wait ends, retry times, callback and
 * heartbeat deadlines, lost plain chained invokes, and the execution timeout. Nothing here
 * sleeps; the worker wakes an execution at `computeNextWakeAt` and fires what is due.
 */
import type { ExecutionRecord, OperationRecord } from "../store/types";
import type { ErrorObject, Operation } from "../types/wire";
import { msOf } from "./clock";
import type { MutationBuilder } from "./mutation-builder";
import { isWaitingOperation, runtimeStateOf, withRuntimeState } from "./operation-state";

/** The epoch ms at which this operation's timer fires, if it has one. */
export function operationDueAt(record: OperationRecord): number | undefined {
  const op = record.operation;
  if (!isWaitingOperation(op)) return undefined;
  switch (op.Type) {
    case "WAIT":
      return msOf(op.WaitDetails?.ScheduledEndTimestamp);
    case "STEP":
      // A READY step is due, but it has no timer left to fire.
      return op.Status === "PENDING" ? (msOf(op.StepDetails?.NextAttemptTimestamp) ?? 0) : undefined;
    case "CALLBACK": {
      const state = runtimeStateOf(record);
      return minDefined(state.callbackTimeoutAt, state.heartbeatDeadlineAt);
    }
    case "CHAINED_INVOKE":
      return runtimeStateOf(record).chainedInvoke?.deadlineAt;
    // Never waiting (see isWaitingOperation): no timer of their own.
    case "CONTEXT":
    case "EXECUTION":
    default:
      return undefined;
  }
}

/**
 * Fires every due timer among the builder's operations:
 * WAIT past its end -> SUCCEEDED + WaitSucceeded; PENDING step past NextAttemptTimestamp -> READY
 * (no event); CALLBACK past its timeout or heartbeat deadline -> TIMED_OUT + CallbackTimedOut;
 * a plain CHAINED_INVOKE past its deadline -> TIMED_OUT + ChainedInvokeTimedOut.
 * Returns the ids of the operations that changed.
 */
export function fireDueTimers(b: MutationBuilder): string[] {
  const fired: string[] = [];
  for (const record of b.operations()) {
    const dueAt = operationDueAt(record);
    if (dueAt === undefined || dueAt > b.now) continue;
    const op = record.operation;
    switch (op.Type) {
      case "WAIT": {
        const next: Operation = { ...op, Status: "SUCCEEDED", EndTimestamp: b.nowIso };
        b.putOperation({ ...record, operation: next });
        const started = msOf(op.StartTimestamp);
        const duration = started === undefined ? undefined : Math.max(0, Math.round((dueAt - started) / 1000));
        b.event("WaitSucceeded", next, { Duration: duration });
        break;
      }
      case "STEP":
        b.putOperation({ ...record, operation: { ...op, Status: "READY" } });
        break;
      case "CALLBACK": {
        const state = runtimeStateOf(record);
        const onHeartbeat = state.heartbeatDeadlineAt !== undefined && state.heartbeatDeadlineAt <= b.now &&
          !(state.callbackTimeoutAt !== undefined && state.callbackTimeoutAt <= state.heartbeatDeadlineAt);
        // A message and no ErrorType, as the official runner records it: the SDK names the
        // error the handler sees (CallbackTimeoutError), and its cause is a plain "Error".
        const error: ErrorObject = { ErrorMessage: onHeartbeat ? "Callback timed out on heartbeat" : "Callback timed out" };
        const next: Operation = {
          ...op,
          Status: "TIMED_OUT",
          EndTimestamp: b.nowIso,
          CallbackDetails: { ...op.CallbackDetails, Error: error },
        };
        b.putOperation(
          withRuntimeState({ ...record, operation: next }, {
            ...state,
            callbackTimeoutAt: undefined,
            heartbeatDeadlineAt: undefined,
          }),
        );
        if (op.CallbackDetails?.CallbackId !== undefined) b.closeCallback(op.CallbackDetails.CallbackId);
        b.event("CallbackTimedOut", next, { Error: { Payload: error } });
        break;
      }
      case "CHAINED_INVOKE": {
        const error: ErrorObject = {
          ErrorType: "Lambda.TimeoutException",
          ErrorMessage: "The invoked function did not answer before its timeout",
        };
        const next: Operation = {
          ...op,
          Status: "TIMED_OUT",
          EndTimestamp: b.nowIso,
          ChainedInvokeDetails: { Error: error },
        };
        b.putOperation({ ...record, operation: next });
        b.event("ChainedInvokeTimedOut", next, { Error: { Payload: error } });
        break;
      }
      // Never due (operationDueAt is undefined for them): the loop skipped them above.
      case "CONTEXT":
      case "EXECUTION":
        break;
    }
    fired.push(op.Id);
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
    if (record.operation.Type === "STEP" && record.operation.Status === "READY") {
      earliest = minDefined(earliest, 0);
      continue;
    }
    earliest = minDefined(earliest, operationDueAt(record));
  }
  return earliest;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
