/**
 * The one query-options factory every client component uses (and every server page uses to
 * prefill the cache with the same keys). Keys are hierarchical so a mutation can invalidate a
 * whole prefix: everything about executions lives under ["executions"], and everything about one
 * execution under ["executions", "detail", id].
 *
 * Live refresh is `refetchInterval`, never a hand-rolled timer: it pauses while the tab is hidden
 * (TanStack's default) and returns `false` when nothing shown can still change. An execution's
 * parts (operations, history, logs) are keyed by the execution's `version`, which every write
 * bumps: polling the small execution row is enough to refetch them exactly when they changed.
 */
import { infiniteQueryOptions, keepPreviousData, queryOptions } from "@tanstack/react-query";
import { apiGet } from "./api-client";
import { countFilters, filtersToSearchParams, type ExecutionFilters } from "./filters";
import type {
  ExecutionDetail,
  ExecutionPage,
  FunctionSummary,
  HistoryPage,
  LogPage,
  OperationDetail,
  OperationView,
  PendingCallbackPage,
  StatusCounts,
} from "./types";

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
  detail: (id: string) => ["executions", "detail", id] as const,
  operations: (id: string, version: number) => ["executions", "detail", id, "operations", version] as const,
  operation: (id: string, operationId: string, version: number) =>
    ["executions", "detail", id, "operation", operationId, version] as const,
  history: (id: string, version: number) => ["executions", "detail", id, "history", version] as const,
  logs: (id: string, operationId: string | undefined, version: number) =>
    ["executions", "detail", id, "logs", operationId ?? "*", version] as const,
};

export const approvalKeys = { all: ["approvals"] as const, pending: () => ["approvals", "pending"] as const };
export const functionKeys = { all: ["functions"] as const };

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

  detail: (id: string) =>
    queryOptions({
      queryKey: executionKeys.detail(id),
      queryFn: ({ signal }) => apiGet<ExecutionDetail>(`/api/executions/${enc(id)}`, signal),
      refetchInterval: (query) => (query.state.data?.status === "RUNNING" ? DETAIL_REFRESH_MS : false),
    }),

  operations: (id: string, version: number) =>
    queryOptions({
      queryKey: executionKeys.operations(id, version),
      queryFn: ({ signal }) => apiGet<OperationView[]>(`/api/executions/${enc(id)}/operations`, signal),
      placeholderData: keepPreviousData,
      staleTime: Infinity,
    }),

  operation: (id: string, operationId: string, version: number) =>
    queryOptions({
      queryKey: executionKeys.operation(id, operationId, version),
      queryFn: ({ signal }) => apiGet<OperationDetail>(`/api/executions/${enc(id)}/operations/${enc(operationId)}`, signal),
      placeholderData: (previous) => (previous?.operation.Id === operationId ? previous : undefined),
      staleTime: Infinity,
    }),

  history: (id: string, version: number) =>
    infiniteQueryOptions({
      queryKey: executionKeys.history(id, version),
      queryFn: ({ pageParam, signal }) =>
        apiGet<HistoryPage>(
          withQuery(`/api/executions/${enc(id)}/history`, new URLSearchParams(pageParam ? { after: String(pageParam) } : {})),
          signal,
        ),
      initialPageParam: 0,
      getNextPageParam: (last) => last.nextCursor,
      placeholderData: keepPreviousData,
      staleTime: Infinity,
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
  /** Pages of pending callbacks (oldest first); `pageParam` is the store's cursor ("" = first page). */
  pending: () =>
    infiniteQueryOptions({
      queryKey: approvalKeys.pending(),
      queryFn: ({ pageParam, signal }) =>
        apiGet<PendingCallbackPage>(withQuery("/api/approvals", new URLSearchParams(pageParam ? { cursor: pageParam } : {})), signal),
      initialPageParam: "",
      getNextPageParam: (last) => last.nextCursor,
      refetchInterval: INBOX_REFRESH_MS,
    }),
};

export const functionQueries = {
  summaries: () =>
    queryOptions({
      queryKey: functionKeys.all,
      queryFn: ({ signal }) => apiGet<FunctionSummary[]>("/api/functions", signal),
      refetchInterval: (query) => (query.state.data?.some((fn) => fn.counts.RUNNING > 0) ? LIST_REFRESH_MS * 2 : false),
    }),
};
