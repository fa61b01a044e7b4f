/**
 * SQL for listing and counting executions. Every list is a keyset query on an index that ends in
 * (start_ms, execution_id), so a page costs the same on page 1 and page 10,000 (never OFFSET).
 *
 * Filter semantics (shared with every backend through the conformance suite):
 * - `startedAfter` is inclusive (start >= startedAfter), `startedBefore` exclusive (start < startedBefore);
 * - `nameOrId` is a case-sensitive prefix of the name or of the execution id;
 * - `statuses` empty or absent means every status.
 *
 * A name/id prefix is served one of two ways, chosen per call from a cheap index count
 * (`PREFIX_LOOKUP_MAX`): few matches are fetched by rowid and sorted; many matches are found by
 * walking the ordered index and filtering, which stops after one page.
 */
import { EXECUTION_STATUSES, type ExecutionStatus } from "../../types/wire";
import type { ExecutionQuery } from "../types";
import { decodeListCursor, type ListCursor } from "./cursor";
import { EXECUTION_COLUMNS } from "./rows";

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 1000;

/** Highest code point: `prefix + MAX_CHAR` is above every string that starts with `prefix`. */
const MAX_CHAR = "\u{10FFFF}";

/** Up to this many prefix matches, fetching and sorting them beats scanning in order. */
export const PREFIX_LOOKUP_MAX = 5_000;

/**
 * `lookup`: rowids of the matches from the name and primary-key indexes, then sort.
 * `scan`: the `+` operator keeps SQLite off the name/id indexes, so it walks a start-ordered index.
 * `any`: let the planner choose (counts, which read every match anyway).
 */
export type PrefixMode = "lookup" | "scan" | "any";

export function prefixEnd(prefix: string): string {
  return prefix + MAX_CHAR;
}

export interface NormalizedListQuery {
  functionName?: string;
  /** Undefined = every status. */
  statuses?: ExecutionStatus[];
  prefix?: string;
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

function timestampMs(label: string, value: string): number {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new TypeError(`${label} is not an ISO timestamp: ${JSON.stringify(value)}`);
  return ms;
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
  if (query.nameOrId) normalized.prefix = query.nameOrId;
  if (query.startedAfter !== undefined) normalized.afterMs = timestampMs("startedAfter", query.startedAfter);
  if (query.startedBefore !== undefined) normalized.beforeMs = timestampMs("startedBefore", query.startedBefore);
  if (query.cursor !== undefined) normalized.cursor = decodeListCursor(query.cursor, oldestFirst);
  return normalized;
}

export interface BuiltQuery {
  /** Same key = same SQL text: the caller caches the prepared statement under it. */
  key: string;
  sql: string;
  params: Record<string, unknown>;
}

/** WHERE terms shared by list and count (everything but status and cursor). */
function filterTerms(q: NormalizedListQuery, params: Record<string, unknown>, prefixMode: PrefixMode): string[] {
  const terms: string[] = [];
  if (q.functionName !== undefined) {
    terms.push("e.function_name = @fn");
    params.fn = q.functionName;
  }
  if (q.afterMs !== undefined) {
    terms.push("e.start_ms >= @after");
    params.after = q.afterMs;
  }
  if (q.beforeMs !== undefined) {
    terms.push("e.start_ms < @before");
    params.before = q.beforeMs;
  }
  if (q.prefix !== undefined) {
    // Ranges, not LIKE: LIKE is case-insensitive and cannot use the BINARY indexes.
    if (prefixMode === "lookup") {
      terms.push(
        "e.rowid IN (SELECT rowid FROM executions WHERE name >= @p AND name < @pEnd " +
          "UNION ALL SELECT rowid FROM executions WHERE execution_id >= @p AND execution_id < @pEnd)",
      );
    } else {
      const x = prefixMode === "scan" ? "+" : "";
      terms.push(`((${x}e.name >= @p AND ${x}e.name < @pEnd) OR (${x}e.execution_id >= @p AND ${x}e.execution_id < @pEnd))`);
    }
    params.p = q.prefix;
    params.pEnd = prefixEnd(q.prefix);
  }
  return terms;
}

function shapeKey(q: NormalizedListQuery, kind: string, prefixMode: PrefixMode): string {
  return [
    kind,
    prefixMode,
    q.functionName !== undefined ? "f" : "",
    q.afterMs !== undefined ? "a" : "",
    q.beforeMs !== undefined ? "b" : "",
    q.prefix !== undefined ? "p" : "",
    q.cursor !== undefined ? "c" : "",
    q.oldestFirst ? "o" : "n",
    q.statuses?.length ?? 0,
  ].join("");
}

/**
 * One page plus one row (the extra row says whether a next page exists). Several statuses are a
 * UNION ALL of one keyset query per status, each limited, merged: `status IN (...)` would make
 * SQLite sort every matching row.
 */
export function buildListQuery(q: NormalizedListQuery, prefixMode: PrefixMode = "lookup"): BuiltQuery {
  const params: Record<string, unknown> = { limit: q.limit + 1 };
  const terms = filterTerms(q, params, prefixMode);
  const dir = q.oldestFirst ? "ASC" : "DESC";
  if (q.cursor !== undefined) {
    terms.push(`(e.start_ms, e.execution_id) ${q.oldestFirst ? ">" : "<"} (@cStart, @cId)`);
    params.cStart = q.cursor.startMs;
    params.cId = q.cursor.executionId;
  }
  const order = `ORDER BY e.start_ms ${dir}, e.execution_id ${dir}`;
  const branch = (extra: string[]) => {
    const all = [...terms, ...extra];
    return `SELECT e.* FROM executions e${all.length ? ` WHERE ${all.join(" AND ")}` : ""} ${order} LIMIT @limit`;
  };
  let page: string;
  const statuses = q.statuses ?? [];
  if (statuses.length <= 1) {
    if (statuses.length === 1) params.s0 = statuses[0];
    page = branch(statuses.length === 1 ? ["e.status = @s0"] : []);
  } else {
    statuses.forEach((s, i) => (params[`s${i}`] = s));
    const union = statuses.map((_, i) => `SELECT * FROM (${branch([`e.status = @s${i}`])})`).join(" UNION ALL ");
    page = `SELECT * FROM (${union}) e ${order} LIMIT @limit`;
  }
  const sql =
    `SELECT ${EXECUTION_COLUMNS} FROM (${page}) e ` +
    `LEFT JOIN execution_payloads p ON p.execution_id = e.execution_id ${order}`;
  return { key: shapeKey(q, "list", prefixMode), sql, params };
}

/**
 * Count per status for the same filters (statuses, cursor and limit do not apply). Undefined
 * when only the function (or nothing) is filtered: the trigger-kept counters answer that.
 */
export function buildCountQuery(q: NormalizedListQuery): BuiltQuery | undefined {
  if (q.afterMs === undefined && q.beforeMs === undefined && q.prefix === undefined) return undefined;
  const params: Record<string, unknown> = {};
  const terms = filterTerms(q, params, "any");
  const sql = `SELECT e.status AS status, COUNT(*) AS n FROM executions e WHERE ${terms.join(" AND ")} GROUP BY e.status`;
  return { key: shapeKey({ ...q, cursor: undefined, statuses: undefined, oldestFirst: false }, "count", "any"), sql, params };
}
