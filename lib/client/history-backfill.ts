/**
 * Reads the rest of a long stored Event History into the console's history query, several pages
 * at once (client-safe). The query (lib/query-options `history`) holds the first page; this
 * appends the remaining pages to its cache in display order as they arrive (lib/history-pages
 * `fetchSlicesInOrder`), so the table grows from the top while later pages are still on the way.
 * The cache ends exactly as a one-page-at-a-time read would have left it, so the query's own
 * paging (the tail, a retry after a failure) carries on from whatever was appended.
 */
import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { apiGet } from "./api-client";
import {
  CONSOLE_HISTORY_PAGE,
  HISTORY_FETCH_CONCURRENCY,
  asSequentialPage,
  fetchSlicesInOrder,
  hasMoreStoredPages,
  historyPageUrl,
  lastEventIdOf,
  planHistorySlices,
} from "../history-pages";
import { historyKeys } from "./query-options";
import type { HistoryPage } from "../types";

type HistoryData = InfiniteData<HistoryPage, number>;

export interface BackfillOptions {
  concurrency?: number;
  signal?: AbortSignal;
}

/**
 * Appends every stored page after those held, up to `eventCount` (the execution's, as last
 * polled), to the cache of `historyKeys.events(executionId)`. Does nothing unless the cache
 * holds pages and the stored history goes on. Stops (leaving a valid prefix) when the cache is
 * changed by anything else meanwhile. Resolves with the number of pages appended; rejects with
 * the first failed request (the pages before it stay appended).
 */
export function backfillHistory(queryClient: QueryClient, executionId: string, eventCount: number, options: BackfillOptions = {}): Promise<number> {
  // Two views of one history (the history tab, the timeline) share one read.
  let running = inFlight.get(queryClient);
  if (!running) inFlight.set(queryClient, (running = new Map()));
  const existing = running.get(executionId);
  if (existing) return existing;
  const read = readRest(queryClient, executionId, eventCount, options).finally(() => running.delete(executionId));
  running.set(executionId, read);
  return read;
}

const inFlight = new WeakMap<QueryClient, Map<string, Promise<number>>>();

async function readRest(queryClient: QueryClient, executionId: string, eventCount: number, options: BackfillOptions): Promise<number> {
  const key = historyKeys.events(executionId);
  const start = queryClient.getQueryData<HistoryData>(key);
  if (!start || !hasMoreStoredPages(start.pages)) return 0;
  const slices = planHistorySlices(lastEventIdOf(start.pages), eventCount, CONSOLE_HISTORY_PAGE);
  let expectedPages = start.pages.length;
  return fetchSlicesInOrder(
    slices,
    (slice, signal) => apiGet<HistoryPage>(historyPageUrl(executionId, slice, CONSOLE_HISTORY_PAGE), signal),
    (page, index) => {
      const data = queryClient.getQueryData<HistoryData>(key);
      // Someone else changed the cache (a refetch, a reset): what we read no longer follows it.
      if (!data || data.pages.length !== expectedPages || lastEventIdOf(data.pages) > slices[index]!.after) return false;
      const held = asSequentialPage(page, slices[index]!, index === slices.length - 1);
      queryClient.setQueryData<HistoryData>(key, { pages: [...data.pages, held], pageParams: [...data.pageParams, slices[index]!.after] });
      expectedPages += 1;
      // A page that ends the stored history early (fewer events than eventCount promised) ends the read.
      return hasMoreStoredPages([held]);
    },
    { concurrency: options.concurrency ?? HISTORY_FETCH_CONCURRENCY, signal: options.signal },
  );
}
