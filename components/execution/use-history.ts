"use client";
/**
 * One execution's Event History as the tabs use it: the first page at once, the rest of the
 * stored history in the background — several large pages in flight at once, appended in order
 * (lib/client/history-backfill) — then only the tail whenever the polled execution row's `eventCount`
 * passes the last event held. A running execution with 100,000 events therefore costs one small
 * request per change, not a refetch of everything loaded.
 */
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { backfillHistory } from "@/lib/client/history-backfill";
import { CONSOLE_HISTORY_PAGE, flattenHistory, hasMoreStoredPages, lastEventIdOf } from "@/lib/history-pages";
import { executionQueries } from "@/lib/client/query-options";
import type { ExecutionDetail, HistoryEvent } from "@/lib/types";

export interface ExecutionHistory {
  events: HistoryEvent[];
  /** Every event the execution had when last polled is held. */
  complete: boolean;
  isPending: boolean;
  error: Error | null;
}

export function useExecutionHistory(execution: Pick<ExecutionDetail, "executionId" | "eventCount">): ExecutionHistory {
  const queryClient = useQueryClient();
  const query = useInfiniteQuery(executionQueries.history(execution.executionId));
  const pages = query.data?.pages;
  const events = useMemo(() => (pages ? flattenHistory(pages) : []), [pages]);
  const backfilling = pages ? hasMoreStoredPages(pages) : false;
  const heldUpTo = pages ? lastEventIdOf(pages) : 0;
  const behind = execution.eventCount > heldUpTo;
  // The tail is asked for once per eventCount seen: an empty answer (a read racing a write)
  // waits for the next poll instead of looping.
  const tailAskedFor = useRef(0);
  // The parallel read of the stored history runs once per execution shown; while it runs the
  // query's own paging waits, and afterwards carries on from what it appended (or after a failure).
  const parallelFor = useRef<string | undefined>(undefined);
  const [parallelRunning, setParallelRunning] = useState(false);
  const parallelAbort = useRef<AbortController | undefined>(undefined);
  // Leaving the execution (or the page) cancels the pages still in flight.
  useEffect(() => () => parallelAbort.current?.abort(), [execution.executionId]);

  const { fetchNextPage, isFetching, isFetchingNextPage, isError } = query;
  const { executionId, eventCount } = execution;
  useEffect(() => {
    if (!pages || parallelRunning || isFetching || isFetchingNextPage || isError) return;
    if (backfilling && parallelFor.current !== executionId && eventCount - heldUpTo > CONSOLE_HISTORY_PAGE) {
      parallelFor.current = executionId;
      setParallelRunning(true);
      const abort = new AbortController();
      parallelAbort.current = abort;
      void backfillHistory(queryClient, executionId, eventCount, { signal: abort.signal })
        .catch(() => undefined) // the query's own paging retries from the last page appended
        .finally(() => setParallelRunning(false));
      return;
    }
    if (backfilling) {
      void fetchNextPage({ cancelRefetch: false });
    } else if (behind && tailAskedFor.current < eventCount) {
      tailAskedFor.current = eventCount;
      void fetchNextPage({ cancelRefetch: false });
    }
  }, [pages, backfilling, behind, heldUpTo, executionId, eventCount, parallelRunning, isFetching, isFetchingNextPage, isError, fetchNextPage, queryClient]);

  return { events, complete: Boolean(pages) && !backfilling && !behind, isPending: query.isPending, error: query.error };
}
