/**
 * Runtime bookkeeping stored beside an operation (`OperationRecord.runtime`, which the store
 * keeps as written). The wire Operation has no field for these, and the console must never see
 * them as part of the AWS shape.
 */
import type { OperationStatus } from "../types/wire";
import type { ChainedInvokeState, OperationRecord, OperationRuntimeState } from "../store/types";

export type { ChainedInvokeState, OperationRuntimeState };

/** The operation's runtime state; empty when it has none. */
export function runtimeStateOf(record: OperationRecord | undefined): OperationRuntimeState {
  return record?.runtime ?? {};
}

/** Drops undefined fields so stored JSON stays minimal; returns undefined when nothing is left. */
export function packRuntimeState(state: OperationRuntimeState): OperationRuntimeState | undefined {
  const packed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) if (value !== undefined) packed[key] = value;
  return Object.keys(packed).length > 0 ? (packed as OperationRuntimeState) : undefined;
}

export function withRuntimeState(record: OperationRecord, state: OperationRuntimeState): OperationRecord {
  const runtime = packRuntimeState(state);
  const next: OperationRecord = { executionId: record.executionId, seq: record.seq, operation: record.operation };
  if (runtime) next.runtime = runtime;
  return next;
}

const TERMINAL: ReadonlySet<OperationStatus> = new Set(["SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"]);

export function isTerminalStatus(status: OperationStatus): boolean {
  return TERMINAL.has(status);
}

/** Whether an operation waits on a timer or an outside answer: its type's facts say (operations/). */
export { isWaitingOperation } from "./operations/facts";
