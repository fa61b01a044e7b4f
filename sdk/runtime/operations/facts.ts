/**
 * Every operation type's facts, keyed by type: which actions are valid, when it waits, when it
 * is due. Browser-safe (the console reads it): only data modules, no runtime imports. The
 * runtime's table (`./table.ts`) extends each entry with its functions.
 */
import type { Operation, OperationAction, OperationStatus, OperationType } from "../../types/wire";
import { callbackFacts } from "./callback-facts";
import { chainedInvokeFacts } from "./chained-invoke-facts";
import { contextFacts } from "./context-facts";
import { executionFacts } from "./execution-facts";
import { stepFacts } from "./step-facts";
import type { FromStatuses, OperationFactsTable } from "./types";
import { waitFacts } from "./wait-facts";

export const operationFacts: OperationFactsTable = {
  STEP: stepFacts,
  WAIT: waitFacts,
  CALLBACK: callbackFacts,
  CONTEXT: contextFacts,
  CHAINED_INVOKE: chainedInvokeFacts,
  EXECUTION: executionFacts,
};

/** Is `action` valid for operations of `type` at all? */
export function isValidAction(type: OperationType, action: OperationAction): boolean {
  return operationFacts[type].transitions[action] !== undefined;
}

/** The statuses `action` may be applied from (none when the action is not valid for the type). */
export function allowedFrom(type: OperationType, action: OperationAction): FromStatuses {
  return operationFacts[type].transitions[action] ?? [];
}

/**
 * Operations whose state can change without the handler doing anything: a timer (wait end,
 * retry time, callback deadline) or an outside answer (callback, chained invoke). The
 * invocation client watches exactly these to report outside changes cheaply.
 */
export function isWaitingOperation(op: Pick<Operation, "Type" | "Status">): boolean {
  return waitsIn(op.Type, op.Status);
}

/** Due at once with no timer to fire (a step whose retry time has come). */
export function isDueNow(op: Pick<Operation, "Type" | "Status">): boolean {
  return operationFacts[op.Type].dueNowStatuses.includes(op.Status);
}

/** Does an operation of `type` wait (rather than run) while it is in `status`? */
export function waitsIn(type: OperationType, status: OperationStatus): boolean {
  return operationFacts[type].waitingStatuses.includes(status);
}
