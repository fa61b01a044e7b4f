/**
 * Query options for what a run costs (GET /api/executions/:id/cost, /api/functions/cost). One
 * execution's figures are keyed by its version, which every write bumps, so they are read again
 * exactly when the execution changed; a function's are read once and kept a minute.
 */
import { queryOptions } from "@tanstack/react-query";
import type { ExecutionCost, FunctionCost } from "@/sdk/runtime/cost/types";
import { apiGet } from "./api-client";
import { executionKeys } from "./query-options";

const enc = encodeURIComponent;

export const costQueries = {
  execution: (id: string, version: number) =>
    queryOptions({
      queryKey: [...executionKeys.detail(id), "cost", version] as const,
      queryFn: ({ signal }) => apiGet<ExecutionCost>(`/api/executions/${enc(id)}/cost`, signal),
    }),
  function: (functionName: string) =>
    queryOptions({
      queryKey: ["functions", "cost", functionName] as const,
      queryFn: ({ signal }) => apiGet<FunctionCost>(`/api/functions/cost?function=${enc(functionName)}`, signal),
      staleTime: 60_000,
    }),
};
