/**
 * Backend-independent parts of `DurableStore.functionWindow`: checking the range and counting
 * the rows per status, so both backends answer the same way for the same records.
 */
import { EXECUTION_STATUSES, type ExecutionStatus } from "../types/wire";
import type { FunctionWindow, FunctionWindowQuery, FunctionWindowRow } from "./types";

export interface FunctionWindowBounds {
  functionName: string;
  /** Inclusive, epoch ms. */
  afterMs: number;
  /** Exclusive, epoch ms. */
  beforeMs: number;
}

function boundMs(label: string, value: string): number {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new TypeError(`${label} is not an ISO timestamp: ${JSON.stringify(value)}`);
  return ms;
}

export function functionWindowBounds(query: FunctionWindowQuery): FunctionWindowBounds {
  return {
    functionName: query.functionName,
    afterMs: boundMs("startedAfter", query.startedAfter),
    beforeMs: boundMs("startedBefore", query.startedBefore),
  };
}

/** Duration of a finished execution (never negative: clocks of different hosts may disagree). */
export function windowDuration(status: ExecutionStatus, startMs: number, endMs: number | null | undefined): number | null {
  if (status === "RUNNING" || endMs === null || endMs === undefined || !Number.isFinite(endMs)) return null;
  return Math.max(0, endMs - startMs);
}

/** The window of `rows` (already in start order): counts per status, every status present. */
export function windowOf(rows: FunctionWindowRow[]): FunctionWindow {
  const counts = Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, 0])) as Record<ExecutionStatus, number>;
  for (const row of rows) counts[row[1]] += 1;
  return { counts, rows };
}
