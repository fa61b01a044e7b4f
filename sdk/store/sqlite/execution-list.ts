/**
 * SQL for listing and counting executions. Every list is a keyset query on an index that ends in
 * (start_ms, execution_id), so a page costs the same on page 1 and page 10,000 (never OFFSET).
 *
 * Filter semantics (shared with every backend through the conformance suite):
 * - `startedAfter` is inclusive (start >= startedAfter), `startedBefore` exclusive (start < startedBefore);
 * - `nameOrId` is found anywhere in the name or in the execution id, ignoring ASCII case
 *   (`matchesNameOrId` in ../search.ts); its `%`, `_` and `\` are plain characters;
 * - `statuses` empty or absent means every status.
 *
 * A search is a LIKE filter on the walk of a start-ordered index: no index can answer "contains",
 * so the walk stops once a page is full (at once for a common text, after the whole range for a
 * rare one).
 */
import { type NormalizedListQuery } from "../list-query";
import { EXECUTION_COLUMNS } from "./rows";

/**
 * The LIKE pattern that finds `text` anywhere, with `text`'s own wildcards (`%`, `_`) and the
 * escape character (`\`) escaped. SQLite's LIKE ignores ASCII case only, as matchesNameOrId does.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

export interface BuiltQuery {
  /** Same key = same SQL text: the caller caches the prepared statement under it. */
  key: string;
  sql: string;
  params: Record<string, unknown>;
}

/** WHERE terms shared by list and count (everything but status and cursor). */
function filterTerms(q: NormalizedListQuery, params: Record<string, unknown>): string[] {
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
  if (q.search !== undefined) {
    terms.push("(e.name LIKE @search ESCAPE '\\' OR e.execution_id LIKE @search ESCAPE '\\')");
    params.search = containsPattern(q.search);
  }
  return terms;
}

function shapeKey(q: NormalizedListQuery, kind: string): string {
  return [
    kind,
    q.functionName !== undefined ? "f" : "",
    q.afterMs !== undefined ? "a" : "",
    q.beforeMs !== undefined ? "b" : "",
    q.search !== undefined ? "q" : "",
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
export function buildListQuery(q: NormalizedListQuery): BuiltQuery {
  const params: Record<string, unknown> = { limit: q.limit + 1 };
  const terms = filterTerms(q, params);
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
  return { key: shapeKey(q, "list"), sql, params };
}

/**
 * Count per status for the same filters (statuses, cursor and limit do not apply). Undefined
 * when only the function (or nothing) is filtered: the trigger-kept counters answer that.
 */
export function buildCountQuery(q: NormalizedListQuery): BuiltQuery | undefined {
  if (q.afterMs === undefined && q.beforeMs === undefined && q.search === undefined) return undefined;
  const params: Record<string, unknown> = {};
  const terms = filterTerms(q, params);
  const sql = `SELECT e.status AS status, COUNT(*) AS n FROM executions e WHERE ${terms.join(" AND ")} GROUP BY e.status`;
  return { key: shapeKey({ ...q, cursor: undefined, statuses: undefined, oldestFirst: false }, "count"), sql, params };
}
