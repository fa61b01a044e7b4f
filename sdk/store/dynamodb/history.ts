/**
 * An execution's history on DynamoDB: runs of events (`EV#` items, sequences.ts) on the
 * execution's partition, read with strongly consistent Queries, paged; big runs are reassembled
 * from their chunks. Page semantics match SQLite (see the conformance suite).
 */
import type { HistoryEvent } from "../../types/wire";
import type { HistoryQuery, HistoryStore, Page } from "../types";
import { clampLimit } from "../list-query";
import { EVENTS, readRange } from "./sequences";
import type { Dynamo } from "./requests";

export const DEFAULT_HISTORY_LIMIT = 100;
export const MAX_HISTORY_LIMIT = 1000;

/**
 * Forward: events with EventId > afterEventId, ascending. Reverse: EventId < afterEventId (all
 * when absent), descending. nextCursor is the last EventId returned.
 */
async function listHistory(db: Dynamo, executionId: string, query: HistoryQuery = {}): Promise<Page<HistoryEvent>> {
  const limit = clampLimit(query.limit, DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT);
  const after = query.afterEventId === undefined || !Number.isFinite(query.afterEventId) ? undefined : Math.floor(query.afterEventId);
  const { records, more } = await readRange(db, EVENTS, executionId, query.reverse
    ? { before: after, descending: true, limit }
    : { after, descending: false, limit });
  const last = records[records.length - 1];
  return more && last ? { items: records, nextCursor: String(last.EventId) } : { items: records };
}


export function dynamoHistory(db: Dynamo): HistoryStore {
  return {
    list: (executionId, query) => listHistory(db, executionId, query),
  };
}
