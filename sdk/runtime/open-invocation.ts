/**
 * Every invocation gets exactly one InvocationCompleted event, even one cut off mid-flight.
 *
 * An invocation normally writes its own InvocationCompleted when it completes. One whose worker
 * was killed (or stalled past its lease and was fenced) never does. So each invocation leaves a
 * marker on its EXECUTION operation's runtime state when its prelude commits (`openInvocation`:
 * request id and start time) and clears it in its completion. Whoever next finds the marker of
 * an invocation that is not its own writes the missing InvocationCompleted: the next
 * invocation's prelude (the execution was claimed again after the lease lapsed), with error
 * `Runtime.InvocationLost`, ending when the lapse was detected. An execution that ends another way
 * while an invocation runs (a stop) drops the mark without an event, as before: the stopped
 * invocation records nothing (lifecycle.ts `finishExecution`).
 * The marker lives in the EXECUTION operation's runtime state, which the store keeps as opaque
 * JSON, so no schema change was needed.
 */
import type { OperationRecord } from "../store/types";
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

export function openInvocationOf(record: OperationRecord | undefined): OpenInvocation | undefined {
  const value = runtimeStateOf(record).openInvocation as Partial<OpenInvocation> | undefined;
  if (!value || typeof value.requestId !== "string" || typeof value.startedAt !== "number") return undefined;
  return { requestId: value.requestId, startedAt: value.startedAt };
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
  const open = openInvocationOf(b.getOperation(executionOperationId(b.execution)));
  if (!open) return undefined;
  b.event("InvocationCompleted", undefined, {
    StartTimestamp: isoAt(open.startedAt),
    EndTimestamp: b.nowIso,
    RequestId: open.requestId,
    Error: { Payload: error(open) },
  });
  updateExecutionState(b, (state) => ({ ...state, openInvocation: undefined }));
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
  updateExecutionState(b, (state) => ({ ...state, openInvocation: { requestId: open.requestId, startedAt: open.startedAt } }));
}
