/**
 * Read queries about an execution's Event History and logs, paged by EventId / log sequence.
 *
 * The console opens a history with one page of FIRST_HISTORY_PAGE events (on screen at once),
 * then reads the rest in pages of CONSOLE_HISTORY_PAGE (a 100,000-event history is ten requests,
 * not a hundred, a few in flight at once), and afterwards only the tail: events after the last
 * one it holds. One operation's events are not read here: lib/queries/operations reads them by
 * key through the operation's event list.
 */
import "server-only";
import { HISTORY_PAGE_MAX, LOG_PAGE_MAX } from "../api-schemas";
import { durable } from "../durable";
import { CONSOLE_HISTORY_PAGE, FIRST_HISTORY_PAGE } from "../../history-pages";
import type { HistoryEvent } from "@/sdk/types/wire";
import type { HistoryPage, LogEntry, LogPage } from "../../types";
import { readExecution } from "./executions";

/** What a store returns per history read (Lambda's GetDurableExecutionHistory pages at 1,000 too). */
const STORE_HISTORY_PAGE = 1000;
export { CONSOLE_HISTORY_PAGE, FIRST_HISTORY_PAGE };

/**
 * Events with EventId > `after` (and <= `until` when given), oldest first, up to `limit` (default
 * 1,000, at most 10,000). `nextCursor` is the last EventId returned when more events follow in
 * the range asked for: open-ended, any later event; with `until`, a later event up to `until`.
 * EventIds are dense (1..eventCount), so `after`/`until` address fixed slices of a history that
 * a client can read in parallel (the console does, see lib/history-pages).
 */
export async function getHistory(idOrArn: string, options: { after?: number; until?: number; limit?: number } = {}): Promise<HistoryPage> {
  const execution = await readExecution(idOrArn);
  const { client } = await durable();
  const limit = Math.min(options.limit ?? FIRST_HISTORY_PAGE, HISTORY_PAGE_MAX);
  const until = options.until;
  const events: HistoryEvent[] = [];
  let after = options.after ?? 0;
  let more = false;
  while (events.length < limit && (until === undefined || after < until)) {
    // Never ask the store for events past `until` (ids are dense: the slice is exact).
    const want = Math.min(STORE_HISTORY_PAGE, limit - events.length, until === undefined ? Infinity : until - after);
    const page = await client.getHistory(execution.executionId, { afterEventId: after, limit: want });
    let beyond = false;
    for (const event of page.items) {
      if (until !== undefined && event.EventId > until) {
        beyond = true;
        break;
      }
      events.push(event);
    }
    const last = events[events.length - 1];
    more = !beyond && page.nextCursor !== undefined && page.items.length > 0;
    if (!more || !last) break;
    after = last.EventId;
  }
  const result: HistoryPage = { events };
  const last = events[events.length - 1];
  if (more && last && (until === undefined || last.EventId < until)) result.nextCursor = last.EventId;
  return result;
}

export async function getLogs(
  idOrArn: string,
  options: { operationId?: string; after?: number; limit?: number } = {},
): Promise<LogPage> {
  const execution = await readExecution(idOrArn);
  const { client } = await durable();
  const page = await client.getLogs(execution.executionId, {
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
