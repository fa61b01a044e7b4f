/**
 * Read queries about an execution's Event History and logs, paged by EventId / log sequence.
 */
import { durable } from "../durable";
import type { HistoryEvent } from "@/sdk/types/wire";
import type { HistoryPage, LogEntry, LogPage } from "../types";
import { findExecutionRecord } from "./executions";

export const HISTORY_PAGE_MAX = 1000;
export const LOG_PAGE_MAX = 1000;

export async function getHistory(idOrArn: string, options: { after?: number; limit?: number } = {}): Promise<HistoryPage> {
  const execution = await findExecutionRecord(idOrArn);
  const { store } = await durable();
  const limit = Math.min(options.limit ?? HISTORY_PAGE_MAX, HISTORY_PAGE_MAX);
  const page = await store.getHistory(execution.executionId, { afterEventId: options.after, limit });
  const result: HistoryPage = { events: page.items };
  const last = page.items[page.items.length - 1];
  if (page.nextCursor !== undefined && last) result.nextCursor = last.EventId;
  return result;
}

/**
 * The events of one operation, oldest first. The store has no per-operation index for events,
 * so this walks the history in pages; fine for the operation panel, and the place to add an
 * index if histories of 100,000 events make it slow.
 */
export async function eventsOfOperation(executionId: string, operationId: string): Promise<HistoryEvent[]> {
  const { store } = await durable();
  const found: HistoryEvent[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await store.getHistory(executionId, { afterEventId: after, limit: HISTORY_PAGE_MAX });
    for (const event of page.items) if (event.Id === operationId) found.push(event);
    const last = page.items[page.items.length - 1];
    if (page.nextCursor === undefined || !last) return found;
    after = last.EventId;
  }
}

export async function getLogs(
  idOrArn: string,
  options: { operationId?: string; after?: number; limit?: number } = {},
): Promise<LogPage> {
  const execution = await findExecutionRecord(idOrArn);
  const { store } = await durable();
  const page = await store.getLogs(execution.executionId, {
    operationId: options.operationId,
    afterSeq: options.after,
    limit: Math.min(options.limit ?? LOG_PAGE_MAX, LOG_PAGE_MAX),
  });
  const items: LogEntry[] = page.items.map(({ executionId: _executionId, requestId: _requestId, ...entry }) => entry);
  const result: LogPage = { items };
  const last = items[items.length - 1];
  if (page.nextCursor !== undefined && last) result.nextCursor = last.seq;
  return result;
}
