/**
 * Which callbacks of an execution are waiting for an answer, and which of them are approvals.
 * Pure and client-safe: the Approvals inbox (server) and the execution page (browser) share it.
 */
import { isOperationLive, type ExecutionTiming } from "./operation-state";
import type { OperationView, PendingCallback } from "./types";

/**
 * A callback that can still be answered: STARTED, with a callback id, in a running execution (one
 * left open by an execution that ended is not waiting for anything: lib/operation-state).
 */
function isAnswerable(op: OperationView, execution: Pick<ExecutionTiming, "status">): boolean {
  return op.Type === "CALLBACK" && op.Status === "STARTED" && Boolean(op.CallbackDetails?.CallbackId) && isOperationLive(op, execution);
}

/** The pending callbacks among one execution's operations. */
export function pendingCallbacksOf(
  execution: { executionId: string; name: string; functionName: string; status: ExecutionTiming["status"] },
  operations: OperationView[],
): PendingCallback[] {
  const byId = new Map(operations.map((op) => [op.Id, op]));
  const pending: PendingCallback[] = [];
  for (const op of operations) {
    if (!isAnswerable(op, execution) || !op.CallbackDetails?.CallbackId) continue;
    const parent = op.ParentId ? byId.get(op.ParentId) : undefined;
    const context = parent?.SubType === "WaitForCallback" ? parent : undefined;
    const item: PendingCallback = {
      executionId: execution.executionId,
      executionName: execution.name,
      functionName: execution.functionName,
      operationId: op.Id,
      callbackId: op.CallbackDetails.CallbackId,
      startedAt: op.StartTimestamp,
      focusOperationId: context ? context.Id : op.Id,
    };
    const name = op.Name ?? context?.Name;
    if (name) item.name = name;
    if (op.CallbackTimeoutAt) item.timeoutAt = op.CallbackTimeoutAt;
    pending.push(item);
  }
  return pending;
}

/** The pending callback an operation stands for: the callback itself, or the one inside its WaitForCallback context. */
export function pendingCallbackFor(
  operation: OperationView,
  operations: OperationView[],
  execution: Pick<ExecutionTiming, "status">,
): OperationView | undefined {
  const isPending = (op: OperationView) => isAnswerable(op, execution);
  if (isPending(operation)) return operation;
  if (operation.Type === "CONTEXT" && operation.SubType === "WaitForCallback") {
    return operations.find((op) => op.ParentId === operation.Id && isPending(op));
  }
  return undefined;
}

/** A callback a person answers with Approve / Reject: named like an approval (itself or its context). */
export function isApprovalName(name: string | undefined): boolean {
  return name !== undefined && /approv/i.test(name);
}
