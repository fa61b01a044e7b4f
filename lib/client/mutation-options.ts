/**
 * The one mutation-options factory: every action the console's pages can take, each a POST to
 * its API route (lib/server/api-schemas says what each accepts). Components spread these into
 * `useMutation` and add what only they do on success (close a dialog, say what happened).
 *
 * After any action, `invalidateAfterAction` refreshes the one list of what an action can change:
 * executions (lists, counts, the execution page), the approvals inbox, function summaries and the
 * audit log. The Event History is left out on purpose: it only grows, and its tail is read when
 * the refreshed execution says there are more events (lib/client/query-options).
 */
import { mutationOptions, type QueryClient } from "@tanstack/react-query";
import type { AnswerManyResult, BulkResult, ExecutionDetail } from "../types";
import { apiPost } from "./api-client";
import { approvalKeys, auditKeys, executionKeys, functionKeys } from "./query-options";

export const ACTION_INVALIDATES = [executionKeys.all, approvalKeys.all, functionKeys.all, auditKeys.all] as const;

export function invalidateAfterAction(queryClient: QueryClient): Promise<unknown> {
  return Promise.all(ACTION_INVALIDATES.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

const enc = encodeURIComponent;

export interface StartedExecution {
  executionId: string;
  alreadyExisted: boolean;
}

export type CallbackAnswer =
  | { kind: "succeed"; result?: string; label: string }
  | { kind: "fail"; error: { ErrorType?: string; ErrorMessage?: string }; label: string }
  | { kind: "heartbeat"; label: string };

export const executionMutations = {
  start: () =>
    mutationOptions({
      mutationKey: ["executions", "start"],
      mutationFn: (body: { functionName: string; name?: string; input?: string }) => apiPost<StartedExecution>("/api/executions", body),
    }),

  /** `reason` becomes the ExecutionStopped error's message (none when blank). */
  stop: (executionId: string) =>
    mutationOptions({
      mutationKey: ["executions", "stop", executionId],
      mutationFn: (reason: string) =>
        apiPost<ExecutionDetail>(
          `/api/executions/${enc(executionId)}/stop`,
          reason.trim() ? { error: { ErrorType: "ExecutionStopped", ErrorMessage: reason.trim() } } : {},
        ),
    }),

  /** `force`: redrive even though the code deployed now does not replay the history (the API refuses otherwise). */
  redrive: (executionId: string) =>
    mutationOptions({
      mutationKey: ["executions", "redrive", executionId],
      mutationFn: (force: boolean = false) => apiPost<ExecutionDetail>(`/api/executions/${enc(executionId)}/redrive`, force ? { force } : undefined),
    }),

  /** `input`: the edited input as JSON text, or undefined for the original. */
  replay: (executionId: string) =>
    mutationOptions({
      mutationKey: ["executions", "replay", executionId],
      mutationFn: (input: string | undefined) =>
        apiPost<StartedExecution>(`/api/executions/${enc(executionId)}/replay`, input === undefined ? {} : { input }),
    }),

  bulk: () =>
    mutationOptions({
      mutationKey: ["executions", "bulk"],
      mutationFn: (body: { action: "stop" | "redrive"; executionIds: string[] }) => apiPost<BulkResult>("/api/executions/bulk", body),
    }),
};

export const callbackMutations = {
  /** One success answer to several pending callbacks; the reply says what happened to each. */
  answerMany: () =>
    mutationOptions({
      mutationKey: ["callbacks", "answer-many"],
      mutationFn: (answer: { callbackIds: string[]; result?: string; label: string }) =>
        apiPost<AnswerManyResult>("/api/callbacks/answers", answer.result === undefined ? { callbackIds: answer.callbackIds } : { callbackIds: answer.callbackIds, result: answer.result }),
    }),
  answer: (callbackId: string) =>
    mutationOptions({
      mutationKey: ["callbacks", "answer", callbackId],
      mutationFn: (answer: CallbackAnswer) => {
        const base = `/api/callbacks/${enc(callbackId)}`;
        return answer.kind === "succeed"
          ? apiPost(`${base}/succeed`, answer.result === undefined ? {} : { result: answer.result })
          : answer.kind === "fail"
            ? apiPost(`${base}/fail`, { error: answer.error })
            : apiPost(`${base}/heartbeat`);
      },
    }),
};
