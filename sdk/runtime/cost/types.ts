/**
 * What a run costs, as the client API answers it (`getExecutionCost`, `getFunctionCost`) and the
 * console, the HTTP API and the CLI show it. Plain data, safe to import in the browser.
 */
import type { ExecutionStatus } from "../../types/wire";
import type { LimitLevel } from "./lambda-limits";

export type { LimitLevel };

/** One execution's measured figures; times in ms, sizes in bytes. */
export interface CostFigures {
  invocations: number;
  /** Sum of the invocations' durations: the time Lambda bills. */
  computeMs: number;
  /** The execution's lifetime not covered by an invocation: waits, retry delays, callbacks (costs nothing). */
  waitingMs: number;
  /** Time spent re-running the handler up to its last checkpoint, summed over the invocations that replayed. */
  replayMs: number;
  /** Invocations whose replay part was recorded (a handler run in another process does not report it). */
  replayMeasuredInvocations: number;
  longestInvocationMs: number;
  /** From start to end, or to now while it runs. */
  lifetimeMs: number;
  /** Operations written (the EXECUTION one included). */
  operations: number;
  /** Step attempts after a failure (each is one more durable operation on the bill). */
  retryAttempts: number;
  /** State changes written by checkpoints: history events other than InvocationCompleted. */
  checkpoints: number;
  historyEvents: number;
  /** Payloads stored: input, result, error, and every operation's result or error. */
  payloadBytes: number;
  largestOperationPayloadBytes: number;
  inputBytes: number;
  resultBytes: number;
}

export type LimitName = "invocation" | "operationPayload" | "input" | "result" | "history" | "lifetime";

/** One figure against what Lambda allows. */
export interface LimitCheck {
  limit: LimitName;
  /** What is measured, in words ("longest invocation"). */
  label: string;
  value: number;
  max: number;
  unit: "ms" | "bytes" | "operations";
  /** value / max. */
  ratio: number;
  level: LimitLevel;
}

export interface CostWarning {
  limit: LimitName;
  level: Exclude<LimitLevel, "ok">;
  message: string;
}

export type BillItem = "requests" | "compute" | "durableOperations" | "dataWritten" | "dataRetained";

export interface BillLine {
  item: BillItem;
  quantity: number;
  /** "requests", "GB-seconds", "operations", "GB", "GB-months". */
  unit: string;
  /** In `currency`. */
  cost: number;
}

/** What the run would cost on Lambda durable functions, from the public prices of `asOf`. */
export interface BillEstimate {
  asOf: string;
  region: string;
  currency: string;
  memoryMb: number;
  retentionDays: number;
  lines: BillLine[];
  total: number;
}

export interface CostOptions {
  /** The function's memory size; Lambda's default (128 MB) when not given. */
  memoryMb?: number;
  /** Days history is kept after the execution ends; DurableConfig's default (14) when not given. */
  retentionDays?: number;
}

export interface ExecutionCost {
  executionId: string;
  functionName: string;
  status: ExecutionStatus;
  startTimestamp: string;
  endTimestamp?: string;
  figures: CostFigures;
  limits: LimitCheck[];
  warnings: CostWarning[];
  estimate: BillEstimate;
}

export interface FunctionCostQuery extends CostOptions {
  /** How many of the function's newest executions (1-1000, default 20). */
  last?: number;
}

/** A function's newest executions, summed and averaged. */
export interface FunctionCost {
  functionName: string;
  /** Executions measured (the newest `last`). */
  executions: number;
  totals: CostFigures;
  /** Per execution: the totals divided by `executions` (0 when there are none). */
  averages: CostFigures;
  /** The estimate of all measured executions together, and per run on average. */
  estimate: BillEstimate;
  estimatePerRun: number;
  /** Executions with a warning, newest first, each with its warnings. */
  warnings: Array<{ executionId: string; warnings: CostWarning[] }>;
}
