/**
 * Read queries about an execution's Event History and logs, paged by EventId / log sequence.
 *
 * The console opens a history with one page of FIRST_HISTORY_PAGE events (on screen at once),
 * then reads the rest in pages of CONSOLE_HISTORY_PAGE (a 100,000-event history is ten requests,
 * not a hundred), and afterwards only the tail: events after the last one it holds.
 */
import { durable } from "../durable";
import { CONSOLE_HISTORY_PAGE, FIRST_HISTORY_PAGE } from "../history-pages";
import type { HistoryEvent } from "@/sdk/types/wire";
import type { HistoryPage, LogEntry, LogPage } from "../types";
import { findExecutionRecord } from "./executions";

/** What a store returns per history read (Lambda's GetDurableExecutionHistory pages at 1,000 too). */
const STORE_HISTORY_PAGE = 1000;
export { CONSOLE_HISTORY_PAGE, FIRST_HISTORY_PAGE };
export const HISTORY_PAGE_MAX = CONSOLE_HISTORY_PAGE;
export const LOG_PAGE_MAX = 1000;

/** Events with EventId > `after`, oldest first, up to `limit` (default 1,000, at most 10,000). */
export async function getHistory(idOrArn: string, options: { after?: number; limit?: number } = {}): Promise<HistoryPage> {
  const execution = await findExecutionRecord(idOrArn);
  const { store } = await durable();
  const limit = Math.min(options.limit ?? FIRST_HISTORY_PAGE, HISTORY_PAGE_MAX);
  const events: HistoryEvent[] = [];
  let after = options.after;
  let more = false;
  while (events.length < limit) {
    const page = await store.getHistory(execution.executionId, { afterEventId: after, limit: Math.min(STORE_HISTORY_PAGE, limit - events.length) });
    for (const event of page.items) events.push(event);
    const last = page.items[page.items.length - 1];
    more = page.nextCursor !== undefined && last !== undefined;
    if (!more || !last) break;
    after = last.EventId;
  }
  const result: HistoryPage = { events };
  const last = events[events.length - 1];
  if (more && last) result.nextCursor = last.EventId;
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
    const page = await store.getHistory(executionId, { afterEventId: after, limit: STORE_HISTORY_PAGE });
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
