/**
 * An execution's logs on DynamoDB: runs of log lines (`LOG#` items, sequences.ts) on the
 * execution's partition, read with strongly consistent Queries, paged. Page semantics match
 * SQLite (see the conformance suite).
 */
import type { LogQuery, LogRecord, LogStore, Page } from "../types";
import { clampLimit } from "../list-query";
import { LOGS, readRange } from "./sequences";
import type { Dynamo } from "./requests";

export const DEFAULT_LOG_LIMIT = 100;
export const MAX_LOG_LIMIT = 1000;

/** Logs with seq > afterSeq, ascending, optionally of one operation; nextCursor is the last seq returned. */
async function listLogs(db: Dynamo, executionId: string, query: LogQuery = {}): Promise<Page<LogRecord>> {
  const limit = clampLimit(query.limit, DEFAULT_LOG_LIMIT, MAX_LOG_LIMIT);
  const after = query.afterSeq === undefined || !Number.isFinite(query.afterSeq) ? undefined : Math.floor(query.afterSeq);
  const { records, more } = await readRange(db, LOGS, executionId, { after, descending: false, limit, operationId: query.operationId });
  const last = records[records.length - 1];
  return more && last ? { items: records, nextCursor: String(last.seq) } : { items: records };
}

export function dynamoLogs(db: Dynamo): LogStore {
  return {
    list: (executionId, query) => listLogs(db, executionId, query),
  };
}
