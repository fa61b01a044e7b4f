/**
 * Callbacks on DynamoDB: one item per callback id (`CB#<id>`), read strongly consistent.
 *
 * The approvals inbox: the sparse pending-callback index (gsi1 `PCB#<shard>` merged
 * over the shards, or gsi2 `PCBF#<function>`), oldest first by (createdTimestamp, callbackId). Each
 * candidate is checked against the table itself (consistent reads of the callback and of its
 * execution): an index lags its table, and "pending AND execution RUNNING" is the contract.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { CallbackRecord, CallbackStore, Page, PendingCallbackQuery, PendingCallbackView } from "../types";
import { decodePendingCallbackCursor, encodePendingCallbackCursor } from "../cursor";
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT, clampLimit } from "../list-query";
import { IndexStream, mergeStreams, type RangeQuery } from "./index-streams";
import { CALLBACK_SK, EXEC_SK, SHARDS, callbackPk, executionPk, pendingOfFunctionPartition, pendingPartition, timeKey } from "./keys";
import { callbackFromItem } from "./items";
import { batchGet, keyId, withRetry, type Dynamo, type Item } from "./requests";
import { isLive } from "./execution-reads";

async function listPendingCallbacks(db: Dynamo, query: PendingCallbackQuery = {}): Promise<Page<PendingCallbackView>> {
  const limit = clampLimit(query.limit, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
  const cursor = query.cursor === undefined ? undefined : decodePendingCallbackCursor(query.cursor);
  const after = cursor && {
    sortKey: timeKey(cursor.createdMs, cursor.callbackId),
    tableKey: { pk: callbackPk(cursor.callbackId), sk: CALLBACK_SK },
  };
  const base = { after, pageSize: limit + 1 };
  const ranges: RangeQuery[] =
    query.functionName !== undefined
      ? [{ ...base, index: "byFunctionStatus", partition: pendingOfFunctionPartition(query.functionName) }]
      : Array.from({ length: SHARDS }, (_, shard) => ({ ...base, index: "byStatus" as const, partition: pendingPartition(shard) }));
  const streams = ranges.map((range) => new IndexStream(db, range));

  const views: PendingCallbackView[] = [];
  while (views.length <= limit) {
    const candidates = await mergeStreams(streams, limit + 1 - views.length);
    if (candidates.length === 0) break;
    const keys = candidates.flatMap((c) => [
      { pk: c.pk as string, sk: CALLBACK_SK },
      { pk: executionPk(c.executionId as string), sk: EXEC_SK },
    ]);
    const found = await batchGet(db, keys);
    for (const candidate of candidates) {
      const callback = found.get(keyId({ pk: candidate.pk, sk: CALLBACK_SK }));
      const execution = found.get(keyId({ pk: executionPk(candidate.executionId as string), sk: EXEC_SK }));
      if (!callback || callback.pending !== true || callback.executionId !== candidate.executionId) continue;
      if (!isLive(execution) || execution.status !== "RUNNING") continue;
      views.push({ ...callbackFromItem(callback), executionName: execution.name as string });
    }
  }
  const more = views.length > limit;
  if (more) views.length = limit;
  const page: Page<PendingCallbackView> = { items: views };
  const last = views[views.length - 1];
  if (more && last) page.nextCursor = encodePendingCallbackCursor({ createdMs: Date.parse(last.createdTimestamp), callbackId: last.callbackId });
  return page;
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
