"use client";
/**
 * One execution's Event History as the tabs use it: the first page at once, the rest of the
 * stored history in the background (large pages), then only the tail whenever the polled
 * execution row's `eventCount` passes the last event held. A running execution with 100,000
 * events therefore costs one small request per change, not a refetch of everything loaded.
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef } from "react";
import { flattenHistory, hasMoreStoredPages, lastEventIdOf } from "@/lib/history-pages";
import { executionQueries } from "@/lib/query-options";
import type { ExecutionDetail, HistoryEvent } from "@/lib/types";

export interface ExecutionHistory {
  events: HistoryEvent[];
  /** Every event the execution had when last polled is held. */
  complete: boolean;
  isPending: boolean;
  error: Error | null;
}

export function useExecutionHistory(execution: Pick<ExecutionDetail, "executionId" | "eventCount">): ExecutionHistory {
  const query = useInfiniteQuery(executionQueries.history(execution.executionId));
  const pages = query.data?.pages;
  const events = useMemo(() => (pages ? flattenHistory(pages) : []), [pages]);
  const backfilling = pages ? hasMoreStoredPages(pages) : false;
  const heldUpTo = pages ? lastEventIdOf(pages) : 0;
  const behind = execution.eventCount > heldUpTo;
  // The tail is asked for once per eventCount seen: an empty answer (a read racing a write)
  // waits for the next poll instead of looping.
  const tailAskedFor = useRef(0);

  const { fetchNextPage, isFetchingNextPage, isFetching, isError } = query;
  useEffect(() => {
    if (!pages || isFetching || isFetchingNextPage || isError) return;
    if (backfilling) {
      void fetchNextPage({ cancelRefetch: false });
    } else if (behind && tailAskedFor.current < execution.eventCount) {
      tailAskedFor.current = execution.eventCount;
      void fetchNextPage({ cancelRefetch: false });
    }
  }, [pages, backfilling, behind, execution.eventCount, isFetching, isFetchingNextPage, isError, fetchNextPage]);

  return { events, complete: Boolean(pages) && !backfilling && !behind, isPending: query.isPending, error: query.error };
}
