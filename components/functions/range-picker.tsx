"use client";
/** The time range of the Functions page (URL `range`): a segmented control of toggle buttons. */
import { STATS_RANGES } from "@/lib/stats-range";
import type { StatsRange } from "@/lib/types";

const SHORT: Record<StatsRange, string> = { "1h": "1 h", "24h": "24 h", "7d": "7 d" };

export function RangePicker({ value, onChange }: { value: StatsRange; onChange: (range: StatsRange) => void }) {
  return (
    <div role="group" aria-label="Time range" className="inline-flex rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800">
      {(Object.keys(STATS_RANGES) as StatsRange[]).map((range) => {
        const selected = range === value;
        return (
          <button
            key={range}
            type="button"
            aria-pressed={selected}
            title={STATS_RANGES[range].label}
            onClick={() => onChange(range)}
            className={`h-7 rounded px-3 text-xs font-medium transition-colors ${
              selected
                ? "bg-white text-zinc-900 shadow-xs dark:bg-zinc-950 dark:text-zinc-100"
                : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
            }`}
          >
            {SHORT[range]}
          </button>
        );
      })}
    </div>
  );
}
