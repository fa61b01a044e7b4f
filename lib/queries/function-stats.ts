/**
 * A function's recent record (success rate, duration p50/p95, executions over time) computed
 * from its most recent executions, read through the store's ordinary listing: the store
 * interface has no aggregate query, so the sample is bounded (the newest STATS_SAMPLE_LIMIT
 * executions started in the range, one keyset page) and the result says what it covers.
 */
import { EXECUTION_STATUSES } from "@/sdk/types/wire";
import type { ExecutionRecord } from "@/sdk/store/types";
import { durable } from "../durable";
import { STATS_RANGES } from "../stats-range";
import type { FunctionWindowStats, StatsBucket, StatsRange, StatusCounts } from "../types";

/** Executions read per function (one store page: the listing's maximum). */
export const STATS_SAMPLE_LIMIT = 1000;

const emptyCounts = (): StatusCounts => Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, 0])) as StatusCounts;

/** Nearest-rank percentile of sorted values. */
export function percentileOf(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

type Row = Pick<ExecutionRecord, "status" | "startTimestamp" | "endTimestamp">;

/** The figures for executions `rows` (newest first, as listed) over the range ending at `now`. */
export function summarizeWindow(rows: readonly Row[], range: StatsRange, now: number, limit: number): FunctionWindowStats {
  const { spanMs, bucketMs } = STATS_RANGES[range];
  // Bars on fixed boundaries, so two polls a few seconds apart draw the same bars.
  const firstBucket = Math.floor((now - spanMs) / bucketMs) * bucketMs;
  const bucketCount = Math.floor((now - firstBucket) / bucketMs) + 1;
  const buckets: StatsBucket[] = Array.from({ length: bucketCount }, (_, i) => ({ start: firstBucket + i * bucketMs, ...emptyCounts() }));
  const bucketDurations: number[][] = buckets.map(() => []);
  const counts = emptyCounts();
  const durations: number[] = [];
  let oldest = now;
  for (const row of rows) {
    const start = Date.parse(row.startTimestamp);
    counts[row.status] += 1;
    oldest = Math.min(oldest, start);
    const index = Math.floor((start - firstBucket) / bucketMs);
    const bucket = buckets[index];
    if (bucket) bucket[row.status] += 1;
    if (row.status !== "RUNNING" && row.endTimestamp) {
      const duration = Math.max(0, Date.parse(row.endTimestamp) - start);
      durations.push(duration);
      bucketDurations[index]?.push(duration);
    }
  }
  buckets.forEach((bucket, i) => {
    const sorted = bucketDurations[i]!.sort((a, b) => a - b);
    const p50 = percentileOf(sorted, 50);
    const p95 = percentileOf(sorted, 95);
    if (p50 !== undefined) bucket.p50Ms = p50;
    if (p95 !== undefined) bucket.p95Ms = p95;
  });
  durations.sort((a, b) => a - b);
  const finished = counts.SUCCEEDED + counts.FAILED + counts.TIMED_OUT + counts.STOPPED;
  const truncated = rows.length >= limit;
  const stats: FunctionWindowStats = {
    range,
    from: new Date(now - spanMs).toISOString(),
    to: new Date(now).toISOString(),
    bucketMs,
    sampled: rows.length,
    limit,
    truncated,
    coveredFrom: new Date(truncated ? oldest : now - spanMs).toISOString(),
    counts,
    finished,
    buckets,
  };
  if (finished > 0) stats.successRate = counts.SUCCEEDED / finished;
  const p50 = percentileOf(durations, 50);
  const p95 = percentileOf(durations, 95);
  if (p50 !== undefined) stats.durationP50Ms = p50;
  if (p95 !== undefined) stats.durationP95Ms = p95;
  return stats;
}

export async function functionWindowStats(functionName: string, range: StatsRange, now = Date.now()): Promise<FunctionWindowStats> {
  const { store } = await durable();
  const page = await store.listExecutions({
    functionName,
    startedAfter: new Date(now - STATS_RANGES[range].spanMs).toISOString(),
    limit: STATS_SAMPLE_LIMIT,
  });
  return summarizeWindow(page.items, range, now, STATS_SAMPLE_LIMIT);
}
