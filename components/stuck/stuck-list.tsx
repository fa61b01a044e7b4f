"use client";
/**
 * The executions list under its "Stuck" filter (`?stuck=1`): every stuck RUNNING execution, oldest
 * first, each with the reasons it is stuck, read from GET /api/executions/stuck.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/client/api-client";
import { stuckQueries } from "@/lib/client/stuck-queries";
import { useUrlState } from "@/lib/client/use-url-state";
import { StuckReasons } from "./stuck-reasons";

export function StuckList({ functionName }: { functionName: string | undefined }) {
  const list = useQuery(stuckQueries.list(functionName));
  if (list.error) return <ErrorNote title="Could not check for stuck executions" message={errorMessage(list.error)} />;
  const data = list.data;
  return (
    <Card>
      {!data ? (
        <EmptyState title="Checking for stuck executions…" />
      ) : data.items.length === 0 ? (
        <EmptyState title="Nothing is stuck">Every running execution is waiting on something that will end its wait, or is being run.</EmptyState>
      ) : (
        <ul data-testid="stuck-list" className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
          {data.items.map((execution) => (
            <li key={execution.executionId} data-execution-id={execution.executionId} className="space-y-1.5 px-4 py-3">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <Link href={`/executions/${encodeURIComponent(execution.executionId)}`} className="font-medium hover:text-sky-700 hover:underline dark:hover:text-sky-300">
                  {execution.name}
                </Link>
                <span className="text-xs text-zinc-500 dark:text-zinc-400">
                  {execution.functionName} · started <Time iso={execution.startTimestamp} />
                </span>
              </div>
              <StuckReasons reasons={execution.stuck} />
            </li>
          ))}
        </ul>
      )}
      {data && (data.items.length < data.stuckCount || data.truncated) ? (
        <p className="border-t border-zinc-200 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          {data.items.length < data.stuckCount ? `${data.items.length} of ${data.stuckCount} stuck executions shown. ` : ""}
          {data.truncated ? `Only the ${data.scanned.toLocaleString()} oldest running executions were checked.` : ""}
        </p>
      ) : null}
    </Card>
  );
}

/** The "Stuck" filter: on, the list shows only stuck executions with their reasons (`stuck=1` in the URL). */
export function StuckToggle({ on }: { on: boolean }) {
  const { update } = useUrlState();
  return (
    <button
      type="button"
      aria-pressed={on}
      onClick={() => update({ stuck: on ? null : "1", status: null, cursor: null }, { push: true })}
      className={`inline-flex h-8 items-center gap-2 rounded-md px-3 text-sm font-medium ring-1 ring-inset transition-colors ${
        on
          ? "bg-red-700 text-white ring-red-700 dark:bg-red-500 dark:ring-red-500"
          : "bg-white text-red-800 ring-red-200 hover:bg-red-50 dark:bg-zinc-900 dark:text-red-300 dark:ring-red-400/30 dark:hover:bg-red-400/10"
      }`}
    >
      <span aria-hidden className="size-2 rounded-full bg-red-500" />
      Stuck
    </button>
  );
}
