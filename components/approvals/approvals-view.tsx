"use client";
/**
 * The approvals inbox: every pending callback across executions, longest waiting first or
 * soonest deadline first, filtered by function and callback name (in the URL), each answerable in
 * place or opened on its execution; several of one kind can be selected and answered at once.
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote } from "@/components/ui/empty-state";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { Time } from "@/components/ui/time";
import { ApprovalRow, callbackLabel } from "./approval-row";
import { ApprovalsFilterBar } from "./approvals-filter-bar";
import { AnswerSelected } from "./answer-selected";
import { errorMessage } from "@/lib/client/api-client";
import { approvalQueries } from "@/lib/client/query-options";
import { useUrlState } from "@/lib/client/use-url-state";
import { approvalsFilterFrom } from "@/lib/approvals-filter";
import type { ApprovalsFilter, PendingCallback } from "@/lib/types";

const th = "px-3 py-2 text-left text-xs font-medium text-zinc-500 dark:text-zinc-400";

/**
 * Callbacks of one kind take one answer: the same function, the same name and the same form.
 * (Two handlers' callbacks named alike may want different answers.)
 */
function kindOf(item: PendingCallback): string {
  return JSON.stringify([item.functionName, item.name ?? null, item.answerSchema ?? null]);
}

interface Answered {
  item: PendingCallback;
  label: string;
  at: string;
}

export function ApprovalsView() {
  const { searchParams, update } = useUrlState();
  const filter = approvalsFilterFrom(searchParams);
  const pending = useInfiniteQuery(approvalQueries.pending(filter));
  // Answered rows leave the inbox on the next refresh; what was done stays listed here.
  const [answered, setAnswered] = useState<Answered[]>([]);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const done = new Set(answered.map((entry) => entry.item.callbackId));
  const items = (pending.data?.pages.flatMap((page) => page.items) ?? []).filter((item) => !done.has(item.callbackId));
  const selected = items.filter((item) => selectedIds.includes(item.callbackId));
  const selectedKind = selected[0] && kindOf(selected[0]);
  const sameKind = selectedKind === undefined ? [] : items.filter((item) => kindOf(item) === selectedKind);
  const names = [...new Set(items.flatMap((item) => (item.name ? [item.name] : [])))].sort();
  const markAnswered = (list: PendingCallback[], label: string) => {
    const at = new Date().toISOString();
    setAnswered((current) => [...list.map((item) => ({ item, label, at })), ...current]);
    setSelectedIds((ids) => ids.filter((id) => !list.some((item) => item.callbackId === id)));
  };
  const setFilter = (next: ApprovalsFilter) => {
    setSelectedIds([]);
    update({ function: next.functionName, name: next.name, sort: next.sort });
  };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Approvals</h1>
          <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">
            Every callback waiting for an answer, across all executions. Select several of one kind to answer them at once.
          </p>
        </div>
        <LiveIndicator live fetching={pending.isFetching} updatedAt={pending.dataUpdatedAt} onRefresh={() => void pending.refetch()} />
      </div>
      <ApprovalsFilterBar filter={filter} names={names} onChange={setFilter} />
      {selected.length > 0 ? (
        <>
          {sameKind.length > selected.length ? (
            <Button size="sm" onClick={() => setSelectedIds(sameKind.map((item) => item.callbackId))}>
              Select all {sameKind.length} like these
            </Button>
          ) : null}
          <AnswerSelected selected={selected} onAnswered={markAnswered} onClear={() => setSelectedIds([])} />
        </>
      ) : null}
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
                  <th scope="col" className={th}>
                    <span className="sr-only">Select</span>
                  </th>
                  <th scope="col" className={th}>Callback</th>
                  <th scope="col" className={th}>Execution</th>
                  <th scope="col" className={th}>Function</th>
                  <th scope="col" className={th}>Waiting since</th>
                  <th scope="col" className={th}>Times out</th>
                  <th scope="col" className={th}>Answer</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 max-md:block dark:divide-zinc-800/70">
                {items.map((item) => {
                  const checked = selectedIds.includes(item.callbackId);
                  const blocked = !checked && selectedKind !== undefined && kindOf(item) !== selectedKind;
                  return (
                    <ApprovalRow
                      key={item.callbackId}
                      item={item}
                      selection={{
                        checked,
                        blockedBecause: blocked ? `Only callbacks like ${callbackLabel(selected[0]!)} of ${selected[0]!.functionName} can be answered together` : undefined,
                        toggle: () => setSelectedIds((ids) => (checked ? ids.filter((id) => id !== item.callbackId) : [...ids, item.callbackId])),
                      }}
                      onAnswered={(label) => markAnswered([item], label)}
                    />
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : pending.isPending ? (
          <p className="px-4 py-10 text-center text-sm text-zinc-500">Loading…</p>
        ) : (
          <EmptyState
            title={filter.functionName || filter.name ? "Nothing of this kind is waiting for an answer" : "Nothing is waiting for an answer"}
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
