/**
 * A function's record over a range (success rate, duration p50/p95, executions over time),
 * exact: computed from every execution of the function started in the range, read with the
 * store's `functionWindow` (one compact [startMs, status, durationMs] row per execution, no
 * records or payloads), so counts and percentiles are not sampled whatever the volume.
 */
import "server-only";
import { EXECUTION_STATUSES } from "@/sdk/types/wire";
import type { FunctionWindowRow } from "@/sdk/store/types";
import { durable } from "../durable";
import { STATS_RANGES } from "../../stats-range";
import type { FunctionWindowStats, StatsBucket, StatsRange, StatusCounts } from "../../types";

const emptyCounts = (): StatusCounts => Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, 0])) as StatusCounts;

/** Nearest-rank percentile of sorted values. */
export function percentileOf(sorted: ArrayLike<number>, p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** The figures for `rows` (every execution started in the range ending at `now`). */
export function summarizeWindow(rows: readonly FunctionWindowRow[], range: StatsRange, now: number): FunctionWindowStats {
  const { spanMs, bucketMs } = STATS_RANGES[range];
  // Bars on fixed boundaries, so two polls a few seconds apart draw the same bars.
  const firstBucket = Math.floor((now - spanMs) / bucketMs) * bucketMs;
  const bucketCount = Math.floor((now - firstBucket) / bucketMs) + 1;
  const buckets: StatsBucket[] = Array.from({ length: bucketCount }, (_, i) => ({ start: firstBucket + i * bucketMs, ...emptyCounts() }));
  const bucketDurations: number[][] = buckets.map(() => []);
  const counts = emptyCounts();
  // Typed array: its sort is numeric and much faster than Array#sort on 100,000s of values.
  const durations = new Float64Array(rows.length);
  let finishedWithDuration = 0;
  for (const [start, status, duration] of rows) {
    counts[status] += 1;
    const index = Math.floor((start - firstBucket) / bucketMs);
    const bucket = buckets[index];
    if (bucket) bucket[status] += 1;
    if (duration !== null) {
      durations[finishedWithDuration++] = duration;
      bucketDurations[index]?.push(duration);
    }
  }
  buckets.forEach((bucket, i) => {
    const sorted = Float64Array.from(bucketDurations[i]!).sort();
    const p50 = percentileOf(sorted, 50);
    const p95 = percentileOf(sorted, 95);
    if (p50 !== undefined) bucket.p50Ms = p50;
    if (p95 !== undefined) bucket.p95Ms = p95;
  });
  const sortedDurations = durations.subarray(0, finishedWithDuration).sort();
  const finished = counts.SUCCEEDED + counts.FAILED + counts.TIMED_OUT + counts.STOPPED;
  const from = new Date(now - spanMs).toISOString();
  const stats: FunctionWindowStats = {
    range,
    from,
    to: new Date(now).toISOString(),
    bucketMs,
    sampled: rows.length,
    truncated: false,
    coveredFrom: from,
    counts,
    finished,
    buckets,
  };
  if (finished > 0) stats.successRate = counts.SUCCEEDED / finished;
  const p50 = percentileOf(sortedDurations, 50);
  const p95 = percentileOf(sortedDurations, 95);
  if (p50 !== undefined) stats.durationP50Ms = p50;
  if (p95 !== undefined) stats.durationP95Ms = p95;
  return stats;
}

/** Executions started in [now - span, now], every one of them. */
export async function functionWindowStats(functionName: string, range: StatsRange, now = Date.now()): Promise<FunctionWindowStats> {
  const { client } = await durable();
  const window = await client.functionWindow({
    functionName,
    startedAfter: new Date(now - STATS_RANGES[range].spanMs).toISOString(),
    // The store's end is exclusive; the range includes an execution started at `now` itself.
    startedBefore: new Date(now + 1).toISOString(),
  });
  return summarizeWindow(window.rows, range, now);
}
