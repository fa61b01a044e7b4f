/**
 * Runtime bookkeeping stored beside an operation (in `OperationRecord.timers`, which the store
 * keeps as an opaque JSON object). The wire Operation has no field for these, and the console
 * must never see them as part of the AWS shape.
 */
import type { Operation, OperationStatus } from "../types/wire";
import type { ChainedInvokeTimers, OperationRecord, OperationTimers } from "../store/types";

/** CHAINED_INVOKE bookkeeping (the store names its shape: `ChainedInvokeTimers`). */
export type ChainedInvokeState = ChainedInvokeTimers;

/**
 * What the runtime keeps per operation: exactly the store's `OperationTimers`, so a backend
 * knows every field it must round-trip (see its field comments).
 */
export type OperationRuntimeState = OperationTimers;

export function runtimeStateOf(record: OperationRecord | undefined): OperationRuntimeState {
  return record?.timers ?? {};
}

/** Drops undefined fields so stored JSON stays minimal; returns undefined when nothing is left. */
export function packRuntimeState(state: OperationRuntimeState): OperationRecord["timers"] {
  const packed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) if (value !== undefined) packed[key] = value;
  return Object.keys(packed).length > 0 ? packed : undefined;
}

export function withRuntimeState(record: OperationRecord, state: OperationRuntimeState): OperationRecord {
  const timers = packRuntimeState(state);
  const next: OperationRecord = { executionId: record.executionId, seq: record.seq, operation: record.operation };
  if (timers) next.timers = timers;
  return next;
}

const TERMINAL: ReadonlySet<OperationStatus> = new Set(["SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"]);

export function isTerminalStatus(status: OperationStatus): boolean {
  return TERMINAL.has(status);
}

/**
 * Operations whose state can change without the handler doing anything: a timer (wait end,
 * retry time, callback deadline) or an outside answer (callback, chained invoke). The
 * invocation client watches exactly these to report outside changes cheaply.
 */
export function isWaitingOperation(op: Operation): boolean {
  switch (op.Type) {
    case "WAIT":
    case "CALLBACK":
    case "CHAINED_INVOKE":
      return op.Status === "STARTED";
    case "STEP":
      // READY: its retry time has come; the next invocation must run it.
      return op.Status === "PENDING" || op.Status === "READY";
    // A context or the execution changes only through the handler's own checkpoints.
    case "CONTEXT":
    case "EXECUTION":
    default:
      return false;
  }
}
