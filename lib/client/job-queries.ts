/**
 * Bulk jobs in the browser: query options (polled while a job is active) and the create / preview /
 * cancel calls, over /api/jobs*. Its own file beside query-options.ts and mutation-options.ts.
 */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { BulkPreview } from "@/sdk/runtime/jobs/bulk-jobs";
import type { JobOutcome, JobQuery, JobRecord, Page } from "@/sdk/store/types";
import { apiGet, apiPost } from "./api-client";
import type { ExecutionFilters } from "../filters";

export const JOB_REFRESH_MS = 1_000;
export const jobKeys = {
  all: ["jobs"] as const,
  list: () => ["jobs", "list"] as const,
  one: (jobId: string) => ["jobs", jobId] as const,
  outcomes: (jobId: string) => ["jobs", jobId, "outcomes"] as const,
};

const active = (job: JobRecord | undefined) => job?.status === "PENDING" || job?.status === "RUNNING";

export const jobQueries = {
  list: () =>
    queryOptions({
      queryKey: jobKeys.list(),
      queryFn: ({ signal }) => apiGet<Page<JobRecord>>("/api/jobs?limit=100", signal),
      refetchInterval: (query) => (query.state.data?.items.some(active) ? JOB_REFRESH_MS : 5_000),
    }),
  one: (jobId: string) =>
    queryOptions({
      queryKey: jobKeys.one(jobId),
      queryFn: ({ signal }) => apiGet<JobRecord>(`/api/jobs/${encodeURIComponent(jobId)}`, signal),
      refetchInterval: (query) => (query.state.data === undefined || active(query.state.data) ? JOB_REFRESH_MS : false),
    }),
  outcomes: (jobId: string, live: boolean) =>
    infiniteQueryOptions({
      queryKey: jobKeys.outcomes(jobId),
      queryFn: ({ pageParam, signal }) =>
        apiGet<Page<JobOutcome>>(`/api/jobs/${encodeURIComponent(jobId)}/outcomes?limit=100${pageParam ? `&cursor=${pageParam}` : ""}`, signal),
      initialPageParam: "",
      getNextPageParam: (last) => last.nextCursor,
      refetchInterval: live ? JOB_REFRESH_MS : false,
    }),
};

export type BulkActionName = "stop" | "redrive" | "replay" | "answer";
export type BulkAnswerInput = { outcome: "succeed"; result?: string } | { outcome: "fail"; error?: { ErrorType?: string; ErrorMessage?: string } };

export interface BulkJobRequest {
  action: BulkActionName;
  query: JobQuery;
  answer?: BulkAnswerInput;
}

export function previewJob(request: BulkJobRequest): Promise<{ preview: BulkPreview }> {
  return apiPost("/api/jobs", { ...request, preview: true });
}

export function createJob(request: BulkJobRequest): Promise<{ job: JobRecord; preview: BulkPreview }> {
  return apiPost("/api/jobs", request);
}

export function cancelJob(jobId: string): Promise<JobRecord> {
  return apiPost(`/api/jobs/${encodeURIComponent(jobId)}/cancel`);
}

/** The executions list's filters (and its Stuck toggle) as a job's query: the same set of executions. */
export function jobQueryOf(filters: ExecutionFilters, stuck: boolean): JobQuery {
  return {
    ...(filters.functionName ? { functionName: filters.functionName } : {}),
    ...(filters.statuses?.length ? { statuses: filters.statuses } : {}),
    ...(filters.q ? { nameOrId: filters.q } : {}),
    ...(filters.from ? { startedAfter: filters.from } : {}),
    ...(filters.to ? { startedBefore: filters.to } : {}),
    ...(stuck ? { stuck: true } : {}),
  };
}
