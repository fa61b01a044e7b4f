/**
 * What the client API answers about waiting and stuck executions (sdk/runtime/diagnosis): what a
 * RUNNING execution waits on, in words, and the rules that flag it as stuck, each with a reason.
 * Times follow the store's convention (records.ts): `…Timestamp` ISO, durations say their unit.
 */
import type { ExecutionStatus } from "../../types/wire";
import type { WorkerRecord } from "../../store/types";

/** A worker row with the reader's verdict: alive while its heartbeat is recent (workers.ts). */
export interface WorkerView extends WorkerRecord {
  alive: boolean;
  /** How long since its last heartbeat, judged at the read. */
  silentForMs: number;
}

export type WaitKind =
  | "timer"
  | "step-retry"
  | "condition-poll"
  | "callback"
  | "child-execution"
  | "chained-invoke"
  | "invocation"
  | "invocation-retry"
  | "fork-writing"
  | "due"
  | "nothing";

/** One thing a RUNNING execution waits on. */
export interface WaitItem {
  kind: WaitKind;
  /** The whole sentence, e.g. "Retry of step charge-card (attempt 3) at 2026-…". */
  text: string;
  /** Who or what ends the wait, in words. */
  endedBy: string;
  /** When the wait ends on its own (ISO), if it does. */
  untilTimestamp?: string;
  operationId?: string;
  operationName?: string;
  /** step-retry and condition-poll: the attempt that runs next. */
  attempt?: number;
  callback?: { callbackId: string; sinceTimestamp: string; timeoutTimestamp?: string; heartbeatDeadlineTimestamp?: string };
  childExecutionId?: string;
  /** invocation: the worker running it, its lease and since when. */
  invocation?: { requestId?: string; workerId: string; workerAlive: boolean; sinceTimestamp?: string; leaseExpiresTimestamp: string };
}

export type StuckCode = "LEASE_NOT_RENEWED" | "DUE_UNCLAIMED" | "NO_LIVE_WORKER" | "HEARTBEAT_OVERDUE" | "REPEATED_INVOCATION_ERRORS";

export const STUCK_CODES: readonly StuckCode[] = ["LEASE_NOT_RENEWED", "DUE_UNCLAIMED", "NO_LIVE_WORKER", "HEARTBEAT_OVERDUE", "REPEATED_INVOCATION_ERRORS"];

/** One rule that flags the execution, with its reason in words and the facts behind it. */
export interface StuckReason {
  code: StuckCode;
  message: string;
  /** Since when the condition holds (ISO), when known. */
  sinceTimestamp?: string;
  workerId?: string;
  callbackId?: string;
  operationId?: string;
  /** REPEATED_INVOCATION_ERRORS: consecutive invocation errors so far. */
  invocationErrors?: number;
}

/** The one execution answer: what it waits on and whether it is stuck. */
export interface ExecutionDiagnosis {
  executionId: string;
  functionName: string;
  name: string;
  status: ExecutionStatus;
  /** The server's clock at the check (ISO). */
  checkedTimestamp: string;
  waitingOn: WaitItem[];
  stuck: StuckReason[];
  /** When the execution times out, if it has a timeout. */
  timeoutTimestamp?: string;
}

export interface StuckQuery {
  functionName?: string;
  /** N: how long an execution may stay due, unclaimed, before it counts as stuck (default 30). */
  dueGraceSeconds?: number;
  /** Consecutive invocation errors that count as repeated (default 2). */
  invocationErrorThreshold?: number;
  /** Most stuck executions listed (default 50, at most 1000). */
  limit?: number;
}

export interface StuckExecution {
  executionId: string;
  functionName: string;
  name: string;
  startTimestamp: string;
  stuck: StuckReason[];
}

export interface StuckList {
  checkedTimestamp: string;
  /** Stuck executions, oldest start first. */
  items: StuckExecution[];
  /** Every stuck execution found (items may hold fewer: `limit`). */
  stuckCount: number;
  /** RUNNING executions looked at; `truncated` when there were more than the scan takes. */
  scanned: number;
  truncated: boolean;
}

/** The home page's health strip. */
export interface HealthSummary {
  checkedTimestamp: string;
  workers: WorkerView[];
  aliveWorkers: number;
  /** Functions registered by live workers, sorted. */
  liveFunctions: string[];
  /** The RUNNING execution due the longest and not held by any worker. */
  oldestDue?: { executionId: string; functionName: string; name: string; dueTimestamp: string };
  stuckCount: number;
  scanned: number;
  truncated: boolean;
}
