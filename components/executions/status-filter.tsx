"use client";
/**
 * Counts per status that double as the status filter: "All" clears it, each status toggles in or
 * out of the comma-separated `status` URL parameter (leaving the Stuck filter, `stuck=1`, if it is on).
 */
import { EXECUTION_STATUSES, type ExecutionStatus } from "@/sdk/types/wire";
import { executionStatusLabel, executionStatusTone, toneClasses } from "@/lib/status";
import type { StatusCounts } from "@/lib/types";
import { useUrlState } from "@/lib/client/use-url-state";

export function StatusFilter({ counts, selected }: { counts: StatusCounts | undefined; selected: ExecutionStatus[] }) {
  const { searchParams, update } = useUrlState();
  // Under the Stuck filter no status is chosen, and choosing one (or All) leaves it.
  const stuck = searchParams.get("stuck") === "1";
  const total = counts ? EXECUTION_STATUSES.reduce((sum, status) => sum + counts[status], 0) : undefined;
  const set = (statuses: ExecutionStatus[]) => update({ status: statuses.join(","), cursor: null, stuck: null }, { push: true });
  const toggle = (status: ExecutionStatus) =>
    set(selected.includes(status) ? selected.filter((s) => s !== status) : EXECUTION_STATUSES.filter((s) => s === status || selected.includes(s)));

  return (
    <div role="group" aria-label="Filter by status" className="flex flex-wrap gap-2">
      <Chip pressed={selected.length === 0 && !stuck} onClick={() => set([])} label="All" count={total} />
      {EXECUTION_STATUSES.map((status) => (
        <Chip
          key={status}
          pressed={selected.includes(status)}
          onClick={() => toggle(status)}
          label={executionStatusLabel[status]}
          count={counts?.[status]}
          dot={toneClasses[executionStatusTone[status]].dot}
        />
      ))}
    </div>
  );
}

function Chip({ pressed, onClick, label, count, dot }: { pressed: boolean; onClick: () => void; label: string; count?: number; dot?: string }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={`inline-flex h-8 items-center gap-2 rounded-md px-3 text-sm font-medium ring-1 ring-inset transition-colors ${
        pressed
          ? "bg-zinc-900 text-white ring-zinc-900 dark:bg-zinc-100 dark:text-zinc-900 dark:ring-zinc-100"
          : "bg-white text-zinc-700 ring-zinc-200 hover:bg-zinc-50 dark:bg-zinc-900 dark:text-zinc-300 dark:ring-zinc-800 dark:hover:bg-zinc-800"
      }`}
    >
      {dot ? <span aria-hidden className={`size-2 rounded-full ${dot}`} /> : null}
      {label}
      <span
        className={`min-w-6 rounded px-1 text-center text-xs tabular-nums ${
          pressed ? "bg-white/20 dark:bg-zinc-900/15" : "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400"
        }`}
      >
        {count === undefined ? "–" : count.toLocaleString()}
      </span>
    </button>
  );
}
