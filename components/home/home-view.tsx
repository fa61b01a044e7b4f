"use client";
/**
 * The overview: how many executions are in each state, what waits for a person, executions over
 * the last 24 hours, what failed lately, and each function's record. Everything links into the
 * filtered list.
 */
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EXECUTION_STATUSES } from "@/sdk/types/wire";
import { Card, SectionTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ExecutionsOverTime, mergeBuckets } from "@/components/functions/charts";
import { FunctionsTable, WindowNote } from "@/components/functions/functions-table";
import { StartExecutionButton } from "@/components/executions/start-execution-dialog";
import { HealthStrip } from "@/components/stuck/health-strip";
import { Time } from "@/components/ui/time";
import { executionStatusLabel, executionStatusTone, toneClasses } from "@/lib/status";
import { approvalQueries, executionQueries, functionQueries } from "@/lib/client/query-options";
import { RECENT_FAILURES_FILTER } from "@/lib/filters";
import { DEFAULT_STATS_RANGE, STATS_RANGES } from "@/lib/stats-range";

const RANGE = STATS_RANGES[DEFAULT_STATS_RANGE];

export function HomeView() {
  const counts = useQuery(executionQueries.counts({}));
  const approvals = useInfiniteQuery(approvalQueries.pending());
  const failures = useQuery(executionQueries.list(RECENT_FAILURES_FILTER));
  const functions = useQuery(functionQueries.summaries(DEFAULT_STATS_RANGE));
  const firstPage = approvals.data?.pages[0];
  const waiting = firstPage ? `${firstPage.items.length.toLocaleString()}${firstPage.nextCursor ? "+" : ""}` : "–";

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Overview</h1>
          <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">Executions in this store, by state.</p>
        </div>
        <StartExecutionButton />
      </div>

      <HealthStrip />

      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {EXECUTION_STATUSES.map((status) => {
          const tone = toneClasses[executionStatusTone[status]];
          return (
            <Link
              key={status}
              href={`/executions?status=${status}`}
              className="group rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-xs transition-colors hover:border-zinc-300 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-zinc-700"
            >
              <p className="flex items-center gap-1.5 text-xs font-medium text-zinc-500 dark:text-zinc-400">
                <span aria-hidden className={`size-2 rounded-full ${tone.dot}`} />
                {executionStatusLabel[status]}
              </p>
              <p className="mt-1 text-2xl font-semibold tabular-nums">{counts.data ? counts.data[status].toLocaleString() : "–"}</p>
            </Link>
          );
        })}
        <Link
          href="/approvals"
          className={`rounded-lg border px-4 py-3 shadow-xs transition-colors ${
            firstPage && firstPage.items.length > 0
              ? "border-violet-200 bg-violet-50 hover:border-violet-300 dark:border-violet-400/30 dark:bg-violet-400/10"
              : "border-zinc-200 bg-white hover:border-zinc-300 dark:border-zinc-800 dark:bg-zinc-900"
          }`}
        >
          <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Waiting for an answer</p>
          <p className="mt-1 text-2xl font-semibold tabular-nums">{waiting}</p>
        </Link>
      </div>

      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card>
          <SectionTitle
            aside={
              <Link href="/functions" className="text-xs text-sky-700 hover:underline dark:text-sky-300">
                By function →
              </Link>
            }
          >
            Executions · {RANGE.label.toLowerCase()}
          </SectionTitle>
          <div className="px-3 pt-2 pb-3">
            <ExecutionsOverTime
              buckets={mergeBuckets(functions.data ?? [])}
              bucketMs={RANGE.bucketMs}
              height={200}
              label={`Executions started per hour, ${RANGE.label.toLowerCase()}, by status`}
            />
          </div>
        </Card>
        <section aria-labelledby="failures-heading">
          <Card>
            <SectionTitle aside={<SectionLink />}>
              <span id="failures-heading">Recent failures</span>
            </SectionTitle>
            {failures.data && failures.data.items.length > 0 ? (
              <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
                {failures.data.items.slice(0, 6).map((execution) => (
                  <li key={execution.executionId} className="flex items-center justify-between gap-3 px-4 py-2.5 text-sm">
                    <div className="min-w-0">
                      <Link
                        href={`/executions/${encodeURIComponent(execution.executionId)}`}
                        className="block truncate font-medium hover:text-sky-700 hover:underline dark:hover:text-sky-300"
                      >
                        {execution.name}
                      </Link>
                      <p className="text-xs text-zinc-500 dark:text-zinc-400">
                        {execution.functionName} · <Time iso={execution.endTimestamp ?? execution.startTimestamp} />
                      </p>
                    </div>
                    <span className={`text-xs font-medium ${toneClasses[executionStatusTone[execution.status]].text}`}>
                      {executionStatusLabel[execution.status]}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState title="No failures">Failed and timed-out executions show up here.</EmptyState>
            )}
          </Card>
        </section>
      </div>

      <section aria-labelledby="functions-heading" className="space-y-2">
        <div className="flex items-baseline justify-between gap-2">
          <h2 id="functions-heading" className="text-sm font-semibold">
            Functions
          </h2>
          <Link href="/functions" className="text-xs text-sky-700 hover:underline dark:text-sky-300">
            Charts and durations →
          </Link>
        </div>
        <FunctionsTable functions={functions.data} loading={functions.isPending} compact />
        <WindowNote functions={functions.data} />
      </section>
    </div>
  );
}

function SectionLink() {
  return (
    <Link href="/executions?status=FAILED,TIMED_OUT" className="text-xs text-sky-700 hover:underline dark:text-sky-300">
      All failed →
    </Link>
  );
}
