/**
 * Callbacks on DynamoDB: one item per callback id (`CB#<id>`), read strongly consistent.
 *
 * The approvals inbox: the sparse pending-callback index (gsi1 `PCB#<shard>` merged
 * over the shards, or gsi2 `PCBF#<function>`), oldest first by (createdTimestamp, callbackId), or
 * soonest deadline first (read whole and sorted), optionally of one callback name. Each
 * candidate is checked against the table itself (consistent reads of the callback and of its
 * execution): an index lags its table, and "pending AND execution RUNNING" is the contract.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { CallbackRecord, CallbackStore, Page, PendingCallbackQuery, PendingCallbackView } from "../types";
import {
  deadlineSortKey,
  decodePendingByDeadlineCursor,
  decodePendingCallbackCursor,
  encodePendingByDeadlineCursor,
  encodePendingCallbackCursor,
} from "../cursor";
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT, clampLimit } from "../list-query";
import { IndexStream, mergeStreams, type RangeQuery } from "./index-streams";
import { CALLBACK_SK, EXEC_SK, SHARDS, callbackPk, compareBytes, executionPk, pendingOfFunctionPartition, pendingPartition, timeKey } from "./keys";
import { callbackFromItem } from "./items";
import { batchGet, keyId, withRetry, type Dynamo, type Item } from "./requests";
import { isLive } from "./execution-reads";

async function listPendingCallbacks(db: Dynamo, query: PendingCallbackQuery = {}): Promise<Page<PendingCallbackView>> {
  const limit = clampLimit(query.limit, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
  if (query.order === "deadline") return listPendingByDeadline(db, query, limit);
  const cursor = query.cursor === undefined ? undefined : decodePendingCallbackCursor(query.cursor);
  const after = cursor && {
    sortKey: timeKey(cursor.createdMs, cursor.callbackId),
    tableKey: { pk: callbackPk(cursor.callbackId), sk: CALLBACK_SK },
  };
  const streams = pendingStreams(db, query, { after, pageSize: limit + 1 });
  const views: PendingCallbackView[] = [];
  while (views.length <= limit) {
    const found = await confirmPending(db, await mergeStreams(streams, limit + 1 - views.length), query);
    if (found === undefined) break;
    views.push(...found);
  }
  const more = views.length > limit;
  if (more) views.length = limit;
  const page: Page<PendingCallbackView> = { items: views };
  const last = views[views.length - 1];
  if (more && last) page.nextCursor = encodePendingCallbackCursor({ createdMs: Date.parse(last.createdTimestamp), callbackId: last.callbackId });
  return page;
}

/**
 * Soonest deadline first. No index orders pending callbacks by deadline, so this reads every
 * pending callback of the query (the sparse pending index holds only those), sorts them, and
 * pages by a (deadline key, callback id) cursor: fine for an inbox of thousands, not millions.
 */
async function listPendingByDeadline(db: Dynamo, query: PendingCallbackQuery, limit: number): Promise<Page<PendingCallbackView>> {
  const cursor = query.cursor === undefined ? undefined : decodePendingByDeadlineCursor(query.cursor);
  const streams = pendingStreams(db, query, { pageSize: 500 });
  const all: PendingCallbackView[] = [];
  for (;;) {
    const found = await confirmPending(db, await mergeStreams(streams, 500), query);
    if (found === undefined) break;
    all.push(...found);
  }
  const key = (view: PendingCallbackView) => deadlineSortKey(view.timeoutAt);
  const byDeadline = (a: PendingCallbackView, b: PendingCallbackView) => key(a) - key(b) || compareBytes(a.callbackId, b.callbackId);
  const after = cursor
    ? all.filter((view) => key(view) > cursor.deadlineKey || (key(view) === cursor.deadlineKey && compareBytes(view.callbackId, cursor.callbackId) > 0))
    : all;
  after.sort(byDeadline);
  const items = after.slice(0, limit);
  const page: Page<PendingCallbackView> = { items };
  const last = items[items.length - 1];
  if (after.length > limit && last) page.nextCursor = encodePendingByDeadlineCursor({ deadlineKey: key(last), callbackId: last.callbackId });
  return page;
}

/** The pending-callback index partitions of a query: one function's, or every shard's. */
function pendingStreams(db: Dynamo, query: PendingCallbackQuery, base: Pick<RangeQuery, "after" | "pageSize">): IndexStream[] {
  const ranges: RangeQuery[] =
    query.functionName !== undefined
      ? [{ ...base, index: "byFunctionStatus", partition: pendingOfFunctionPartition(query.functionName) }]
      : Array.from({ length: SHARDS }, (_, shard) => ({ ...base, index: "byStatus" as const, partition: pendingPartition(shard) }));
  return ranges.map((range) => new IndexStream(db, range));
}

/**
 * The index candidates that are pending in the table itself (consistent reads of each callback
 * and its execution, RUNNING) and match the name filter; undefined when there were none to read.
 */
async function confirmPending(db: Dynamo, candidates: Item[], query: PendingCallbackQuery): Promise<PendingCallbackView[] | undefined> {
  if (candidates.length === 0) return undefined;
  const keys = candidates.flatMap((c) => [
    { pk: c.pk as string, sk: CALLBACK_SK },
    { pk: executionPk(c.executionId as string), sk: EXEC_SK },
  ]);
  const found = await batchGet(db, keys);
  const views: PendingCallbackView[] = [];
  for (const candidate of candidates) {
    const callback = found.get(keyId({ pk: candidate.pk, sk: CALLBACK_SK }));
    const execution = found.get(keyId({ pk: executionPk(candidate.executionId as string), sk: EXEC_SK }));
    if (!callback || callback.pending !== true || callback.executionId !== candidate.executionId) continue;
    if (!isLive(execution) || execution.status !== "RUNNING") continue;
    const view = { ...callbackFromItem(callback), executionName: execution.name as string };
    if (query.name !== undefined && view.name !== query.name) continue;
    views.push(view);
  }
  return views;
}

async function getCallback(db: Dynamo, callbackId: string): Promise<CallbackRecord | undefined> {
  const out = await withRetry(() =>
    db.doc.send(new GetCommand({ TableName: db.table, Key: { pk: callbackPk(callbackId), sk: CALLBACK_SK }, ConsistentRead: true })),
  );
  return out.Item && callbackFromItem(out.Item as Item);
}

export function dynamoCallbacks(db: Dynamo): CallbackStore {
  return {
    get: (callbackId) => getCallback(db, callbackId),
    listPending: (query) => listPendingCallbacks(db, query),
  };
}
