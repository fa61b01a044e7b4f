/**
 * The one query-options factory every client component uses (and every server page uses to
 * prefill the cache with the same keys). Keys are hierarchical so a mutation can invalidate a
 * whole prefix: everything about executions lives under ["executions"], and everything about one
 * execution under ["executions", "detail", id].
 *
 * Live refresh is `refetchInterval`, never a hand-rolled timer: it pauses while the tab is hidden
 * (TanStack's default) and returns `false` when nothing shown can still change.
 *
 * The execution page reads one query, `executionQueries.live(id)`: the execution row and its
 * operations as one consistent snapshot (lib/server/queries/execution-snapshot). Header, Waiting banner
 * and operation rows all render from that one cached value, so a refresh (a poll, or the
 * invalidation after an answer) changes them together: the page can never show a finished header
 * beside a callback still waiting, as it could when the row and the operations were two queries
 * refreshed at different moments. Polling stays cheap: each poll says which version's operations
 * it holds, and the server sends them again only when the execution changed. The other parts of
 * an execution (one operation's details, logs) are keyed by the snapshot's `version`, which every
 * write bumps, so they refetch exactly when something changed.
 *
 * The Event History is the exception: it only grows, and can be 100,000 events long, so it is
 * one infinite query per execution (under ["history"], out of reach of the invalidations that
 * follow actions) whose "next page" after the last stored page is the tail: the events after the
 * last one held. The execution row's `eventCount` says when there is a tail to read.
 */
import { infiniteQueryOptions, keepPreviousData, queryOptions } from "@tanstack/react-query";
import { apiGet } from "./api-client";
import { countFilters, filtersToSearchParams, type ExecutionFilters } from "../filters";
import { approvalsSearchOf } from "../approvals-filter";
import { CONSOLE_HISTORY_PAGE, FIRST_HISTORY_PAGE, historyPageUrl, lastEventIdOf } from "../history-pages";
import { isExecutionLive } from "../operation-state";
import type { RunComparison } from "../compare/compare-runs";
import type {
  ApprovalsFilter,
  AuditPage,
  ExecutionLiveView,
  ExecutionPage,
  ExecutionSnapshot,
  FunctionSummary,
  HistoryPage,
  LogPage,
  OperationDetail,
  PendingCallbackPage,
  StartOption,
  StatsRange,
  StatusCounts,
} from "../types";

export const LIST_REFRESH_MS = 3_000;
export const DETAIL_REFRESH_MS = 2_000;
export const INBOX_REFRESH_MS = 5_000;

const enc = encodeURIComponent;

function withQuery(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export const executionKeys = {
  all: ["executions"] as const,
  list: (filters: ExecutionFilters) => ["executions", "list", filters] as const,
  counts: (filters: ExecutionFilters) => ["executions", "counts", countFilters(filters)] as const,
  functionNames: () => ["executions", "function-names"] as const,
  startOptions: () => ["executions", "start-options"] as const,
  /** Two runs compared (`/executions/compare`): under ["executions"], so an action refreshes it. */
  compare: (a: string, b: string) => ["executions", "compare", a, b] as const,
  /** The execution page's snapshot (ExecutionLiveView); its parts' keys live under it. */
  detail: (id: string) => ["executions", "detail", id] as const,
  operation: (id: string, operationId: string, version: number) =>
    ["executions", "detail", id, "operation", operationId, version] as const,
  logs: (id: string, operationId: string | undefined, version: number) =>
    ["executions", "detail", id, "logs", operationId ?? "*", version] as const,
};

export const historyKeys = { all: ["history"] as const, events: (id: string) => ["history", id] as const };

export const approvalKeys = {
  all: ["approvals"] as const,
  pending: (filter: ApprovalsFilter = {}) => ["approvals", "pending", approvalsSearchOf(filter).toString()] as const,
};
export const functionKeys = { all: ["functions"] as const, summaries: (range: StatsRange) => ["functions", range] as const };
export const auditKeys = { all: ["audit"] as const, entries: (executionId: string | undefined) => ["audit", executionId ?? "*"] as const };

export const AUDIT_REFRESH_MS = 5_000;

export const executionQueries = {
  list: (filters: ExecutionFilters) =>
    queryOptions({
      queryKey: executionKeys.list(filters),
      queryFn: ({ signal }) => apiGet<ExecutionPage>(withQuery("/api/executions", filtersToSearchParams(filters)), signal),
      placeholderData: keepPreviousData,
      refetchInterval: (query) =>
        query.state.data?.items.some((execution) => execution.status === "RUNNING") ? LIST_REFRESH_MS : false,
    }),

  counts: (filters: ExecutionFilters) =>
    queryOptions({
      queryKey: executionKeys.counts(filters),
      queryFn: ({ signal }) =>
        apiGet<StatusCounts>(withQuery("/api/executions/counts", filtersToSearchParams(countFilters(filters))), signal),
      placeholderData: keepPreviousData,
      refetchInterval: (query) => ((query.state.data?.RUNNING ?? 0) > 0 ? LIST_REFRESH_MS : false),
    }),

  functionNames: () =>
    queryOptions({
      queryKey: executionKeys.functionNames(),
      queryFn: ({ signal }) => apiGet<string[]>("/api/functions/names", signal),
      staleTime: 60_000,
    }),

  startOptions: () =>
    queryOptions({
      queryKey: executionKeys.startOptions(),
      queryFn: ({ signal }) => apiGet<StartOption[]>("/api/functions/start-options", signal),
      staleTime: 60_000,
    }),

  /** Two runs side by side (lib/compare); polled while either still runs. */
  compare: (a: string, b: string) =>
    queryOptions({
      queryKey: executionKeys.compare(a, b),
      queryFn: ({ signal }) => apiGet<RunComparison>(withQuery("/api/executions/compare", new URLSearchParams({ a, b })), signal),
      refetchInterval: (query) =>
        query.state.data && (query.state.data.a.status === "RUNNING" || query.state.data.b.status === "RUNNING") ? DETAIL_REFRESH_MS : false,
    }),

  /**
   * The execution and its operations, one snapshot (see the top of this file). Polls while the
   * execution runs; an ended one changes only by an action (a redrive, whose invalidation
   * refetches this and so restarts the polling) and is not polled.
   */
  live: (id: string) =>
    queryOptions({
      queryKey: executionKeys.detail(id),
      queryFn: async ({ signal, client, queryKey }): Promise<ExecutionLiveView> => {
        const held = client.getQueryData<ExecutionLiveView>(queryKey);
        const knownVersion = held?.operations ? held.execution.version : undefined;
        const params = new URLSearchParams(knownVersion === undefined ? {} : { knownVersion: String(knownVersion) });
        const snapshot = await apiGet<ExecutionSnapshot>(withQuery(`/api/executions/${enc(id)}/snapshot`, params), signal);
        // No operations in the answer: the execution is still at the version whose list we hold.
        return { execution: snapshot.execution, operations: snapshot.operations ?? held?.operations, readAt: snapshot.readAt };
      },
      refetchInterval: (query) => (query.state.data && isExecutionLive(query.state.data.execution) ? DETAIL_REFRESH_MS : false),
    }),

  operation: (id: string, operationId: string, version: number) =>
    queryOptions({
      queryKey: executionKeys.operation(id, operationId, version),
      queryFn: ({ signal }) => apiGet<OperationDetail>(`/api/executions/${enc(id)}/operations/${enc(operationId)}`, signal),
      placeholderData: (previous) => (previous?.operation.Id === operationId ? previous : undefined),
      staleTime: Infinity,
    }),

  /**
   * The Event History, page by page: `pageParam` is the EventId to read after. After the stored
   * history's last page, the next page is the tail (after the last event held), read when the
   * execution's eventCount says there is one (see components/execution/use-history.ts, which
   * also reads the rest of a long stored history several pages at a time into this cache).
   */
  history: (id: string) =>
    infiniteQueryOptions({
      queryKey: historyKeys.events(id),
      queryFn: ({ pageParam, signal }) =>
        apiGet<HistoryPage>(historyPageUrl(id, { after: pageParam }, pageParam ? CONSOLE_HISTORY_PAGE : FIRST_HISTORY_PAGE), signal),
      initialPageParam: 0,
      getNextPageParam: (last, pages) => last.nextCursor ?? lastEventIdOf(pages),
      // Pages never change once read: comparing 100,000 events deeply on every page would be
      // the slowest part of loading them.
      structuralSharing: false,
      staleTime: Infinity,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
    }),

  logs: (id: string, operationId: string | undefined, version: number) =>
    queryOptions({
      queryKey: executionKeys.logs(id, operationId, version),
      queryFn: ({ signal }) =>
        apiGet<LogPage>(
          withQuery(`/api/executions/${enc(id)}/logs`, new URLSearchParams(operationId ? { operationId } : {})),
          signal,
        ),
      placeholderData: (previous, previousQuery) =>
        previousQuery?.queryKey[4] === (operationId ?? "*") ? previous : undefined,
      staleTime: Infinity,
    }),
};

export const approvalQueries = {
  /** Pages of pending callbacks in the filter's order; `pageParam` is the store's cursor ("" = first page). */
  pending: (filter: ApprovalsFilter = {}) =>
    infiniteQueryOptions({
      queryKey: approvalKeys.pending(filter),
      queryFn: ({ pageParam, signal }) => {
        const params = approvalsSearchOf(filter);
        if (pageParam) params.set("cursor", pageParam);
        return apiGet<PendingCallbackPage>(withQuery("/api/approvals", params), signal);
      },
      initialPageParam: "",
      getNextPageParam: (last) => last.nextCursor,
      refetchInterval: INBOX_REFRESH_MS,
    }),
};

export const functionQueries = {
  /** Counts (all time) and the recent window's figures per function; refreshed while anything runs. */
  summaries: (range: StatsRange) =>
    queryOptions({
      queryKey: functionKeys.summaries(range),
      queryFn: ({ signal }) => apiGet<FunctionSummary[]>(`/api/functions?range=${range}`, signal),
      placeholderData: keepPreviousData,
      refetchInterval: (query) => (query.state.data?.some((fn) => fn.counts.RUNNING > 0) ? LIST_REFRESH_MS * 2 : false),
    }),
};

export const auditQueries = {
  /** Pages of the audit log, newest first, of one execution or of all; `pageParam` is the cursor ("" = first page). */
  entries: (executionId: string | undefined) =>
    infiniteQueryOptions({
      queryKey: auditKeys.entries(executionId),
      queryFn: ({ pageParam, signal }) => {
        const params = new URLSearchParams();
        if (executionId) params.set("execution", executionId);
        if (pageParam) params.set("cursor", pageParam);
        return apiGet<AuditPage>(withQuery("/api/audit", params), signal);
      },
      initialPageParam: "",
      getNextPageParam: (page: AuditPage) => page.nextCursor,
      refetchInterval: AUDIT_REFRESH_MS,
    }),
};
