/**
 * A dry run: the handler replays its recorded history, and the engine tells an observer what the
 * code asked for, instead of doing anything new. The first operation that has no record, and the
 * first step body (or condition check) that would run, end the run; nothing is checkpointed, and
 * no step body ever runs. The runtime's determinism check (sdk/runtime/determinism.ts) uses it to
 * replay a history through the code deployed now.
 */
import type { Operation, OperationType } from "../types/wire";

/** An operation as the code asks for it now: its step path ("2-1"), hashed id, type and name. */
export interface DryRunOperation {
  path: string;
  id: string;
  type: OperationType;
  subType: string;
  name?: string;
}

/** Why a dry run ended before the handler did. */
export type DryRunStopReason = "NO_RECORD" | "WOULD_RUN_USER_CODE";

export interface DryRunObserver {
  /** The code reached a recorded operation and asked for what was recorded. */
  replayed(asked: DryRunOperation): void;
  /** The code asked for something other than what was recorded at this id (the run ends). */
  mismatch(asked: DryRunOperation, recorded: Operation, message: string): void;
  /** The run ends here: an operation with no record, or a body that would run. */
  stopped(at: DryRunOperation, reason: DryRunStopReason): void;
}

/**
 * Set on what `withDurableExecution` returns: a handler built with this SDK honours a dry run.
 * One built with another SDK would run its step bodies, so a dry run refuses it.
 */
export const DRY_RUN_CAPABLE = Symbol.for("durable-console.dry-run-capable");

export function isDryRunCapable(handler: unknown): boolean {
  return typeof handler === "function" && (handler as unknown as Record<symbol, unknown>)[DRY_RUN_CAPABLE] === true;
}
