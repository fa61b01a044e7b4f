"use client";
/**
 * One pending callback in the approvals inbox: what it is, whose, since when, its deadline, and
 * its answer in place (the handler's form when it declared one, else Approve / Reject with an
 * optional comment). Its checkbox selects it for one answer to several of the same kind.
 * Below the `md` breakpoint the row stacks into a card (cells carry their own labels).
 */
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/form";
import { Time, useNow } from "@/components/ui/time";
import { decisionPayload, useCallbackAnswer } from "@/components/execution/callback-actions";
import { AnswerForm, useSingleAnswer } from "./answer-form";
import { errorMessage } from "@/lib/client/api-client";
import { useActionGate } from "@/lib/client/session-context";
import { formatRelative } from "@/lib/format";
import type { PendingCallback } from "@/lib/types";

/** A cell: a table cell from `md` up, a line of the row's card below it. */
const td = "px-3 py-2 max-md:p-0";
/** The column name, shown inside the cell when the header row is not. */
const cellLabel = "mr-1.5 text-xs text-zinc-500 md:hidden dark:text-zinc-400";

/** What an inbox row is called, by screen readers and in the answered list. */
export function callbackLabel(item: PendingCallback): string {
  return item.name ?? `callback ${item.callbackId.slice(0, 8)}`;
}

export function ApprovalRow({
  item,
  selection,
  onAnswered,
}: {
  item: PendingCallback;
  /** Its checkbox: checked, and why it cannot be (another kind is selected), if so. */
  selection: { checked: boolean; blockedBecause?: string; toggle: () => void };
  onAnswered: (label: string) => void;
}) {
  const answer = useCallbackAnswer(item.callbackId, onAnswered);
  const typed = useSingleAnswer(item.callbackId, onAnswered);
  const gate = useActionGate();
  const [comment, setComment] = useState("");
  const now = useNow(true, 5000);
  const link = `/executions/${encodeURIComponent(item.executionId)}?op=${encodeURIComponent(item.focusOperationId)}`;
  const label = callbackLabel(item);
  return (
    <tr
      className="align-middle max-md:grid max-md:grid-cols-[auto_minmax(0,1fr)_auto] max-md:gap-x-3 max-md:gap-y-1.5 max-md:px-3 max-md:py-3"
      aria-label={`${label} in ${item.executionName}`}
      aria-selected={selection.checked}
    >
      <td className={`${td} w-8`}>
        <input
          type="checkbox"
          className="size-4 align-middle"
          aria-label={`Select ${label} in ${item.executionName}`}
          title={selection.blockedBecause}
          checked={selection.checked}
          disabled={selection.blockedBecause !== undefined}
          onChange={selection.toggle}
        />
      </td>
      <td className={`${td} font-medium`}>{label}</td>
      <td className={`${td} max-w-56 truncate max-md:max-w-none max-md:text-right`}>
        <Link href={link} className="text-sky-700 hover:underline dark:text-sky-300">
          {item.executionName}
        </Link>
      </td>
      <td className={`${td} text-zinc-700 max-md:col-span-3 dark:text-zinc-300`}>
        <span className={cellLabel}>Function</span>
        {item.functionName}
      </td>
      <td className={`${td} whitespace-nowrap max-md:col-span-2`}>
        <span className={cellLabel}>Waiting since</span>
        <Time iso={item.startedAt} />
      </td>
      <td className={`${td} whitespace-nowrap text-zinc-600 max-md:text-right dark:text-zinc-400`} suppressHydrationWarning>
        <span className={cellLabel}>Times out</span>
        {item.timeoutAt ? formatRelative(item.timeoutAt, now) : "never"}
      </td>
      <td className={`${td} max-md:col-span-3 max-md:pt-1`}>
        {item.answerSchema ? (
          <AnswerForm schema={item.answerSchema} label={`${label} in ${item.executionName}`} sender={typed} />
        ) : (
          <div className="flex items-center gap-2 max-md:flex-wrap">
            <label htmlFor={`comment-${item.callbackId}`} className="sr-only">
              Comment for {label}
            </label>
            <Input
              id={`comment-${item.callbackId}`}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
              placeholder="Comment (optional)"
              className="max-md:basis-full md:w-48!"
            />
            <Button
              size="sm"
              variant="success"
              {...gate.props({ disabled: answer.isPending })}
              onClick={() => answer.mutate({ kind: "succeed", result: decisionPayload(true, comment), label: "Approved" })}
            >
              Approve
            </Button>
            <Button
              size="sm"
              variant="danger"
              {...gate.props({ disabled: answer.isPending })}
              onClick={() => answer.mutate({ kind: "succeed", result: decisionPayload(false, comment), label: "Rejected" })}
            >
              Reject
            </Button>
            {answer.error ? (
              <span role="alert" className="text-xs text-red-700 dark:text-red-300">
                {errorMessage(answer.error)}
              </span>
            ) : null}
          </div>
        )}
      </td>
    </tr>
  );
}
