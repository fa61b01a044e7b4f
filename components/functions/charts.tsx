"use client";
/**
 * The Functions page's charts (recharts): executions over time stacked by status, duration
 * p50/p95 per function, and a per-row sparkline. Colours come from CSS variables (globals.css)
 * that follow the system's dark mode, in the same status colours as every badge.
 */
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { EXECUTION_STATUSES, type ExecutionStatus } from "@/sdk/types/wire";
import { formatDuration } from "@/lib/format";
import { executionStatusLabel } from "@/lib/status";
import type { FunctionSummary, StatsBucket, StatusCounts } from "@/lib/types";

export const STATUS_COLOR: Record<ExecutionStatus, string> = {
  RUNNING: "var(--chart-running)",
  SUCCEEDED: "var(--chart-succeeded)",
  FAILED: "var(--chart-failed)",
  TIMED_OUT: "var(--chart-timed-out)",
  STOPPED: "var(--chart-stopped)",
};

/** Bottom to top of a stacked bar (and left to right in its legend): outcomes first, running on top. */
const STACK_ORDER: ExecutionStatus[] = ["SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED", "RUNNING"];

const axis = { stroke: "var(--chart-axis)", fontSize: 11, tickLine: false, axisLine: false } as const;

/** The buckets of several functions added up (they share boundaries: same range, same clock). */
export function mergeBuckets(functions: readonly FunctionSummary[]): StatsBucket[] {
  const byStart = new Map<number, StatsBucket>();
  for (const fn of functions) {
    for (const bucket of fn.window?.buckets ?? []) {
      const merged = byStart.get(bucket.start) ?? ({ start: bucket.start, RUNNING: 0, SUCCEEDED: 0, FAILED: 0, TIMED_OUT: 0, STOPPED: 0 } as StatsBucket);
      for (const status of EXECUTION_STATUSES) merged[status] += bucket[status];
      byStart.set(bucket.start, merged);
    }
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

const totalOf = (counts: StatusCounts) => EXECUTION_STATUSES.reduce((sum, status) => sum + counts[status], 0);

function bucketLabel(start: number, bucketMs: number): string {
  const date = new Date(start);
  return bucketMs >= 24 * 3600_000 || (bucketMs >= 6 * 3600_000 && date.getHours() === 0)
    ? date.toLocaleDateString(undefined, { month: "short", day: "numeric" })
    : date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
}

function TooltipBox({ title, rows }: { title: string; rows: Array<{ color: string; label: string; value: string }> }) {
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
      <p className="mb-1 font-medium text-zinc-900 dark:text-zinc-100">{title}</p>
      <ul className="space-y-0.5">
        {rows.map((row) => (
          <li key={row.label} className="flex items-center gap-2 text-zinc-600 dark:text-zinc-300">
            <span aria-hidden className="size-2 rounded-sm" style={{ background: row.color }} />
            <span className="flex-1">{row.label}</span>
            <span className="font-medium text-zinc-900 tabular-nums dark:text-zinc-100">{row.value}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function bucketTooltip(bucketMs: number) {
  return function BucketTooltip({ active, payload }: TooltipContentProps) {
    const bucket = payload?.[0]?.payload as StatsBucket | undefined;
    if (!active || !bucket) return null;
    const rows = STACK_ORDER.filter((status) => bucket[status] > 0).map((status) => ({
      color: STATUS_COLOR[status],
      label: executionStatusLabel[status],
      value: bucket[status].toLocaleString("en-US"),
    }));
    if (bucket.p50Ms !== undefined) rows.push({ color: "transparent", label: "Duration p50 / p95", value: `${formatDuration(bucket.p50Ms)} / ${formatDuration(bucket.p95Ms)}` });
    const end = new Date(bucket.start + bucketMs);
    return <TooltipBox title={`${bucketLabel(bucket.start, bucketMs)} – ${bucketLabel(end.getTime(), bucketMs)}`} rows={rows.length ? rows : [{ color: "transparent", label: "No executions", value: "" }]} />;
  };
}

/** Executions started per bucket, stacked by their status now. */
export function ExecutionsOverTime({ buckets, bucketMs, height = 220, label }: { buckets: StatsBucket[]; bucketMs: number; height?: number; label: string }) {
  const total = buckets.reduce((sum, bucket) => sum + totalOf(bucket), 0);
  return (
    <figure aria-label={label} className="m-0">
      <BarChart responsive data={buckets} style={{ width: "100%", height }} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} barCategoryGap="18%">
        <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
        <XAxis dataKey="start" tickFormatter={(start: number) => bucketLabel(start, bucketMs)} minTickGap={24} {...axis} />
        <YAxis allowDecimals={false} width={48} {...axis} />
        <Tooltip content={bucketTooltip(bucketMs)} cursor={{ fill: "var(--chart-cursor)" }} isAnimationActive={false} />
        <Legend
          verticalAlign="top"
          align="right"
          height={28}
          iconType="circle"
          iconSize={8}
          itemSorter={null}
          formatter={(value: string) => <span className="text-xs text-zinc-600 dark:text-zinc-300">{value}</span>}
        />
        {STACK_ORDER.map((status) => (
          <Bar key={status} dataKey={status} name={executionStatusLabel[status]} stackId="status" fill={STATUS_COLOR[status]} isAnimationActive={false} maxBarSize={28} />
        ))}
      </BarChart>
      <figcaption className="sr-only">
        {total.toLocaleString("en-US")} executions over {buckets.length} intervals
      </figcaption>
    </figure>
  );
}

function DurationTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as { functionName: string; p50: number; p95: number; finished: number } | undefined;
  if (!active || !row) return null;
  return (
    <TooltipBox
      title={row.functionName}
      rows={[
        { color: "var(--chart-p50)", label: "p50", value: formatDuration(row.p50) },
        { color: "var(--chart-p95)", label: "p95", value: formatDuration(row.p95) },
        { color: "transparent", label: "finished executions", value: row.finished.toLocaleString("en-US") },
      ]}
    />
  );
}

/** The duration chart's height for `rows` functions (the charts beside it match it). */
export function durationChartHeight(rows: number): number {
  return Math.max(140, 36 + rows * 34);
}

/** Duration p50 and p95 per function (finished executions of the window), longest p95 first. */
export function DurationByFunction({ functions, label }: { functions: readonly FunctionSummary[]; label: string }) {
  const data = functions
    .filter((fn) => fn.window?.durationP50Ms !== undefined)
    .map((fn) => ({ functionName: fn.functionName, p50: fn.window!.durationP50Ms!, p95: fn.window!.durationP95Ms!, finished: fn.window!.finished }))
    .sort((a, b) => b.p95 - a.p95);
  if (data.length === 0) {
    return <p className="flex h-full min-h-40 items-center justify-center text-sm text-zinc-500 dark:text-zinc-400">No finished executions in this range</p>;
  }
  const height = durationChartHeight(data.length);
  return (
    <figure aria-label={label} className="m-0">
      <BarChart responsive layout="vertical" data={data} style={{ width: "100%", height }} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} barGap={2}>
        <CartesianGrid horizontal={false} stroke="var(--chart-grid)" />
        <XAxis type="number" tickFormatter={(ms: number) => formatDuration(ms)} {...axis} />
        <YAxis type="category" dataKey="functionName" width={132} {...axis} />
        <Tooltip content={DurationTooltip} cursor={{ fill: "var(--chart-cursor)" }} isAnimationActive={false} />
        <Legend
          verticalAlign="top"
          align="right"
          height={28}
          iconType="circle"
          iconSize={8}
          itemSorter={null}
          formatter={(value: string) => <span className="text-xs text-zinc-600 dark:text-zinc-300">{value}</span>}
        />
        <Bar dataKey="p50" name="p50" fill="var(--chart-p50)" radius={[0, 3, 3, 0]} barSize={10} isAnimationActive={false} />
        <Bar dataKey="p95" name="p95" fill="var(--chart-p95)" radius={[0, 3, 3, 0]} barSize={10} isAnimationActive={false} />
      </BarChart>
      <figcaption className="sr-only">
        {data.map((row) => `${row.functionName}: p50 ${formatDuration(row.p50)}, p95 ${formatDuration(row.p95)}`).join("; ")}
      </figcaption>
    </figure>
  );
}

/** A row's activity at a glance: executions per bucket, failures in red on top. */
export function Sparkline({ buckets, label }: { buckets: StatsBucket[]; label: string }) {
  const data = buckets.map((bucket) => ({ start: bucket.start, ok: totalOf(bucket) - bucket.FAILED - bucket.TIMED_OUT, bad: bucket.FAILED + bucket.TIMED_OUT }));
  return (
    <div role="img" aria-label={label} className="h-7 w-32 border-b border-zinc-200 dark:border-zinc-700">
      <BarChart responsive data={data} style={{ width: "100%", height: 27 }} margin={{ top: 1, right: 0, bottom: 1, left: 0 }} barCategoryGap={1}>
        <Bar dataKey="ok" stackId="a" fill="var(--chart-spark)" isAnimationActive={false} minPointSize={0} />
        <Bar dataKey="bad" stackId="a" fill="var(--chart-failed)" isAnimationActive={false} />
      </BarChart>
    </div>
  );
}
