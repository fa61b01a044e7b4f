"use client";
/**
 * The two runs' operations side by side, aligned by id (lib/compare): each row one operation,
 * what run A and run B recorded for it, and what differs. Windowed, so a comparison of 10,000
 * operations scrolls like one of 10. Shows only the rows that differ unless asked for all.
 */
import Link from "next/link";
import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/status-badge";
import { useRowOffsets, useWindowedRows } from "@/components/ui/use-windowed-rows";
import type { OperationPair, OperationSide, RunComparison } from "@/lib/compare/compare-runs";
import { formatDuration } from "@/lib/format";
import { operationStatusLabel, operationTone } from "@/lib/status";

const ROW = 52;
const th = "sticky top-0 z-10 bg-zinc-50 px-3 py-2 text-left text-xs font-medium text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400";

const FIELD_LABEL: Record<string, string> = {
  presence: "only one run",
  status: "status",
  result: "result",
  error: "error",
  attempts: "attempts",
  name: "name",
  type: "type",
};

export function CompareOperations({ comparison }: { comparison: RunComparison }) {
  const differing = comparison.counts.different + comparison.counts.onlyA + comparison.counts.onlyB;
  const [showAll, setShowAll] = useState(differing === 0);
  const rows = useMemo(
    () => (showAll ? comparison.operations : comparison.operations.filter((pair) => pair.differences.length > 0)),
    [showAll, comparison.operations],
  );
  const offsets = useRowOffsets(rows.length, () => ROW, []);
  const visible = useWindowedRows(offsets);
  const divergenceId = comparison.firstDivergence?.operationId;

  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
        <h2 className="text-sm font-semibold">Operations</h2>
        <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="operation-counts">
          {comparison.counts.same.toLocaleString()} the same · {comparison.counts.different.toLocaleString()} different ·{" "}
          {comparison.counts.onlyA.toLocaleString()} only in A · {comparison.counts.onlyB.toLocaleString()} only in B
        </p>
        <label className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-300">
          <input type="checkbox" checked={!showAll} onChange={(event) => setShowAll(!event.target.checked)} />
          Only differences
        </label>
      </div>
      {rows.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">
          {comparison.operations.length === 0 ? "Neither run recorded an operation." : "No operation differs."}
        </p>
      ) : (
        <div ref={visible.scrollerRef} className="max-h-[70vh] overflow-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Operations of both runs</caption>
            <thead>
              <tr>
                <th scope="col" className={th}>Operation</th>
                <th scope="col" className={th}>Run A</th>
                <th scope="col" className={th}>Run B</th>
                <th scope="col" className={th}>Differs in</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
              {visible.before > 0 ? <tr aria-hidden style={{ height: visible.before }} /> : null}
              {rows.slice(visible.first, visible.last).map((pair) => (
                <PairRow key={pair.id} pair={pair} comparison={comparison} first={pair.id === divergenceId} />
              ))}
              {visible.after > 0 ? <tr aria-hidden style={{ height: visible.after }} /> : null}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function PairRow({ pair, comparison, first }: { pair: OperationPair; comparison: RunComparison; first: boolean }) {
  const differs = pair.differences.length > 0;
  const tint = first ? "bg-amber-50 dark:bg-amber-400/10" : differs ? "bg-zinc-50/70 dark:bg-zinc-800/30" : "";
  return (
    <tr data-operation-id={pair.id} data-differs={differs || undefined} style={{ height: ROW }} className={tint}>
      <td className="max-w-xs px-3 py-1.5">
        <div className="truncate font-medium" title={pair.label}>
          {pair.label}
        </div>
        <div className="text-xs text-zinc-500 dark:text-zinc-400">{pair.subType ?? pair.type}</div>
      </td>
      <SideCell side={pair.a} pair={pair} executionId={comparison.a.executionId} run="A" />
      <SideCell side={pair.b} pair={pair} executionId={comparison.b.executionId} run="B" />
      <td className="px-3 py-1.5 text-xs text-zinc-600 dark:text-zinc-300">{pair.differences.map((field) => FIELD_LABEL[field] ?? field).join(", ") || "—"}</td>
    </tr>
  );
}

function SideCell({ side, pair, executionId, run }: { side?: OperationSide; pair: OperationPair; executionId: string; run: "A" | "B" }) {
  if (!side) return <td className="px-3 py-1.5 text-xs text-zinc-400 italic">not in run {run}</td>;
  const facts = [
    side.attempts !== undefined && side.attempts > 1 ? `${side.attempts} attempts` : undefined,
    side.durationMs !== undefined ? formatDuration(side.durationMs) : undefined,
  ].filter(Boolean);
  return (
    <td className="max-w-[16rem] px-3 py-1.5" data-run={run}>
      <div className="flex items-center gap-2">
        <Link href={`/executions/${encodeURIComponent(executionId)}?op=${encodeURIComponent(pair.id)}`} aria-label={`${pair.label} in run ${run}`}>
          <Badge tone={operationTone(side.status)}>{operationStatusLabel(pair.type, side.status)}</Badge>
        </Link>
        <span className="truncate text-xs text-zinc-500 dark:text-zinc-400">{facts.join(" · ")}</span>
      </div>
      {side.error ? (
        <div className="truncate text-xs text-red-700 dark:text-red-300" title={side.error.ErrorMessage}>
          {side.error.ErrorType ?? "Error"}
          {side.error.ErrorMessage ? `: ${side.error.ErrorMessage}` : ""}
        </div>
      ) : null}
    </td>
  );
}
