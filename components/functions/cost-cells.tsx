"use client";
/**
 * The functions page's cost columns for one function, over its newest executions (the API's
 * default, 20): compute per run, compute in total, and the Lambda estimate per run, with the
 * executions near a limit counted. Each row reads its own figure, after the page has painted.
 */
import { useQuery } from "@tanstack/react-query";
import { costQueries } from "@/lib/client/cost-queries";
import { formatMoney } from "@/lib/cost-format";
import { formatDuration } from "@/lib/format";

const td = "px-3 py-2 text-right whitespace-nowrap tabular-nums";
const muted = "text-zinc-300 dark:text-zinc-600";

/** The column headers, in the order CostCells renders its cells. */
export const COST_COLUMNS = [
  { key: "compute-per-run", label: "Compute / run", title: "Average compute time per execution, over its newest 20" },
  { key: "compute-total", label: "Compute", title: "Compute time of its newest 20 executions together" },
  { key: "estimate-per-run", label: "Est. / run", title: "What one execution would cost on Lambda durable functions (at 128 MB), on average" },
] as const;

export function CostCells({ functionName, hasExecutions }: { functionName: string; hasExecutions: boolean }) {
  const cost = useQuery({ ...costQueries.function(functionName), enabled: hasExecutions });
  const data = cost.data;
  if (!hasExecutions || !data || data.executions === 0) {
    return COST_COLUMNS.map((c) => (
      <td key={c.key} className={td}>
        <span className={muted}>{hasExecutions && !cost.error ? "…" : "—"}</span>
      </td>
    ));
  }
  const nearLimit = data.warnings.length;
  return (
    <>
      <td className={td} data-cost-column="compute-per-run">
        {formatDuration(data.averages.computeMs)}
      </td>
      <td className={td} data-cost-column="compute-total" title={`${data.executions} executions`}>
        {formatDuration(data.totals.computeMs)}
      </td>
      <td className={td} data-cost-column="estimate-per-run">
        {formatMoney(data.estimatePerRun, data.estimate.currency)}
        {nearLimit > 0 ? (
          <span
            className="ml-1 rounded bg-amber-50 px-1 text-[11px] text-amber-800 dark:bg-amber-400/10 dark:text-amber-300"
            title={data.warnings.map((w) => `${w.executionId}: ${w.warnings.map((x) => x.message).join("; ")}`).join("\n")}
          >
            {nearLimit} near a limit
          </span>
        ) : null}
      </td>
    </>
  );
}
