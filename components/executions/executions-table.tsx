"use client";
/**
 * The executions table: one row per execution, its name linking to the execution page. The
 * "Started" header sorts (newest or oldest first, kept in the URL as `order`).
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { ExecutionStatusBadge } from "@/components/ui/status-badge";
import { Duration, Time } from "@/components/ui/time";
import { hasActiveFilters, type ExecutionFilters } from "@/lib/filters";
import { shortId } from "@/lib/format";
import type { ExecutionPage } from "@/lib/types";
import { useUrlState } from "@/lib/client/use-url-state";

const th = "px-3 py-2 text-left text-xs font-medium text-zinc-500 dark:text-zinc-400";
const td = "px-3 py-2 align-middle";

export function ExecutionsTable({
  page,
  filters,
  loading,
  selected,
  onSelect,
}: {
  page: ExecutionPage | undefined;
  filters: ExecutionFilters;
  loading: boolean;
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], on: boolean) => void;
}) {
  const { href, update } = useUrlState();
  const router = useRouter();
  const oldestFirst = filters.order === "asc";
  const items = page?.items ?? [];

  return (
    <Card className="overflow-hidden">
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Executions</caption>
          <thead className="border-b border-zinc-200 bg-zinc-50/70 dark:border-zinc-800 dark:bg-zinc-900/60">
            <tr>
              <th scope="col" className="w-10 pl-3">
                <input
                  type="checkbox"
                  aria-label="Select all shown"
                  checked={items.length > 0 && items.every((e) => selected.has(e.executionId))}
                  onChange={(event) => onSelect(items.map((e) => e.executionId), event.target.checked)}
                  className="size-4 rounded border-zinc-300 accent-sky-600"
                />
              </th>
              <th scope="col" className={th}>
                Name / ID
              </th>
              <th scope="col" className={th}>
                Status
              </th>
              <th scope="col" className={th}>
                Function
              </th>
              <th scope="col" className={th} aria-sort={oldestFirst ? "ascending" : "descending"}>
                <button
                  type="button"
                  onClick={() => update({ order: oldestFirst ? null : "asc", cursor: null }, { push: true })}
                  className="inline-flex items-center gap-1 hover:text-zinc-900 dark:hover:text-zinc-100"
                  title={oldestFirst ? "Oldest first: click for newest first" : "Newest first: click for oldest first"}
                >
                  Started
                  <svg aria-hidden viewBox="0 0 16 16" className={`size-3 ${oldestFirst ? "rotate-180" : ""}`} fill="currentColor">
                    <path d="M8 11 4 6h8z" />
                  </svg>
                </button>
              </th>
              <th scope="col" className={th}>
                Ended
              </th>
              <th scope="col" className={`${th} text-right`}>
                Duration
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
            {items.map((execution) => {
              const pageHref = `/executions/${encodeURIComponent(execution.executionId)}`;
              return (
                <tr
                  key={execution.executionId}
                  onClick={(event) => {
                    if ((event.target as HTMLElement).closest("a,button,input")) return;
                    router.push(pageHref);
                  }}
                  className={`cursor-pointer ${selected.has(execution.executionId) ? "bg-sky-50/70 dark:bg-sky-400/5" : "hover:bg-zinc-50 dark:hover:bg-zinc-800/40"}`}
                >
                  <td className="w-10 pl-3">
                    <input
                      type="checkbox"
                      aria-label={`Select ${execution.name}`}
                      checked={selected.has(execution.executionId)}
                      onChange={(event) => onSelect([execution.executionId], event.target.checked)}
                      className="size-4 rounded border-zinc-300 accent-sky-600"
                    />
                  </td>
                  <td className={`${td} max-w-md`}>
                    <Link href={pageHref} className="font-medium text-zinc-900 hover:text-sky-700 hover:underline dark:text-zinc-100 dark:hover:text-sky-300">
                      {execution.name}
                    </Link>
                    <div className="flex items-center gap-1 font-mono text-xs text-zinc-500 dark:text-zinc-400">
                      {execution.name === execution.executionId ? null : <span title={execution.executionId}>{shortId(execution.executionId)}</span>}
                      <CopyButton value={execution.executionId} label="Copy execution id" className="size-5" />
                      {execution.redriveCount > 0 ? (
                        <span className="ml-1 rounded bg-violet-50 px-1 font-sans text-[11px] text-violet-700 dark:bg-violet-400/10 dark:text-violet-300">
                          redriven ×{execution.redriveCount}
                        </span>
                      ) : null}
                      {execution.parentExecutionId ? (
                        <Link
                          href={`/executions/${encodeURIComponent(execution.parentExecutionId)}`}
                          className="ml-1 rounded bg-sky-50 px-1 font-sans text-[11px] text-sky-700 hover:underline dark:bg-sky-400/10 dark:text-sky-300"
                          title="Started by a chained invoke: open the calling execution"
                        >
                          invoked
                        </Link>
                      ) : null}
                      {execution.replayOf ? (
                        <span className="ml-1 rounded bg-zinc-100 px-1 font-sans text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">replay</span>
                      ) : null}
                    </div>
                  </td>
                  <td className={td}>
                    <ExecutionStatusBadge status={execution.status} />
                  </td>
                  <td className={td}>
                    <Link
                      href={href({ function: execution.functionName, cursor: null })}
                      className="text-zinc-700 hover:underline dark:text-zinc-300"
                      title={`Show only ${execution.functionName}`}
                    >
                      {execution.functionName}
                    </Link>
                  </td>
                  <td className={`${td} whitespace-nowrap text-zinc-700 dark:text-zinc-300`}>
                    <Time iso={execution.startTimestamp} />
                  </td>
                  <td className={`${td} whitespace-nowrap text-zinc-700 dark:text-zinc-300`}>
                    <Time iso={execution.endTimestamp} />
                  </td>
                  <td className={`${td} text-right whitespace-nowrap`}>
                    <Duration start={execution.startTimestamp} end={execution.endTimestamp} live={execution.status === "RUNNING"} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {items.length === 0 && !loading ? (
        hasActiveFilters(filters) ? (
          <EmptyState
            title="No executions match these filters"
            action={
              <Button onClick={() => update({ status: null, function: null, q: null, from: null, to: null, cursor: null }, { push: true })}>
                Clear filters
              </Button>
            }
          >
            Try another status, function or time range. Search finds any part of a name or an execution id, in any case.
          </EmptyState>
        ) : (
          <EmptyState title="No executions yet">
            Use <span className="font-medium">Start execution</span> above, or start one from code with{" "}
            <code className="font-mono text-xs">client.startExecution()</code>. A worker must be running to execute it.
          </EmptyState>
        )
      ) : null}
      {items.length === 0 && loading ? <p className="px-4 py-10 text-center text-sm text-zinc-500">Loading executions…</p> : null}
    </Card>
  );
}
