/**
 * Whether an operation is still going: decided here, once, for every view of an execution (the
 * operations tree, the timeline, the Waiting banner, the operation panel, attempts, polling).
 *
 * An operation's own status is not enough. A stop, a timeout or a failure ends the execution
 * without closing what was open inside it: a 1-hour wait of an execution that timed out after
 * 3 s stays STARTED in the store forever, with no EndTimestamp. Read alone, that row says
 * "Waiting", with a clock that never stops. So an open operation (STARTED, PENDING, READY) is
 * live only while its execution runs; once the execution has ended it "ended with the
 * execution": a neutral state, and its time stops at the execution's end.
 *
 * Pure and client-safe.
 */
import type { ExecutionStatus, OperationStatus, OperationType } from "@/sdk/types/wire";
import { executionStatusLabel, operationStatusLabel, operationTone, type Tone } from "./status";

/** The statuses of an operation that has not finished (waiting, running, retrying, resumable). */
const OPEN_STATUSES: ReadonlySet<OperationStatus> = new Set<OperationStatus>(["STARTED", "PENDING", "READY"]);

export const ENDED_WITH_EXECUTION = "Ended with the execution";

/** The execution facts the decision needs (an ExecutionDetail or summary has them). */
export interface ExecutionTiming {
  status: ExecutionStatus;
  endTimestamp?: string;
}

/** The operation facts the decision needs (an OperationView has them). */
export interface OperationTiming {
  Type: OperationType;
  Status: OperationStatus;
  EndTimestamp?: string;
}

/**
 * - `live`: open, and its execution runs, so it can still change (it is waiting, running or due
 *   for a retry);
 * - `finished`: it reached an end of its own (succeeded, failed, cancelled, timed out, stopped);
 * - `ended-with-execution`: it was open when its execution ended, and will never finish.
 */
export type OperationPhase = "live" | "finished" | "ended-with-execution";

export function isOpenStatus(status: OperationStatus): boolean {
  return OPEN_STATUSES.has(status);
}

/** Only a RUNNING execution changes by itself (a redrive makes an ended one RUNNING again). */
export function isExecutionLive(execution: Pick<ExecutionTiming, "status">): boolean {
  return execution.status === "RUNNING";
}

export function operationPhase(operation: Pick<OperationTiming, "Status">, execution: Pick<ExecutionTiming, "status">): OperationPhase {
  if (!isOpenStatus(operation.Status)) return "finished";
  return isExecutionLive(execution) ? "live" : "ended-with-execution";
}

export function isOperationLive(operation: Pick<OperationTiming, "Status">, execution: Pick<ExecutionTiming, "status">): boolean {
  return operationPhase(operation, execution) === "live";
}

/**
 * When the operation's time stops: its own end, else (for one the execution's end cut short, or
 * one recorded as finished without an end) the execution's end. Undefined only while it is live
 * (its duration runs) or when neither end is known.
 */
export function operationEnd(operation: OperationTiming, execution: ExecutionTiming): string | undefined {
  if (operation.EndTimestamp) return operation.EndTimestamp;
  return isExecutionLive(execution) ? undefined : execution.endTimestamp;
}

export interface OperationState {
  phase: OperationPhase;
  tone: Tone;
  /** What the badge says: "Waiting", "Retrying", "Succeeded", "Ended with the execution"… */
  label: string;
  /** A longer explanation (tooltips). */
  description: string;
  /** See operationEnd. */
  end: string | undefined;
  /** Only a live operation may animate (pulse, stripes) or tick. */
  live: boolean;
}

/** How every view shows an operation: one answer, so the tree, the timeline and the panel agree. */
export function operationState(operation: OperationTiming, execution: ExecutionTiming): OperationState {
  const phase = operationPhase(operation, execution);
  const end = operationEnd(operation, execution);
  const ownLabel = operationStatusLabel(operation.Type, operation.Status);
  if (phase === "ended-with-execution") {
    return {
      phase,
      tone: "gray",
      label: ENDED_WITH_EXECUTION,
      description: `Not finished: it was ${ownLabel.toLowerCase()} (${operation.Status}) when the execution ended (${executionStatusLabel[execution.status].toLowerCase()})`,
      end,
      live: false,
    };
  }
  return { phase, tone: operationTone(operation.Status), label: ownLabel, description: `${ownLabel} (${operation.Status})`, end, live: phase === "live" };
}
