/**
 * How the console pages an execution's Event History (client-safe, shared with the server query):
 * the first page is small so the tab paints at once; the rest of a long history follows in large
 * pages; once everything is held, only the tail (events after the last one held) is ever read.
 */
import type { HistoryEvent, HistoryPage } from "./types";

export const FIRST_HISTORY_PAGE = 1000;
export const CONSOLE_HISTORY_PAGE = 10_000;

/** The EventId of the last event held (0 when none). */
export function lastEventIdOf(pages: readonly HistoryPage[]): number {
  for (let i = pages.length - 1; i >= 0; i--) {
    const events = pages[i]!.events;
    if (events.length > 0) return events[events.length - 1]!.EventId;
  }
  return 0;
}

/** True while the stored history has events beyond the pages held (read them in the background). */
export function hasMoreStoredPages(pages: readonly HistoryPage[]): boolean {
  return pages.length > 0 && pages[pages.length - 1]!.nextCursor !== undefined;
}

export function flattenHistory(pages: readonly HistoryPage[]): HistoryEvent[] {
  if (pages.length === 1) return pages[0]!.events;
  const out: HistoryEvent[] = [];
  for (const page of pages) for (const event of page.events) out.push(event);
  return out;
}

/** Lambda's GetDurableExecutionHistory response shape, which `aws lambda` tooling reads back. */
export function lambdaHistoryDocument(events: readonly HistoryEvent[]): { Events: readonly HistoryEvent[] } {
  return { Events: events };
}
