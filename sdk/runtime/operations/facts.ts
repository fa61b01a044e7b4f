/**
 * Questions about operation types that the runtime and the console both ask (which actions are
 * valid, when an operation waits, when it is due), answered from the one operation table. The
 * table and every behaviour module are browser-safe (pure functions and data, no Node imports),
 * so the console reads the same facts the runtime enforces.
 */
import type { OperationRecord } from "../../store/types";
import type { Operation, OperationAction, OperationStatus, OperationType } from "../../types/wire";
import { behaviourOf, operationBehaviours } from "./table";
import type { FromStatuses } from "./types";

/** Is `action` valid for operations of `type` at all? */
export function isValidAction(type: OperationType, action: OperationAction): boolean {
  return operationBehaviours[type].transitions[action] !== undefined;
}

/** The statuses `action` may be applied from (none when the action is not valid for the type). */
export function allowedFrom(type: OperationType, action: OperationAction): FromStatuses {
  return operationBehaviours[type].transitions[action] ?? [];
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
  return operationBehaviours[op.Type].dueNowStatuses.includes(op.Status);
}

/** Does an operation of `type` wait (rather than run) while it is in `status`? */
export function waitsIn(type: OperationType, status: OperationStatus): boolean {
  return operationBehaviours[type].waitingStatuses.includes(status);
}

/** The epoch ms at which this operation's timer fires, if it is waiting on one. */
export function operationDueAt(record: OperationRecord): number | undefined {
  if (!isWaitingOperation(record.operation)) return undefined;
  return behaviourOf(record.operation.Type).timer?.dueAt(record);
}
