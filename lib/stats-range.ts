/**
 * The ranges of the Functions page and overview chart (client-safe): how far back, and how wide
 * each bar of "executions over time" is.
 */
import type { StatsRange } from "./types";

export const STATS_RANGES: Record<StatsRange, { label: string; spanMs: number; bucketMs: number }> = {
  "1h": { label: "Last hour", spanMs: 3600_000, bucketMs: 2 * 60_000 },
  "24h": { label: "Last 24 hours", spanMs: 24 * 3600_000, bucketMs: 3600_000 },
  "7d": { label: "Last 7 days", spanMs: 7 * 24 * 3600_000, bucketMs: 6 * 3600_000 },
};

export const DEFAULT_STATS_RANGE: StatsRange = "24h";

export function parseStatsRange(value: string | null | undefined): StatsRange {
  return value && Object.hasOwn(STATS_RANGES, value) ? (value as StatsRange) : DEFAULT_STATS_RANGE;
}
