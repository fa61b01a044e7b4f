/**
 * How the console pages an execution's Event History (client-safe, shared with the server query):
 * the first page is small so the tab paints at once; the rest of a long history follows in large
 * pages, a few requested at once; once everything is held, only the tail (events after the last
 * one held) is ever read.
 *
 * Why the rest can be read in parallel: EventIds are dense (1..eventCount per execution), so once
 * the execution's eventCount is known, the remaining pages are fixed EventId slices
 * (`after` < EventId <= `until`). They are requested a few at a time, in display order, and
 * handed on strictly in that order, so what is held is always a prefix of the history, exactly
 * the pages a one-after-another read would have produced.
 */
import type { HistoryEvent, HistoryPage } from "./types";

export const FIRST_HISTORY_PAGE = 1000;
export const CONSOLE_HISTORY_PAGE = 10_000;
/** History pages in flight at once while the console reads the rest of a long history. */
export const HISTORY_FETCH_CONCURRENCY = 4;

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

/** One page of history to request: events with `after` < EventId (<= `until` when set). */
export interface HistorySlice {
  after: number;
  until?: number;
}

/**
 * The pages that read events `heldUpTo`+1 .. `eventCount`, `pageSize` each, in order. Every slice
 * but the last is bounded (`until`); the last is open-ended, so it also takes events written since
 * eventCount was read, and its nextCursor keeps meaning "more is stored".
 */
export function planHistorySlices(heldUpTo: number, eventCount: number, pageSize = CONSOLE_HISTORY_PAGE): HistorySlice[] {
  if (!(pageSize >= 1)) throw new RangeError(`pageSize must be at least 1, got ${pageSize}`);
  const slices: HistorySlice[] = [];
  for (let after = heldUpTo; after < eventCount; after += pageSize) {
    slices.push(after + pageSize < eventCount ? { after, until: after + pageSize } : { after });
  }
  return slices;
}

/** The history API's URL for one page. */
export function historyPageUrl(executionId: string, slice: HistorySlice, limit: number): string {
  const params = new URLSearchParams();
  if (slice.after > 0) params.set("after", String(slice.after));
  if (slice.until !== undefined) params.set("until", String(slice.until));
  params.set("limit", String(limit));
  return `/api/executions/${encodeURIComponent(executionId)}/history?${params}`;
}

/**
 * A page as a one-after-another read would have held it: a bounded slice followed by more slices
 * keeps a nextCursor (its last EventId), so "more stored" stays true until the last page.
 */
export function asSequentialPage(page: HistoryPage, slice: HistorySlice, isLast: boolean): HistoryPage {
  const last = page.events[page.events.length - 1];
  if (isLast || slice.until === undefined || page.nextCursor !== undefined || !last) return page;
  return { ...page, nextCursor: last.EventId };
}

export interface InOrderOptions {
  concurrency?: number;
  signal?: AbortSignal;
}

/**
 * Fetches every slice, at most `concurrency` at once, started in order, and hands each page to
 * `onPage` strictly in slice order as soon as it and every page before it arrived. `onPage`
 * returning false stops everything (nothing more is started or handed on). Rejects with the
 * first failure, after which nothing more is handed on; resolves with the number of pages handed on.
 */
export async function fetchSlicesInOrder<T>(
  slices: readonly HistorySlice[],
  fetchSlice: (slice: HistorySlice, signal: AbortSignal) => Promise<T>,
  onPage: (page: T, index: number) => boolean | void,
  options: InOrderOptions = {},
): Promise<number> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? HISTORY_FETCH_CONCURRENCY));
  if (options.signal?.aborted) return 0;
  // Aborted on a failure, a stop from the consumer or the caller's signal: requests still in
  // flight are cancelled through it and their answers ignored (nothing waits for them).
  const stop = new AbortController();
  const arrived = new Map<number, T>();
  let started = 0;
  let delivered = 0;
  let failure: { error: unknown } | undefined;

  return new Promise<number>((resolve, reject) => {
    let finished = false;
    const onOuterAbort = () => {
      stop.abort(options.signal?.reason);
      next();
    };
    options.signal?.addEventListener("abort", onOuterAbort, { once: true });
    const deliver = () => {
      while (!stop.signal.aborted && arrived.has(delivered)) {
        const page = arrived.get(delivered)!;
        arrived.delete(delivered);
        const index = delivered;
        delivered += 1;
        if (onPage(page, index) === false) stop.abort();
      }
    };
    let inFlight = 0;
    const pump = () => {
      while (!stop.signal.aborted && inFlight < concurrency && started < slices.length) {
        const index = started++;
        inFlight += 1;
        fetchSlice(slices[index]!, stop.signal).then(
          (page) => {
            inFlight -= 1;
            if (!stop.signal.aborted) {
              arrived.set(index, page);
              deliver();
            }
            next();
          },
          (error: unknown) => {
            inFlight -= 1;
            if (!stop.signal.aborted) {
              failure = { error };
              stop.abort();
            }
            next();
          },
        );
      }
    };
    function next(): void {
      if (finished) return;
      pump();
      if (!stop.signal.aborted && delivered < slices.length) return;
      finished = true;
      options.signal?.removeEventListener("abort", onOuterAbort);
      if (failure) reject(failure.error);
      else resolve(delivered);
    }
    next();
  });
}
