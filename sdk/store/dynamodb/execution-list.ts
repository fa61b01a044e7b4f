/**
 * Listing and counting executions on DynamoDB, with the same semantics as SQLite (the filter
 * rules live in sqlite/list-queries.ts and are shared through `normalizeListQuery`):
 * - a list reads the status partitions it needs, on gsi1 (`ST#<status>`) or, with a function,
 *   on gsi2 (`FS#<function>#<status>`), each as a time range, merged newest (or oldest) first;
 *   the keyset cursor becomes each partition's ExclusiveStartKey;
 * - a search (text anywhere in the name or id, in any ASCII case: ../search.ts) filters what
 *   those ranges return (the indexes project name and id). It is applied here, not as a
 *   FilterExpression: DynamoDB's `contains` cannot ignore case. DynamoDB reads (and bills) the
 *   range either way, so a rare text reads further into the range before a page fills;
 * - counts come from the counter items when only the function (or nothing) is filtered, and
 *   otherwise from `Select: COUNT` queries over the same ranges.
 */
import { EXECUTION_STATUSES, type ExecutionStatus } from "../../types/wire";
import type { ExecutionQuery, ExecutionRecord, Page } from "../types";
import { encodeListCursor } from "../cursor";
import { normalizeListQuery, type NormalizedListQuery } from "../list-query";
import { matchesNameOrId } from "../search";
import { hydrateExecutions, isLive } from "./execution-reads";
import { IndexStream, mergeStreams, rangeInput, type RangeQuery } from "./index-streams";
import {
  COUNTER_SHARDS,
  COUNTER_SK,
  EXEC_SK,
  compareBytes,
  counterPk,
  executionPk,
  functionStatusPartition,
  parseCounterAttribute,
  sortableMs,
  statusPartition,
  timeKey,
} from "./keys";
import { batchGet, keyId, queryCount, type Dynamo, type Item } from "./requests";

function ranges(q: NormalizedListQuery, pageSize: number): RangeQuery[] {
  const statuses = q.statuses ?? [...EXECUTION_STATUSES];
  const search = q.search;
  const keep = search === undefined ? undefined : (item: Item) => matchesNameOrId(search, String(item.name), String(item.executionId));
  const after = q.cursor && {
    sortKey: timeKey(q.cursor.startMs, q.cursor.executionId),
    tableKey: { pk: executionPk(q.cursor.executionId), sk: EXEC_SK },
  };
  return statuses.map((status) => ({
    index: q.functionName === undefined ? "byStatus" : "byFunctionStatus",
    partition: q.functionName === undefined ? statusPartition(status) : functionStatusPartition(q.functionName, status),
    from: q.afterMs === undefined ? undefined : sortableMs(q.afterMs),
    below: q.beforeMs === undefined ? undefined : sortableMs(q.beforeMs),
    after,
    descending: !q.oldestFirst,
    keep,
    pageSize,
  }));
}

export async function listExecutions(db: Dynamo, query: ExecutionQuery): Promise<Page<ExecutionRecord>> {
  const q = normalizeListQuery(query);
  const streams = ranges(q, q.limit + 1).map((range) => new IndexStream(db, range));
  const items = await mergeStreams(streams, q.limit + 1, !q.oldestFirst);
  const more = items.length > q.limit;
  if (more) items.length = q.limit;
  const page: Page<ExecutionRecord> = { items: await readListed(db, items) };
  const last = page.items[page.items.length - 1];
  if (more && last) {
    page.nextCursor = encodeListCursor({
      startMs: Date.parse(last.startTimestamp),
      executionId: last.executionId,
      oldestFirst: q.oldestFirst,
    });
  }
  return page;
}

/**
 * The index holds keys only (and name): the records come from the table, read consistently with
 * their payloads. An entry whose execution was purged since the index was read is left out.
 */
async function readListed(db: Dynamo, entries: Item[]): Promise<ExecutionRecord[]> {
  const found = await batchGet(db, entries.map((e) => ({ pk: executionPk(e.executionId as string), sk: EXEC_SK })));
  const items = entries
    .map((e) => found.get(keyId({ pk: executionPk(e.executionId as string), sk: EXEC_SK })))
    .filter(isLive);
  return hydrateExecutions(db, items);
}

function zeroCounts(): Record<ExecutionStatus, number> {
  return Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, 0])) as Record<ExecutionStatus, number>;
}

/** Sums of every counter shard: status -> function -> count. */
async function readCounters(db: Dynamo): Promise<Map<string, Map<string, number>>> {
  const keys = Array.from({ length: COUNTER_SHARDS }, (_, i) => ({ pk: counterPk(i), sk: COUNTER_SK }));
  const found = await batchGet(db, keys);
  const totals = new Map<string, Map<string, number>>();
  for (const item of found.values()) {
    for (const [attribute, value] of Object.entries(item)) {
      const parsed = parseCounterAttribute(attribute);
      if (!parsed || typeof value !== "number") continue;
      const byFunction = totals.get(parsed.status) ?? new Map<string, number>();
      byFunction.set(parsed.functionName, (byFunction.get(parsed.functionName) ?? 0) + value);
      totals.set(parsed.status, byFunction);
    }
  }
  return totals;
}

export async function countExecutionsByStatus(db: Dynamo, query: ExecutionQuery): Promise<Record<ExecutionStatus, number>> {
  const q = normalizeListQuery({ ...query, statuses: undefined, cursor: undefined, limit: undefined });
  const counts = zeroCounts();
  if (q.afterMs === undefined && q.beforeMs === undefined && q.search === undefined) {
    const totals = await readCounters(db);
    for (const status of EXECUTION_STATUSES) {
      for (const [functionName, n] of totals.get(status) ?? []) {
        if (q.functionName === undefined || q.functionName === functionName) counts[status] += n;
      }
    }
    return counts;
  }
  await Promise.all(
    ranges(q, 1000).map(async (range, i) => {
      const input = rangeInput(range);
      if (!input) return;
      const { Limit: _limit, ScanIndexForward: _order, ExclusiveStartKey: _start, ...countInput } = input;
      counts[EXECUTION_STATUSES[i]!] = await queryCount(db, countInput, range.keep);
    }),
  );
  return counts;
}

/** Functions that have executions now (a purge that removes a function's last one removes it). */
export async function listFunctionNames(db: Dynamo): Promise<string[]> {
  const totals = await readCounters(db);
  const names = new Set<string>();
  for (const byFunction of totals.values()) for (const [name, n] of byFunction) if (n > 0) names.add(name);
  return [...names].sort(compareBytes);
}
