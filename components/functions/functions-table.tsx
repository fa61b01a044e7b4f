"use client";
/**
 * Each function: counts by status (all time, linking into the filtered list), and for the recent
 * window its success rate, duration p50/p95 and activity sparkline. `compact` (the overview)
 * folds the status counts into one bar.
 */
import Link from "next/link";
import { EXECUTION_STATUSES } from "@/sdk/types/wire";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDuration } from "@/lib/format";
import { STATS_RANGES } from "@/lib/stats-range";
import { executionStatusLabel } from "@/lib/status";
import type { FunctionSummary, FunctionWindowStats } from "@/lib/types";
import { Sparkline } from "./charts";
import { StatusBar } from "./status-bar";
import { COST_COLUMNS, CostCells } from "./cost-cells";

const th = "px-3 py-2 text-left text-xs font-medium whitespace-nowrap text-zinc-500 dark:text-zinc-400";
const muted = "text-zinc-300 dark:text-zinc-600";

export function FunctionsTable({
  functions,
  loading,
  compact = false,
}: {
  functions: FunctionSummary[] | undefined;
  loading: boolean;
  compact?: boolean;
}) {
  const items = functions ?? [];
  const firstWindow = items.find((fn) => fn.window)?.window;
  const rangeLabel = firstWindow ? STATS_RANGES[firstWindow.range].label.toLowerCase() : undefined;
  return (
    <Card className="overflow-hidden">
      {items.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Functions</caption>
            <thead className="border-b border-zinc-200 bg-zinc-50/70 dark:border-zinc-800 dark:bg-zinc-900/60">
              <tr>
                <th scope="col" className={th}>Function</th>
                <th scope="col" className={`${th} text-right`}>Executions</th>
                {compact ? (
                  <th scope="col" className={th}>Outcomes</th>
                ) : (
                  EXECUTION_STATUSES.map((status) => (
                    <th key={status} scope="col" className={`${th} text-right`}>
                      {executionStatusLabel[status]}
                    </th>
                  ))
                )}
                <th scope="col" className={`${th} text-right`}>Success rate</th>
                <th scope="col" className={`${th} text-right`}>p50</th>
                <th scope="col" className={`${th} text-right`}>p95</th>
                {compact
                  ? null
                  : COST_COLUMNS.map((c) => (
                      <th key={c.key} scope="col" className={`${th} text-right`} title={c.title}>
                        {c.label}
                      </th>
                    ))}
                <th scope="col" className={th}>{rangeLabel ? capitalize(rangeLabel) : "Activity"}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
              {items.map((fn) => {
                const base = `/executions?function=${encodeURIComponent(fn.functionName)}`;
                return (
                  <tr key={fn.functionName} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                    <td className="px-3 py-2">
                      <div className="flex items-center gap-2">
                        <Link href={base} className="font-medium whitespace-nowrap hover:text-sky-700 hover:underline dark:hover:text-sky-300">
                          {fn.functionName}
                        </Link>
                        {fn.registered?.kind === "plain" ? (
                          <span className="rounded bg-zinc-100 px-1 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400" title="A plain function: a chained-invoke target">
                            plain
                          </span>
                        ) : null}
                        {!fn.registered ? (
                          <span className="rounded bg-amber-50 px-1 text-[11px] text-amber-800 dark:bg-amber-400/10 dark:text-amber-300" title="No worker has registered this function in this store">
                            not registered
                          </span>
                        ) : null}
                      </div>
                      {fn.registered?.description && !compact ? (
                        <p className="max-w-xs truncate text-xs text-zinc-500 dark:text-zinc-400" title={fn.registered.description}>
                          {fn.registered.description}
                        </p>
                      ) : null}
                    </td>
                    <td className="px-3 py-2 text-right font-medium">{fn.total.toLocaleString("en-US")}</td>
                    {compact ? (
                      <td className="px-3 py-2">
                        <StatusBar counts={fn.counts} total={fn.total} />
                      </td>
                    ) : (
                      EXECUTION_STATUSES.map((status) => (
                        <td key={status} className="px-3 py-2 text-right">
                          {fn.counts[status] > 0 ? (
                            <Link href={`${base}&status=${status}`} className="hover:underline">
                              {fn.counts[status].toLocaleString("en-US")}
                            </Link>
                          ) : (
                            <span className={muted}>0</span>
                          )}
                        </td>
                      ))
                    )}
                    <td className="px-3 py-2 text-right whitespace-nowrap">
                      <SuccessRate stats={fn.window} />
                    </td>
                    <td className="px-3 py-2 text-right whitespace-nowrap">
                      {fn.window?.durationP50Ms !== undefined ? formatDuration(fn.window.durationP50Ms) : <span className={muted}>—</span>}
                    </td>
                    <td className="px-3 py-2 text-right whitespace-nowrap">
                      {fn.window?.durationP95Ms !== undefined ? formatDuration(fn.window.durationP95Ms) : <span className={muted}>—</span>}
                    </td>
                    {compact ? null : <CostCells functionName={fn.functionName} hasExecutions={fn.total > 0} />}
                    <td className="px-3 py-1">
                      {fn.window ? (
                        <Sparkline
                          buckets={fn.window.buckets}
                          label={`${fn.window.sampled.toLocaleString("en-US")} executions of ${fn.functionName} ${rangeLabel ?? ""}`.trim()}
                        />
                      ) : (
                        <div className="h-7 w-32" />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : loading ? (
        <p className="px-4 py-10 text-center text-sm text-zinc-500">Loading…</p>
      ) : (
        <EmptyState title="No functions yet">Functions appear here when a worker registers them or once they have executions.</EmptyState>
      )}
    </Card>
  );
}

function SuccessRate({ stats }: { stats: FunctionWindowStats | undefined }) {
  if (stats?.successRate === undefined) return <span className={muted}>—</span>;
  const percent = Math.round(stats.successRate * 1000) / 10;
  const tone = percent >= 99 ? "text-emerald-700 dark:text-emerald-300" : percent >= 90 ? "" : "text-red-700 dark:text-red-300";
  return (
    <span className={tone} title={`${stats.counts.SUCCEEDED.toLocaleString("en-US")} of ${stats.finished.toLocaleString("en-US")} finished executions`}>
      {percent}%
    </span>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What the window figures cover, in one sentence (every execution in the range: nothing is sampled). */
export function WindowNote({ functions }: { functions: FunctionSummary[] | undefined }) {
  const first = (functions ?? []).find((fn) => fn.window)?.window;
  if (!first) return null;
  return (
    <p className="text-xs text-zinc-500 dark:text-zinc-400">
      Counts by status cover every execution in the store. Success rate, p50/p95 durations and the charts cover every execution started in the{" "}
      {STATS_RANGES[first.range].label.toLowerCase()}.
    </p>
  );
}
