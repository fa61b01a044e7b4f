/**
 * Query and mutation options for "resume safely": the redrive plan (preview + determinism check)
 * and rerun from a step. Kept apart from the shared factories; keys sit under the execution's own
 * so an action's invalidation (mutation-options) refreshes them too.
 */
import { mutationOptions, queryOptions } from "@tanstack/react-query";
import type { RedrivePlanView, RerunResult } from "../resume-types";
import { apiGet, apiPost } from "./api-client";
import { executionKeys } from "./query-options";

const enc = encodeURIComponent;
const CHECKING_REFRESH_MS = 1000;

export const resumeQueries = {
  /** What a redrive would do and whether the code deployed now replays the history; read when the dialog opens. */
  redrivePlan: (executionId: string) =>
    queryOptions({
      queryKey: [...executionKeys.all, "redrive-plan", executionId],
      queryFn: ({ signal }) => apiGet<RedrivePlanView>(`/api/executions/${enc(executionId)}/redrive-preview`, signal),
      staleTime: 0,
      // A worker is checking (the console has no code for the function): ask again until it answers.
      refetchInterval: (query) => (query.state.data?.determinism.verdict === "checking" ? CHECKING_REFRESH_MS : false),
    }),
};

export const resumeMutations = {
  rerun: (executionId: string) =>
    mutationOptions({
      mutationKey: ["executions", "rerun", executionId],
      mutationFn: (body: { fromOperationId: string; input?: string; force?: boolean }) => apiPost<RerunResult>(`/api/executions/${enc(executionId)}/rerun`, body),
    }),
};
