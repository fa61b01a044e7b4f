"use client";
/**
 * The home page's health strip: workers alive (and which functions they run), the execution due
 * the longest without a worker, and how many executions are stuck, linking to the Stuck filter.
 * Every figure is read from the store's worker heartbeat rows and executions (GET /api/health).
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Time } from "@/components/ui/time";
import { stuckQueries } from "@/lib/client/stuck-queries";

export function HealthStrip() {
  const health = useQuery(stuckQueries.health());
  const data = health.data;
  const stuck = data?.stuckCount ?? 0;
  const dead = data ? data.workers.length - data.aliveWorkers : 0;
  return (
    <section aria-label="Health" data-testid="health-strip" className="grid grid-cols-1 gap-3 sm:grid-cols-3 [&>*]:min-w-0">
      <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-xs dark:border-zinc-800 dark:bg-zinc-900">
        <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Workers alive</p>
        <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid="workers-alive">
          {data ? data.aliveWorkers.toLocaleString() : "–"}
          {dead > 0 ? <span className="ml-2 text-sm font-medium text-red-700 dark:text-red-300">{dead} silent</span> : null}
        </p>
        <p className="mt-0.5 truncate text-xs text-zinc-500 dark:text-zinc-400" title={data?.liveFunctions.join(", ")}>
          {data ? (data.liveFunctions.length > 0 ? data.liveFunctions.join(", ") : "no functions registered by a live worker") : " "}
        </p>
      </div>
      <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-xs dark:border-zinc-800 dark:bg-zinc-900">
        <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Oldest due execution</p>
        {data?.oldestDue ? (
          <>
            <Link
              href={`/executions/${encodeURIComponent(data.oldestDue.executionId)}`}
              data-testid="oldest-due"
              className="mt-1 block truncate text-base font-semibold hover:text-sky-700 hover:underline dark:hover:text-sky-300"
            >
              {data.oldestDue.name}
            </Link>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              {data.oldestDue.functionName} · due <Time iso={data.oldestDue.dueTimestamp} />
            </p>
          </>
        ) : (
          <p className="mt-1 text-base text-zinc-500 dark:text-zinc-400">{data ? "Nothing waits for a worker" : "–"}</p>
        )}
      </div>
      <Link
        href="/executions?stuck=1"
        className={`rounded-lg border px-4 py-3 shadow-xs transition-colors ${
          stuck > 0
            ? "border-red-200 bg-red-50 hover:border-red-300 dark:border-red-400/30 dark:bg-red-400/10"
            : "border-zinc-200 bg-white hover:border-zinc-300 dark:border-zinc-800 dark:bg-zinc-900"
        }`}
      >
        <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Stuck executions</p>
        <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid="stuck-count">
          {data ? `${stuck.toLocaleString()}${data.truncated ? "+" : ""}` : "–"}
        </p>
      </Link>
    </section>
  );
}
