/**
 * What every backend does with a list query before it reads: limits clamped, statuses checked
 * and de-duplicated, times parsed, the cursor decoded. The filter semantics themselves are in
 * each backend's execution-list.ts, held together by the conformance suite.
 */
import { EXECUTION_STATUSES, type ExecutionStatus } from "../types/wire";
import { decodeListCursor, type ListCursor } from "./cursor";
import { timestampMs } from "./timestamps";
import type { ExecutionQuery } from "./types";

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 1000;

export interface NormalizedListQuery {
  functionName?: string;
  /** Undefined = every status. */
  statuses?: ExecutionStatus[];
  /** Text to find in the name or id (`nameOrId`). */
  search?: string;
  afterMs?: number;
  beforeMs?: number;
  oldestFirst: boolean;
  limit: number;
  cursor?: ListCursor;
}

export function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isFinite(limit)) return max;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

export function normalizeListQuery(query: ExecutionQuery): NormalizedListQuery {
  const oldestFirst = query.oldestFirst === true;
  const normalized: NormalizedListQuery = {
    oldestFirst,
    limit: clampLimit(query.limit, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT),
  };
  if (query.functionName !== undefined) normalized.functionName = query.functionName;
  if (query.statuses !== undefined && query.statuses.length > 0) {
    const unknown = query.statuses.filter((s) => !EXECUTION_STATUSES.includes(s));
    if (unknown.length > 0) throw new TypeError(`unknown execution status: ${unknown.join(", ")}`);
    const distinct = [...new Set(query.statuses)];
    // All five statuses is no filter at all, and the unfiltered index serves it best.
    if (distinct.length < EXECUTION_STATUSES.length) normalized.statuses = distinct;
  }
  if (query.nameOrId) normalized.search = query.nameOrId;
  if (query.startedAfter !== undefined) normalized.afterMs = timestampMs("startedAfter", query.startedAfter);
  if (query.startedBefore !== undefined) normalized.beforeMs = timestampMs("startedBefore", query.startedBefore);
  if (query.cursor !== undefined) normalized.cursor = decodeListCursor(query.cursor, oldestFirst);
  return normalized;
}
