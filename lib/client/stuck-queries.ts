/**
 * Query options for "why is it waiting, and is it stuck" (GET /api/executions/:id/waiting,
 * /api/executions/stuck, /api/health). One execution's answer lives under its detail key, so the
 * invalidations that follow an action on it (answer, stop) refresh it too.
 */
import { queryOptions } from "@tanstack/react-query";
import type { ExecutionDiagnosis, HealthSummary, StuckList } from "@/sdk/runtime/diagnosis/types";
import { apiGet } from "./api-client";
import { executionKeys, LIST_REFRESH_MS } from "./query-options";

/** How often stuck views refresh: the rules move in seconds (a heartbeat, a lease, N). */
export const STUCK_REFRESH_MS = 5_000;

export const stuckKeys = {
  diagnosis: (id: string) => [...executionKeys.detail(id), "waiting"] as const,
  list: (functionName: string | undefined) => ["executions", "stuck", functionName ?? "*"] as const,
  health: () => ["health"] as const,
};

export const stuckQueries = {
  diagnosis: (id: string) =>
    queryOptions({
      queryKey: stuckKeys.diagnosis(id),
      queryFn: ({ signal }) => apiGet<ExecutionDiagnosis>(`/api/executions/${encodeURIComponent(id)}/waiting`, signal),
      refetchInterval: (query) => (query.state.data?.status === "RUNNING" || !query.state.data ? LIST_REFRESH_MS : false),
    }),
  list: (functionName: string | undefined) =>
    queryOptions({
      queryKey: stuckKeys.list(functionName),
      queryFn: ({ signal }) => apiGet<StuckList>(`/api/executions/stuck${functionName ? `?function=${encodeURIComponent(functionName)}` : ""}`, signal),
      refetchInterval: STUCK_REFRESH_MS,
    }),
  health: () =>
    queryOptions({
      queryKey: stuckKeys.health(),
      queryFn: ({ signal }) => apiGet<HealthSummary>("/api/health", signal),
      refetchInterval: STUCK_REFRESH_MS,
    }),
};
