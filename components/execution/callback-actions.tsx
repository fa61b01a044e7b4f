"use client";
/**
 * Answers for a pending callback: Approve / Reject for approvals (a JSON decision with an
 * optional comment), and for any callback Send success (a JSON payload, checked before sending),
 * Send failure (error type and message) and Heartbeat. Each shows its outcome.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/form";
import { errorMessage } from "@/lib/client/api-client";
import { callbackMutations, invalidateAfterAction } from "@/lib/client/mutation-options";
import { useActionGate } from "@/lib/client/session-context";
import { jsonProblem } from "@/components/executions/start-execution-dialog";
import { AnswerForm, useSingleAnswer } from "@/components/approvals/answer-form";
import type { AnswerSchema } from "@/sdk/utils/answer-schema";

export function useCallbackAnswer(callbackId: string, onAnswered?: (label: string) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    ...callbackMutations.answer(callbackId),
    onSuccess: (_data, answer) => {
      onAnswered?.(answer.label);
      return invalidateAfterAction(queryClient);
    },
  });
}

/** The decision an approval callback resolves with (what the order-processing example reads). */
export function decisionPayload(approved: boolean, comment: string): string {
  const decision: { approved: boolean; approver: string; comment?: string } = { approved, approver: "console" };
  if (comment.trim()) decision.comment = comment.trim();
  return JSON.stringify(decision);
}

export function CallbackActions({
  callbackId,
  approval,
  name,
  answerSchema,
  onAnswered,
}: {
  callbackId: string;
  approval: boolean;
  name?: string;
  /** The handler's form for the answer: shown instead of the decision buttons and the raw payload. */
  answerSchema?: AnswerSchema;
  /** Called after an answer was accepted (this section disappears once the callback is closed). */
  onAnswered?: (label: string) => void;
}) {
  const ids = useId();
  const answer = useCallbackAnswer(callbackId, onAnswered);
  const typedAnswer = useSingleAnswer(callbackId, onAnswered);
  const [comment, setComment] = useState("");
  const [payload, setPayload] = useState('{\n  "approved": true\n}');
  const [errorType, setErrorType] = useState("");
  const [errorText, setErrorText] = useState("");
  const problem = jsonProblem(payload);
  const busy = answer.isPending;
  // A viewer sees the answers disabled, each saying why.
  const gate = useActionGate();

  const rawPayload = (
    <div className="grid gap-2 sm:grid-cols-[1fr_auto] sm:items-end">
      <div>
        <label htmlFor={`${ids}-payload`} className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Result payload (JSON)
        </label>
        <Textarea id={`${ids}-payload`} rows={3} value={payload} onChange={(event) => setPayload(event.target.value)} spellCheck={false} />
        {problem ? (
          <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-300">
            {problem}
          </p>
        ) : null}
      </div>
      <Button
        {...gate.props({ disabled: busy || Boolean(problem) })}
        onClick={() => answer.mutate({ kind: "succeed", result: payload.trim() === "" ? undefined : payload, label: "Success sent" })}
      >
        Send success
      </Button>
    </div>
  );

  return (
    <section aria-label="Answer this callback" className="space-y-3 bg-violet-50/50 px-4 py-3 dark:bg-violet-400/5">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">
          Waiting for an answer{name ? <span className="font-normal text-zinc-500 dark:text-zinc-400"> · {name}</span> : null}
        </h3>
        <Button size="sm" {...gate.props({ disabled: busy })} onClick={() => answer.mutate({ kind: "heartbeat", label: "Heartbeat sent" })}>
          Heartbeat
        </Button>
      </div>

      {answerSchema ? (
        <AnswerForm schema={answerSchema} label={name ?? "this callback"} sender={typedAnswer} />
      ) : null}

      {approval && !answerSchema ? (
        <div className="flex flex-wrap items-center gap-2">
          <Button
            variant="success"
            {...gate.props({ disabled: busy })}
            onClick={() => answer.mutate({ kind: "succeed", result: decisionPayload(true, comment), label: "Approved" })}
          >
            Approve
          </Button>
          <Button
            variant="danger"
            {...gate.props({ disabled: busy })}
            onClick={() => answer.mutate({ kind: "succeed", result: decisionPayload(false, comment), label: "Rejected" })}
          >
            Reject
          </Button>
          <label htmlFor={`${ids}-comment`} className="sr-only">
            Comment
          </label>
          <Input
            id={`${ids}-comment`}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            placeholder="Comment (optional)"
            className="min-w-40 flex-1"
          />
        </div>
      ) : null}

      {answerSchema ? (
        // The form is the way to answer a typed callback; raw JSON stays possible for what a form
        // cannot say, and the server checks it against the same schema.
        <details className="text-sm">
          <summary className="cursor-pointer text-xs font-medium text-zinc-600 dark:text-zinc-400">Answer with raw JSON</summary>
          <div className="mt-2">{rawPayload}</div>
        </details>
      ) : (
        rawPayload
      )}

      <div className="grid gap-2 sm:grid-cols-[10rem_1fr_auto] sm:items-end">
        <div>
          <label htmlFor={`${ids}-etype`} className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Error type
          </label>
          <Input id={`${ids}-etype`} value={errorType} onChange={(event) => setErrorType(event.target.value)} placeholder="Rejected" />
        </div>
        <div>
          <label htmlFor={`${ids}-emsg`} className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Error message
          </label>
          <Input id={`${ids}-emsg`} value={errorText} onChange={(event) => setErrorText(event.target.value)} placeholder="Why it failed" />
        </div>
        <Button
          variant="danger"
          {...gate.props({ disabled: busy })}
          onClick={() =>
            answer.mutate({
              kind: "fail",
              error: { ErrorType: errorType.trim() || "CallbackFailed", ErrorMessage: errorText.trim() || "Failed from the console" },
              label: "Failure sent",
            })
          }
        >
          Send failure
        </Button>
      </div>

      <p role="status" className="min-h-4 text-xs">
        {answer.isPending ? <span className="text-zinc-500">Sending…</span> : null}
        {answer.isSuccess ? (
          <span className="text-emerald-700 dark:text-emerald-300">
            {answer.variables?.label}.{answer.variables?.kind === "heartbeat" ? " The timeout clock restarted." : " The worker resumes the execution."}
          </span>
        ) : null}
        {answer.error ? <span className="text-red-700 dark:text-red-300">Could not send: {errorMessage(answer.error)}</span> : null}
      </p>
    </section>
  );
}
