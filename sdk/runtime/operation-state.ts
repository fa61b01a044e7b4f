/**
 * Runtime bookkeeping stored beside an operation (in `OperationRecord.timers`, which the store
 * keeps as an opaque JSON object). The wire Operation has no field for these, and the console
 * must never see them as part of the AWS shape.
 */
import type { Operation, OperationStatus } from "../types/wire";
import type { OperationRecord } from "../store/types";

export interface ChainedInvokeState {
  /** The target as registered (qualifier and ARN prefix stripped). */
  functionName: string;
  /** As the SDK gave it in ChainedInvokeOptions. */
  requestedFunctionName: string;
  tenantId?: string;
  /** The serialized input, kept so a crash or a redrive can (re)start the target. */
  input?: string;
  kind: "durable" | "plain";
  /** durable targets: the child execution that answers this operation. */
  childExecutionId?: string;
  /** plain targets: when the in-process call counts as lost (Lambda's function timeout). */
  deadlineAt?: number;
}

export interface OperationRuntimeState {
  /** CALLBACK: epoch ms after which the callback times out. */
  callbackTimeoutAt?: number;
  /** CALLBACK: epoch ms after which the callback times out unless a heartbeat arrives. */
  heartbeatDeadlineAt?: number;
  /** CALLBACK: the options it was started with, so heartbeats and redrives can re-arm it. */
  callbackTimeoutSeconds?: number;
  heartbeatTimeoutSeconds?: number;
  /** CHAINED_INVOKE: what to invoke and who answers. */
  chainedInvoke?: ChainedInvokeState;
  /** EXECUTION: consecutive invocations that ended in an invocation error (reset by a clean one). */
  invocationErrors?: number;
  /** EXECUTION: the execution timeout counts from here after a redrive (else from the start). */
  timeoutBaseAt?: number;
}

export function runtimeStateOf(record: OperationRecord | undefined): OperationRuntimeState {
  return (record?.timers ?? {}) as OperationRuntimeState;
}

/** Drops undefined fields so stored JSON stays minimal; returns undefined when nothing is left. */
export function packRuntimeState(state: OperationRuntimeState): OperationRecord["timers"] {
  const packed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) if (value !== undefined) packed[key] = value;
  return Object.keys(packed).length > 0 ? (packed as OperationRecord["timers"]) : undefined;
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
    default:
      return false;
  }
}
