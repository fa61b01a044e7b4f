"use client";
/**
 * One answer for several pending callbacks of the same kind (same function, name and form): the
 * handler's form once, or Approve / Reject with a comment, sent to every selected callback in one
 * request. Each callback is still its own transaction, checked against its own schema and audited
 * on its own execution; the reply says which were taken and why any were not.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/form";
import { decisionPayload } from "@/components/execution/callback-actions";
import { AnswerForm, type AnswerSender } from "./answer-form";
import { callbackLabel } from "./approval-row";
import { errorMessage } from "@/lib/client/api-client";
import { callbackMutations, invalidateAfterAction } from "@/lib/client/mutation-options";
import { useActionGate } from "@/lib/client/session-context";
import type { AnswerManyResult, PendingCallback } from "@/lib/types";

export function AnswerSelected({
  selected,
  onAnswered,
  onClear,
}: {
  selected: PendingCallback[];
  /** The callbacks that took the answer, with what it was ("Approved", ...). */
  onAnswered: (answered: PendingCallback[], label: string) => void;
  onClear: () => void;
}) {
  const queryClient = useQueryClient();
  const gate = useActionGate();
  const [comment, setComment] = useState("");
  const [refused, setRefused] = useState<AnswerManyResult["results"]>([]);
  const many = useMutation({
    ...callbackMutations.answerMany(),
    onSuccess: (reply, sent) => {
      const taken = new Set(reply.results.filter((r) => r.ok).map((r) => r.callbackId));
      setRefused(reply.results.filter((r) => !r.ok));
      onAnswered(selected.filter((item) => taken.has(item.callbackId)), sent.label);
      return invalidateAfterAction(queryClient);
    },
  });
  const sender: AnswerSender = {
    send: (result, label) => many.mutate({ callbackIds: selected.map((item) => item.callbackId), result, label }),
    isPending: many.isPending,
    error: many.error,
  };
  const first = selected[0];
  if (!first) return null;
  const kind = `${callbackLabel(first)} of ${first.functionName}`;
  return (
    <section aria-label="Answer the selected" className="space-y-3 rounded-lg border border-violet-200 bg-violet-50/60 px-4 py-3 dark:border-violet-400/25 dark:bg-violet-400/5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">
          Answer {selected.length} selected <span className="font-normal text-zinc-600 dark:text-zinc-400">· {kind}</span>
        </h2>
        <Button size="sm" onClick={onClear}>
          Clear selection
        </Button>
      </div>
      {first.answerSchema ? (
        <AnswerForm schema={first.answerSchema} label={`the ${selected.length} selected`} sender={sender} />
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor="answer-selected-comment" className="sr-only">
            Comment for the selected
          </label>
          <Input
            id="answer-selected-comment"
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            placeholder="Comment (optional)"
            className="min-w-40 flex-1"
          />
          <Button variant="success" {...gate.props({ disabled: many.isPending })} onClick={() => sender.send(decisionPayload(true, comment), "Approved")}>
            Approve {selected.length}
          </Button>
          <Button variant="danger" {...gate.props({ disabled: many.isPending })} onClick={() => sender.send(decisionPayload(false, comment), "Rejected")}>
            Reject {selected.length}
          </Button>
          {many.error ? (
            <span role="alert" className="text-xs text-red-700 dark:text-red-300">
              {errorMessage(many.error)}
            </span>
          ) : null}
        </div>
      )}
      {refused.length > 0 ? (
        <ul aria-label="Not answered" className="space-y-0.5 text-xs text-red-700 dark:text-red-300">
          {refused.map((r) => (
            <li key={r.callbackId}>
              {r.callbackId.slice(0, 12)}…: {r.error?.message ?? r.error?.code}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
