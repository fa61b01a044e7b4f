/**
 * Every invocation gets exactly one InvocationCompleted event, even one cut off mid-flight.
 *
 * An invocation normally writes its own InvocationCompleted when it completes. One whose worker
 * was killed (or stalled past its lease and was fenced) never does. So each invocation marks the
 * execution when its prelude commits (`openInvocation`: request id and start time) and clears the
 * mark in its completion. Whoever next finds the mark of an invocation that is not its own writes
 * the missing InvocationCompleted: the next invocation's prelude (the execution was claimed again
 * after the lease lapsed), with error `Runtime.InvocationLost`, ending when the lapse was
 * detected. A stop ends the running invocation too: it writes its InvocationCompleted (error
 * `Runtime.InvocationStopped`) and drops the mark, and the stopped invocation records nothing
 * more (lifecycle.ts `stopExecutionNow`).
 *
 * The mark is a field of the execution row, which every checkpoint rewrites anyway. (It used to
 * ride in the EXECUTION operation's runtime state, which carries the input payload, so every
 * invocation rewrote the input twice; marks left there by an older version are still honoured.)
 */
import type { ExecutionRecord, OperationRecord } from "../store/types";
import type { ErrorObject } from "../types/wire";
import { executionOperationId } from "./checkpoint-processor";
import { isoAt } from "./clock";
import type { MutationBuilder } from "./mutation-builder";
import { runtimeStateOf, withRuntimeState, type OperationRuntimeState } from "./operation-state";

export const INVOCATION_LOST_ERROR_TYPE = "Runtime.InvocationLost";

/** The invocation that started on this execution and has not written its InvocationCompleted yet. */
export interface OpenInvocation {
  requestId: string;
  /** Epoch ms the invocation started (its prelude's time). */
  startedAt: number;
}

function asOpenInvocation(value: unknown): OpenInvocation | undefined {
  const open = value as Partial<OpenInvocation> | undefined;
  if (!open || typeof open.requestId !== "string" || typeof open.startedAt !== "number") return undefined;
  return { requestId: open.requestId, startedAt: open.startedAt };
}

/** A mark an older version left on the EXECUTION operation (see the top of this file). */
function legacyOpenInvocation(record: OperationRecord | undefined): OpenInvocation | undefined {
  return asOpenInvocation(runtimeStateOf(record).openInvocation);
}

/** The invocation marked open on the execution in `b`, wherever the mark is. */
export function openInvocationOf(execution: ExecutionRecord, executionOp: OperationRecord | undefined): OpenInvocation | undefined {
  return asOpenInvocation(execution.openInvocation) ?? legacyOpenInvocation(executionOp);
}

/** Clears the open mark in `b` (and an older version's mark on the EXECUTION operation). */
export function clearOpenInvocation(b: MutationBuilder): void {
  if (b.execution.openInvocation !== undefined) b.setExecution({ openInvocation: null });
  if (legacyOpenInvocation(b.getOperation(executionOperationId(b.execution)))) {
    updateExecutionState(b, (state) => ({ ...state, openInvocation: undefined }));
  }
}

/** Rewrites the EXECUTION operation's runtime state in `b` (when the builder holds it). */
export function updateExecutionState(b: MutationBuilder, change: (state: OperationRuntimeState) => OperationRuntimeState): void {
  const record = b.getOperation(executionOperationId(b.execution));
  if (record) b.putOperation(withRuntimeState(record, change(runtimeStateOf(record))));
}

/**
 * Writes InvocationCompleted (ending now, with `error`) for the invocation still open on the
 * execution, if any, and clears its marker. Returns the invocation it completed.
 */
export function completeOpenInvocation(b: MutationBuilder, error: (open: OpenInvocation) => ErrorObject): OpenInvocation | undefined {
  const open = openInvocationOf(b.execution, b.getOperation(executionOperationId(b.execution)));
  if (!open) return undefined;
  b.event("InvocationCompleted", undefined, {
    StartTimestamp: isoAt(open.startedAt),
    EndTimestamp: b.nowIso,
    RequestId: open.requestId,
    Error: { Payload: error(open) },
  });
  clearOpenInvocation(b);
  return open;
}

/** The error of an invocation found cut off when the execution was claimed again. */
export function lostInvocationError(open: OpenInvocation, claimedBy: string | undefined): ErrorObject {
  return {
    ErrorType: INVOCATION_LOST_ERROR_TYPE,
    ErrorMessage:
      `Invocation ${open.requestId} never completed: its worker stopped renewing the lease (it was killed, crashed or stalled), ` +
      `the lease lapsed and the execution was claimed again${claimedBy ? ` by ${claimedBy}` : ""}`,
  };
}

/** Records `requestId` as the execution's running invocation. */
export function markInvocationOpen(b: MutationBuilder, open: OpenInvocation): void {
  b.setExecution({ openInvocation: { requestId: open.requestId, startedAt: open.startedAt } });
}
