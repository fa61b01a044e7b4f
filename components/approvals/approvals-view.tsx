"use client";
/**
 * The approvals inbox: every pending callback across executions, longest waiting first, each
 * answerable in place (Approve / Reject with an optional comment) or opened on its execution.
 * Below the `md` breakpoint each row stacks into a card (cells carry their own labels), so the
 * answer controls are on screen instead of at the far end of a sideways-scrolling table.
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/form";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { Time, useNow } from "@/components/ui/time";
import { decisionPayload, useCallbackAnswer } from "@/components/execution/callback-actions";
import { AnswerForm } from "./answer-form";
import { errorMessage } from "@/lib/client/api-client";
import { useActionGate } from "@/lib/client/session-context";
import { formatRelative } from "@/lib/format";
import { approvalQueries } from "@/lib/client/query-options";
import type { PendingCallback } from "@/lib/types";

const th = "px-3 py-2 text-left text-xs font-medium text-zinc-500 dark:text-zinc-400";
/** A cell: a table cell from `md` up, a line of the row's card below it. */
const td = "px-3 py-2 max-md:p-0";
/** The column name, shown inside the cell when the header row is not. */
const cellLabel = "mr-1.5 text-xs text-zinc-500 md:hidden dark:text-zinc-400";

interface Answered {
  item: PendingCallback;
  label: string;
  at: string;
}

export function ApprovalsView() {
  const pending = useInfiniteQuery(approvalQueries.pending());
  // Answered rows leave the inbox on the next refresh; what was done stays listed here.
  const [answered, setAnswered] = useState<Answered[]>([]);
  const done = new Set(answered.map((entry) => entry.item.callbackId));
  const items = (pending.data?.pages.flatMap((page) => page.items) ?? []).filter((item) => !done.has(item.callbackId));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Approvals</h1>
          <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">
            Every callback waiting for an answer, across all executions. The longest waiting is first.
          </p>
        </div>
        <LiveIndicator live fetching={pending.isFetching} updatedAt={pending.dataUpdatedAt} onRefresh={() => void pending.refetch()} />
      </div>
      {answered.length > 0 ? (
        <ul aria-label="Answered" className="space-y-1">
          {answered.map(({ item, label, at }) => (
            <li
              key={item.callbackId}
              role="status"
              className="flex flex-wrap items-center gap-x-2 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:border-emerald-400/25 dark:bg-emerald-400/10 dark:text-emerald-100"
            >
              <span className="font-semibold">{label}</span>
              <span>
                {item.name ?? "callback"} of {item.executionName} at <Time iso={at} />.
              </span>
              <Link
                href={`/executions/${encodeURIComponent(item.executionId)}?op=${encodeURIComponent(item.focusOperationId)}`}
                className="font-medium underline underline-offset-2 hover:no-underline"
              >
                Open execution
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {pending.error ? <ErrorNote title="Could not load pending callbacks" message={errorMessage(pending.error)} /> : null}
      <Card className="overflow-hidden">
        {items.length > 0 ? (
          <div className="overflow-x-auto">
            <table className="w-full text-sm max-md:block">
              <caption className="sr-only">Pending callbacks</caption>
              <thead className="border-b border-zinc-200 bg-zinc-50/70 max-md:hidden dark:border-zinc-800 dark:bg-zinc-900/60">
                <tr>
                  <th scope="col" className={th}>Callback</th>
                  <th scope="col" className={th}>Execution</th>
                  <th scope="col" className={th}>Function</th>
                  <th scope="col" className={th}>Waiting since</th>
                  <th scope="col" className={th}>Times out</th>
                  <th scope="col" className={th}>Answer</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 max-md:block dark:divide-zinc-800/70">
                {items.map((item) => (
                  <ApprovalRow
                    key={item.callbackId}
                    item={item}
                    onAnswered={(label) => setAnswered((list) => [{ item, label, at: new Date().toISOString() }, ...list])}
                  />
                ))}
              </tbody>
            </table>
          </div>
        ) : pending.isPending ? (
          <p className="px-4 py-10 text-center text-sm text-zinc-500">Loading…</p>
        ) : (
          <EmptyState
            title="Nothing is waiting for an answer"
            icon={
              <svg viewBox="0 0 24 24" className="size-9" fill="none" stroke="currentColor" strokeWidth="1.5">
                <circle cx="12" cy="12" r="8.5" />
                <path d="m8.5 12.5 2.5 2.5 4.5-5" />
              </svg>
            }
          >
            When a handler calls <code className="font-mono text-xs">waitForCallback</code> or <code className="font-mono text-xs">createCallback</code>,
            the callback appears here until someone answers it or it times out.
          </EmptyState>
        )}
      </Card>
      {pending.hasNextPage ? (
        <div className="flex justify-center">
          <Button disabled={pending.isFetchingNextPage} onClick={() => void pending.fetchNextPage()}>
            {pending.isFetchingNextPage ? "Loading…" : "Show more"}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function ApprovalRow({ item, onAnswered }: { item: PendingCallback; onAnswered: (label: string) => void }) {
  const answer = useCallbackAnswer(item.callbackId, onAnswered);
  const gate = useActionGate();
  const [comment, setComment] = useState("");
  const now = useNow(true, 5000);
  const link = `/executions/${encodeURIComponent(item.executionId)}?op=${encodeURIComponent(item.focusOperationId)}`;
  const label = item.name ?? `callback ${item.callbackId.slice(0, 8)}`;
  return (
    <tr
      className="align-middle max-md:grid max-md:grid-cols-[minmax(0,1fr)_auto] max-md:gap-x-3 max-md:gap-y-1.5 max-md:px-3 max-md:py-3"
      aria-label={`${label} in ${item.executionName}`}
    >
      <td className={`${td} font-medium`}>{label}</td>
      <td className={`${td} max-w-56 truncate max-md:max-w-none max-md:text-right`}>
        <Link href={link} className="text-sky-700 hover:underline dark:text-sky-300">
          {item.executionName}
        </Link>
      </td>
      <td className={`${td} text-zinc-700 max-md:col-span-2 dark:text-zinc-300`}>
        <span className={cellLabel}>Function</span>
        {item.functionName}
      </td>
      <td className={`${td} whitespace-nowrap`}>
        <span className={cellLabel}>Waiting since</span>
        <Time iso={item.startedAt} />
      </td>
      <td className={`${td} whitespace-nowrap text-zinc-600 max-md:text-right dark:text-zinc-400`} suppressHydrationWarning>
        <span className={cellLabel}>Times out</span>
        {item.timeoutAt ? formatRelative(item.timeoutAt, now) : "never"}
      </td>
      <td className={`${td} max-md:col-span-2 max-md:pt-1`}>
        {item.answerSchema ? (
          <AnswerForm schema={item.answerSchema} callbackId={item.callbackId} label={`${label} in ${item.executionName}`} onAnswered={onAnswered} />
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
