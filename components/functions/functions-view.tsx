"use client";
/**
 * The Functions page: executions over time and duration p50/p95 per function for a time range
 * (URL `range`: 1h, 24h or 7d), and each function's counts, success rate and durations.
 */
import { useQuery } from "@tanstack/react-query";
import { Card, SectionTitle } from "@/components/ui/card";
import { ErrorNote } from "@/components/ui/empty-state";
import { errorMessage } from "@/lib/client/api-client";
import { functionQueries } from "@/lib/client/query-options";
import { STATS_RANGES, parseStatsRange } from "@/lib/stats-range";
import { useUrlState } from "@/lib/client/use-url-state";
import { DurationByFunction, ExecutionsOverTime, durationChartHeight, mergeBuckets } from "./charts";
import { FunctionsTable, WindowNote } from "./functions-table";
import { RangePicker } from "./range-picker";

export function FunctionsView() {
  const { searchParams, update } = useUrlState();
  const range = parseStatsRange(searchParams.get("range"));
  const functions = useQuery(functionQueries.summaries(range));
  const items = functions.data ?? [];
  const { label, bucketMs } = STATS_RANGES[range];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Functions</h1>
          <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">How each function's executions ran: volume, outcomes and durations.</p>
        </div>
        <RangePicker value={range} onChange={(next) => update({ range: next === "24h" ? null : next })} />
      </div>
      {functions.error ? <ErrorNote title="Could not load functions" message={errorMessage(functions.error)} /> : null}

      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card>
          <SectionTitle aside={<span className="text-xs text-zinc-500 dark:text-zinc-400">{label}</span>}>Executions over time</SectionTitle>
          <div className="px-3 pt-2 pb-3">
            <ExecutionsOverTime buckets={mergeBuckets(items)} bucketMs={bucketMs} height={Math.max(220, durationChartHeight(items.filter((fn) => fn.window?.durationP50Ms !== undefined).length))} label={`Executions started per interval, ${label.toLowerCase()}, by status`} />
          </div>
        </Card>
        <Card>
          <SectionTitle aside={<span className="text-xs text-zinc-500 dark:text-zinc-400">{label}</span>}>Duration p50 / p95</SectionTitle>
          <div className="px-3 pt-2 pb-3">
            <DurationByFunction functions={items} label={`Duration p50 and p95 per function, ${label.toLowerCase()}`} />
          </div>
        </Card>
      </div>

      <FunctionsTable functions={functions.data} loading={functions.isPending} />
      <WindowNote functions={functions.data} />
    </div>
  );
}
