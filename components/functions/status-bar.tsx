/** A thin bar split by status: how a function's executions ended, at a glance. */
import { EXECUTION_STATUSES } from "@/sdk/types/wire";
import { executionStatusLabel, executionStatusTone, toneClasses } from "@/lib/status";
import type { StatusCounts } from "@/lib/types";

export function StatusBar({ counts, total }: { counts: StatusCounts; total: number }) {
  if (total === 0) return <div className="h-2 min-w-24 rounded-full bg-zinc-100 dark:bg-zinc-800" />;
  const title = EXECUTION_STATUSES.filter((s) => counts[s] > 0)
    .map((s) => `${executionStatusLabel[s]} ${counts[s]}`)
    .join(", ");
  return (
    <div className="flex h-2 min-w-24 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" title={title} role="img" aria-label={title}>
      {EXECUTION_STATUSES.map((status) =>
        counts[status] > 0 ? (
          <div key={status} className={toneClasses[executionStatusTone[status]].bar} style={{ width: `${(counts[status] / total) * 100}%` }} />
        ) : null,
      )}
    </div>
  );
}

/** Succeeded out of finished executions (running ones have no outcome yet). */
export function successRate(counts: StatusCounts): number | undefined {
  const finished = counts.SUCCEEDED + counts.FAILED + counts.TIMED_OUT + counts.STOPPED;
  return finished === 0 ? undefined : counts.SUCCEEDED / finished;
}
