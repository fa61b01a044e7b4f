/**
 * Reads of an execution's child items: operations (`OP#`), history (`EV#` runs), logs (`LOG#`
 * runs), all strongly consistent Queries on the execution's partition, paged, with big bodies
 * reassembled from their chunks. Page semantics match SQLite (see the conformance suite).
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { HistoryEvent } from "../../types/wire";
import type { HistoryQuery, LogQuery, LogRecord, OperationRecord, Page } from "../types";
import { clampLimit } from "../sqlite/list-queries";
import { readBodies, readBody } from "./blobs";
import { OP_PREFIX, executionPk, operationSk } from "./keys";
import { EVENTS, LOGS, readRange } from "./sequences";
import { operationFromBody } from "./items";
import { queryPages, withRetry, type Dynamo, type Item } from "./requests";

export const DEFAULT_HISTORY_LIMIT = 100;
export const MAX_HISTORY_LIMIT = 1000;
export const DEFAULT_LOG_LIMIT = 100;
export const MAX_LOG_LIMIT = 1000;

export async function listOperations(db: Dynamo, executionId: string): Promise<OperationRecord[]> {
  const { items } = await queryPages(db, {
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": executionPk(executionId), ":prefix": OP_PREFIX },
    ConsistentRead: true,
  });
  const bodies = await readBodies(db, items);
  const records = items.map((head, i) => operationFromBody(executionId, head, bodies[i]!));
  return records.sort((a, b) => a.seq - b.seq || (a.operation.Id < b.operation.Id ? -1 : a.operation.Id > b.operation.Id ? 1 : 0));
}

export async function getOperation(db: Dynamo, executionId: string, operationId: string): Promise<OperationRecord | undefined> {
  const out = await withRetry(() =>
    db.doc.send(
      new GetCommand({ TableName: db.table, Key: { pk: executionPk(executionId), sk: operationSk(operationId) }, ConsistentRead: true }),
    ),
  );
  const head = out.Item as Item | undefined;
  return head && operationFromBody(executionId, head, await readBody(db, head));
}

/**
 * Forward: events with EventId > afterEventId, ascending. Reverse: EventId < afterEventId (all
 * when absent), descending. nextCursor is the last EventId returned.
 */
export async function getHistory(db: Dynamo, executionId: string, query: HistoryQuery = {}): Promise<Page<HistoryEvent>> {
  const limit = clampLimit(query.limit, DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT);
  const after = query.afterEventId === undefined || !Number.isFinite(query.afterEventId) ? undefined : Math.floor(query.afterEventId);
  const { records, more } = await readRange(db, EVENTS, executionId, query.reverse
    ? { before: after, descending: true, limit }
    : { after, descending: false, limit });
  const last = records[records.length - 1];
  return more && last ? { items: records, nextCursor: String(last.EventId) } : { items: records };
}

/** Logs with seq > afterSeq, ascending, optionally of one operation; nextCursor is the last seq returned. */
export async function getLogs(db: Dynamo, executionId: string, query: LogQuery = {}): Promise<Page<LogRecord>> {
  const limit = clampLimit(query.limit, DEFAULT_LOG_LIMIT, MAX_LOG_LIMIT);
  const after = query.afterSeq === undefined || !Number.isFinite(query.afterSeq) ? undefined : Math.floor(query.afterSeq);
  const { records, more } = await readRange(db, LOGS, executionId, { after, descending: false, limit, operationId: query.operationId });
  const last = records[records.length - 1];
  return more && last ? { items: records, nextCursor: String(last.seq) } : { items: records };
}
