"use client";
/**
 * Timeline: a Gantt of the execution. The top lane shows invocations (when the handler actually
 * ran; the gaps are suspensions that cost nothing), then one lane per operation in tree order:
 * a bar from start to end in its state's colour, a step with retries as its attempts and the
 * waits between them, and a dashed extension for what is still scheduled (a wait's end, a
 * retry's next attempt). Clicking a bar selects its operation.
 *
 * Whether anything is still going comes from lib/operation-state: once the execution has ended
 * nothing here moves or counts, and what it left open stops at its end.
 */
import { useMemo } from "react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { useNow } from "@/components/ui/time";
import { useRowOffsets, useWindowedRows } from "@/components/ui/use-windowed-rows";
import { formatDuration } from "@/lib/format";
import { isExecutionLive } from "@/lib/operation-state";
import { buildOperationTree, flattenTree } from "@/lib/operation-tree";
import { invocationSpans, stepEventsByOperation, timelineWindow } from "@/lib/timeline";
import type { ExecutionDetail, OperationView } from "@/lib/types";
import { useUrlState } from "@/lib/client/use-url-state";
import { InvocationsLane, LANE_HEIGHT, Legend, OperationLane, Scale } from "./timeline-lanes";
import { useExecutionHistory } from "./use-history";

const TICKS = [0, 0.25, 0.5, 0.75, 1];

export function Timeline({ execution, operations }: { execution: ExecutionDetail; operations: OperationView[] }) {
  const { update } = useUrlState();
  const now = useNow(isExecutionLive(execution), 1000);
  const history = useExecutionHistory(execution);
  const rows = useMemo(() => flattenTree(buildOperationTree(operations), new Set()), [operations]);
  const offsets = useRowOffsets(rows.length, () => LANE_HEIGHT, []);
  const visible = useWindowedRows(offsets);

  const invocations = useMemo(() => invocationSpans(history.events), [history.events]);
  // Until the history is read, steps are drawn as plain bars (their attempts come from it).
  const stepEvents = useMemo(() => (history.isPending ? undefined : stepEventsByOperation(history.events)), [history.isPending, history.events]);
  const scale = new Scale(timelineWindow(execution, operations, now));
  const span = scale.window.end - scale.window.start;

  if (rows.length === 0) {
    return (
      <Card>
        <EmptyState title="Nothing to draw yet">Operations appear here as the handler checkpoints them.</EmptyState>
      </Card>
    );
  }

  return (
    <Card className="overflow-hidden">
      <div className="overflow-x-auto">
        <div className="min-w-[720px]" role="figure" aria-label="Timeline of operations">
          <div className="flex border-b border-zinc-200 bg-zinc-50/70 text-xs text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60 dark:text-zinc-400">
            <div className="w-60 shrink-0 px-3 py-2 font-medium">Operation</div>
            <div className="relative mr-6 flex-1 py-2">
              {TICKS.map((tick) => (
                <span
                  key={tick}
                  className={`absolute whitespace-nowrap tabular-nums ${tick === 0 ? "" : tick === 1 ? "-translate-x-full" : "-translate-x-1/2"}`}
                  style={{ left: `${tick * 100}%` }}
                  suppressHydrationWarning
                >
                  +{formatDuration(span * tick)}
                </span>
              ))}
            </div>
          </div>
          <InvocationsLane spans={invocations} runningSince={execution.invocationStartedAt} now={now} scale={scale} />
          <div ref={visible.scrollerRef} className="max-h-[70vh] overflow-y-auto" data-testid="timeline-scroller">
            {visible.before > 0 ? <div aria-hidden style={{ height: visible.before }} /> : null}
            {rows.slice(visible.first, visible.last).map(({ operation, depth }) => (
              <OperationLane
                key={operation.Id}
                operation={operation}
                depth={depth}
                execution={execution}
                stepEvents={stepEvents ? (stepEvents.get(operation.Id) ?? []) : undefined}
                now={now}
                scale={scale}
                onSelect={() => update({ tab: null, op: operation.Id }, { push: true })}
              />
            ))}
            {visible.after > 0 ? <div aria-hidden style={{ height: visible.after }} /> : null}
          </div>
        </div>
      </div>
      <Legend />
    </Card>
  );
}
