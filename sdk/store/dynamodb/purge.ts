/**
 * Retention on DynamoDB, in bounded batches. Candidates come from the ended-executions index
 * (gsi3 `END#<shard>`, by end time, merged over the shards). Each execution is purged in three
 * steps so that a crash at any point leaves something the next purge finishes:
 * 1. one transaction marks the execution item `purging` (conditioned on the version read, so a
 *    concurrent redrive wins), takes it off the list indexes, deletes its name and decrements its
 *    counter: from here on every read treats it as gone;
 * 2. the items of its partition and its callbacks (found on gsi3 `CBX#<id>`) are deleted in batches;
 * 3. the execution item itself is deleted last; it keeps its `END#` index entry until then, so
 *    an interrupted purge is found again.
 */
import { GetCommand, TransactWriteCommand, DeleteCommand } from "@aws-sdk/lib-dynamodb";
import type { PurgeOptions } from "../types";
import { timestampMs } from "../timestamps";
import { IndexStream, mergeStreams } from "./index-streams";
import {
  EXEC_SK,
  INDEX,
  NAME_SK,
  SHARDS,
  callbacksOfExecutionPartition,
  endedPartition,
  executionPk,
  namePk,
  sortableMs,
} from "./keys";
import { counterUpdate } from "./write-plan";
import { executionFromItem } from "./items";
import { batchDelete, queryPages, withRetry, type Dynamo, type Item, type Key } from "./requests";

/** Executions purged at once (each is a handful of requests). */
const PURGE_BATCH = 25;

export async function purgeExecutions(db: Dynamo, options: PurgeOptions): Promise<number> {
  const endedBeforeMs = timestampMs("endedBefore", options.endedBefore);
  if (!Number.isFinite(options.limit) || options.limit < 0) throw new TypeError(`limit must be a number >= 0, got ${options.limit}`);
  const limit = Math.floor(options.limit);
  let purged = 0;
  while (purged < limit) {
    const batch = Math.min(PURGE_BATCH, limit - purged);
    const streams = Array.from(
      { length: SHARDS },
      (_, shard) => new IndexStream(db, { index: "timers", partition: endedPartition(shard), below: sortableMs(endedBeforeMs), pageSize: batch }),
    );
    const candidates = await mergeStreams(streams, batch);
    const done = await Promise.all(candidates.map((c) => purgeOne(db, c.executionId as string, endedBeforeMs)));
    const n = done.filter(Boolean).length;
    purged += n;
    // Fewer candidates than asked: nothing more is old enough. None purged: the index lags the table.
    if (candidates.length < batch || n === 0) break;
  }
  return purged;
}

async function purgeOne(db: Dynamo, executionId: string, endedBeforeMs: number): Promise<boolean> {
  const pk = executionPk(executionId);
  const got = await withRetry(() => db.doc.send(new GetCommand({ TableName: db.table, Key: { pk, sk: EXEC_SK }, ConsistentRead: true })));
  const item = got.Item as Item | undefined;
  if (!item) return false;
  if (item.purging !== true) {
    const record = executionFromItem(item, undefined);
    const ended = record.status !== "RUNNING" && record.endTimestamp !== undefined && Date.parse(record.endTimestamp) < endedBeforeMs;
    if (!ended || !(await markPurging(db, item))) return false;
  }
  const { items } = await queryPages(db, {
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": pk },
    ProjectionExpression: "pk, sk",
    ConsistentRead: true,
  });
  const { items: callbacks } = await queryPages(db, {
    IndexName: INDEX.timers.name,
    KeyConditionExpression: "#pk = :pk",
    ExpressionAttributeNames: { "#pk": INDEX.timers.pk },
    ExpressionAttributeValues: { ":pk": callbacksOfExecutionPartition(executionId) },
  });
  const keys: Key[] = items.filter((child) => child.sk !== EXEC_SK).map((child) => ({ pk, sk: child.sk as string }));
  for (const callback of callbacks) {
    if (callback.executionId === executionId) keys.push({ pk: callback.pk as string, sk: callback.sk as string });
  }
  await batchDelete(db, keys);
  await withRetry(() =>
    db.doc.send(
      new DeleteCommand({
        TableName: db.table,
        Key: { pk, sk: EXEC_SK },
        ConditionExpression: "#purging = :yes",
        ExpressionAttributeNames: { "#purging": "purging" },
        ExpressionAttributeValues: { ":yes": true },
      }),
    ),
  ).catch((error: unknown) => {
    if ((error as { name?: string }).name !== "ConditionalCheckFailedException") throw error;
  });
  return true;
}

/** Step 1. False when the execution changed since it was read (it is left alone this time). */
async function markPurging(db: Dynamo, item: Item): Promise<boolean> {
  const record = executionFromItem(item, undefined);
  const counter = counterUpdate(record, undefined)!;
  try {
    await withRetry(() =>
      db.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: db.table,
                Key: { pk: item.pk, sk: EXEC_SK },
                UpdateExpression: "SET #purging = :yes, #version = :next REMOVE #g1pk, #g1sk, #g2pk, #g2sk",
                ConditionExpression: "#version = :seen",
                ExpressionAttributeNames: {
                  "#purging": "purging",
                  "#version": "version",
                  "#g1pk": INDEX.byStatus.pk,
                  "#g1sk": INDEX.byStatus.sk,
                  "#g2pk": INDEX.byFunctionStatus.pk,
                  "#g2sk": INDEX.byFunctionStatus.sk,
                },
                ExpressionAttributeValues: { ":yes": true, ":seen": record.version, ":next": record.version + 1 },
              },
            },
            {
              Delete: {
                TableName: db.table,
                Key: { pk: namePk(record.functionName, record.name), sk: NAME_SK },
                ConditionExpression: "attribute_not_exists(executionId) OR executionId = :id",
                ExpressionAttributeValues: { ":id": record.executionId },
              },
            },
            { Update: { TableName: db.table, ...counter } },
          ],
        }),
      ),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === "TransactionCanceledException") return false;
    throw error;
  }
}
