"use client";
/**
 * Timeline: a Gantt of the execution. The top lane shows invocations (when the handler actually
 * ran; the gaps are suspensions that cost nothing), then one lane per operation in tree order:
 * a bar from start to end coloured by status, a dashed extension for a wait's scheduled end or
 * a retry's next attempt, and a tick at each failed attempt. Clicking a bar selects it.
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { useNow } from "@/components/ui/time";
import { useRowOffsets, useWindowedRows } from "@/components/ui/use-windowed-rows";
import { detailsOf } from "@/lib/event-summary";
import { formatDuration } from "@/lib/format";
import { buildOperationTree, flattenTree, operationLabel } from "@/lib/operation-tree";
import { operationStatusLabel, operationTone, toneClasses } from "@/lib/status";
import type { ExecutionDetail, HistoryEvent, OperationView } from "@/lib/types";
import { useUrlState } from "@/lib/use-url-state";
import { useExecutionHistory } from "./use-history";

const LANE = 32;

const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);

interface Span {
  start: number;
  end: number;
}

export function Timeline({ execution, operations }: { execution: ExecutionDetail; operations: OperationView[] }) {
  const { update } = useUrlState();
  const running = execution.status === "RUNNING";
  const now = useNow(running, 1000);
  const { events } = useExecutionHistory(execution);
  const rows = useMemo(() => flattenTree(buildOperationTree(operations), new Set()), [operations]);
  const offsets = useRowOffsets(rows.length, () => LANE, []);
  const visible = useWindowedRows(offsets);

  const invocations = useMemo(() => invocationSpans(events), [events]);
  const failedAttempts = useMemo(() => failureTimes(events), [events]);

  const t0 = ms(execution.startTimestamp) ?? now;
  // A loop, not Math.max(...list): 50,000 arguments would overflow the call stack.
  let t1 = Math.max(t0 + 1, ms(execution.endTimestamp) ?? now);
  for (const op of operations) {
    t1 = Math.max(t1, ms(op.EndTimestamp) ?? now);
    const planned = ms(op.WaitDetails?.ScheduledEndTimestamp) ?? ms(op.StepDetails?.NextAttemptTimestamp);
    if (planned && !op.EndTimestamp) t1 = Math.max(t1, planned);
  }
  const span = t1 - t0;
  const pct = (t: number) => `${((Math.min(Math.max(t, t0), t1) - t0) / span) * 100}%`;
  const width = (a: number, b: number) => `max(2px, ${((Math.min(b, t1) - Math.max(a, t0)) / span) * 100}%)`;

  if (rows.length === 0) {
    return (
      <Card>
        <EmptyState title="Nothing to draw yet">Operations appear here as the handler checkpoints them.</EmptyState>
      </Card>
    );
  }

  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <Card className="overflow-hidden">
      <div className="overflow-x-auto">
        <div className="min-w-[720px]" role="figure" aria-label="Timeline of operations">
          <div className="flex border-b border-zinc-200 bg-zinc-50/70 text-xs text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60 dark:text-zinc-400">
            <div className="w-60 shrink-0 px-3 py-2 font-medium">Operation</div>
            <div className="relative mr-6 flex-1 py-2">
              {ticks.map((tick) => (
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
          <Lane label="Invocations" hint="when the handler ran; gaps are suspensions">
            {invocations.map((inv, index) => (
              <div
                key={index}
                className="absolute top-1/2 h-2 -translate-y-1/2 rounded-sm bg-zinc-400 dark:bg-zinc-500"
                style={{ left: pct(inv.start), width: width(inv.start, inv.end) }}
                title={`Invocation ${index + 1}: ${formatDuration(inv.end - inv.start)}`}
              />
            ))}
          </Lane>
          <div ref={visible.scrollerRef} className="max-h-[70vh] overflow-y-auto" data-testid="timeline-scroller">
          {visible.before > 0 ? <div aria-hidden style={{ height: visible.before }} /> : null}
          {rows.slice(visible.first, visible.last).map(({ operation, depth }) => {
            const start = ms(operation.StartTimestamp) ?? t0;
            const end = ms(operation.EndTimestamp);
            const planned = !end ? (ms(operation.WaitDetails?.ScheduledEndTimestamp) ?? ms(operation.StepDetails?.NextAttemptTimestamp)) : undefined;
            const tone = toneClasses[operationTone(operation.Status)];
            const label = operationLabel(operation);
            const title = `${label}: ${operationStatusLabel(operation.Type, operation.Status)}, ${formatDuration((end ?? now) - start)}`;
            return (
              <Lane key={operation.Id} label={label} depth={depth} sub={operation.SubType ?? operation.Type}>
                {planned && planned > now ? (
                  <div
                    className="absolute top-1/2 h-4 -translate-y-1/2 rounded-sm border border-dashed border-zinc-400 dark:border-zinc-500"
                    style={{ left: pct(now), width: width(now, planned) }}
                    title={operation.Type === "WAIT" ? "Scheduled end" : "Next attempt"}
                  />
                ) : null}
                <button
                  type="button"
                  onClick={() => update({ tab: null, op: operation.Id }, { push: true })}
                  className={`absolute top-1/2 h-4 -translate-y-1/2 rounded-sm ${tone.bar} ${end ? "" : "bar-running"} hover:brightness-110`}
                  style={{ left: pct(start), width: width(start, end ?? now) }}
                  title={title}
                  aria-label={title}
                />
                {(failedAttempts.get(operation.Id) ?? []).map((t, index) => (
                  <span
                    key={index}
                    aria-hidden
                    className="absolute top-1/2 h-5 w-0.5 -translate-y-1/2 bg-red-600 dark:bg-red-400"
                    style={{ left: pct(t) }}
                    title="Attempt failed"
                  />
                ))}
              </Lane>
            );
          })}
          {visible.after > 0 ? <div aria-hidden style={{ height: visible.after }} /> : null}
          </div>
        </div>
      </div>
      <Legend />
    </Card>
  );
}

function Lane({ label, sub, hint, depth = 0, children }: { label: string; sub?: string; hint?: string; depth?: number; children: React.ReactNode }) {
  return (
    <div className="flex items-stretch border-b border-zinc-100 last:border-b-0 dark:border-zinc-800/70" style={{ height: LANE }}>
      <div className="w-60 shrink-0 truncate px-3 py-1.5 text-sm" style={{ paddingLeft: `${0.75 + Math.min(depth, 12)}rem` }} title={hint ?? label}>
        <span className="font-medium">{label}</span>
        {sub ? <span className="ml-1.5 text-xs text-zinc-400">{sub}</span> : null}
      </div>
      <div className="relative mr-6 flex-1">{children}</div>
    </div>
  );
}

function Legend() {
  const items: Array<[string, string]> = [
    [toneClasses.blue.bar, "running / waiting"],
    [toneClasses.violet.bar, "retry scheduled"],
    [toneClasses.green.bar, "succeeded"],
    [toneClasses.red.bar, "failed"],
    [toneClasses.gray.bar, "cancelled / stopped"],
  ];
  return (
    <div className="flex flex-wrap gap-x-4 gap-y-1 border-t border-zinc-100 px-3 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
      {items.map(([bar, text]) => (
        <span key={text} className="inline-flex items-center gap-1.5">
          <span aria-hidden className={`inline-block h-2.5 w-4 rounded-sm ${bar}`} />
          {text}
        </span>
      ))}
      <span className="inline-flex items-center gap-1.5">
        <span aria-hidden className="inline-block h-3 w-0.5 bg-red-600" />
        failed attempt
      </span>
      <span className="inline-flex items-center gap-1.5">
        <span aria-hidden className="inline-block h-2.5 w-4 rounded-sm border border-dashed border-zinc-400" />
        scheduled
      </span>
    </div>
  );
}

function invocationSpans(events: HistoryEvent[]): Span[] {
  const spans: Span[] = [];
  for (const event of events) {
    if (event.EventType !== "InvocationCompleted") continue;
    const d = detailsOf(event);
    const start = ms(d.StartTimestamp);
    const end = ms(d.EndTimestamp);
    if (start !== undefined && end !== undefined) spans.push({ start, end });
  }
  return spans;
}

function failureTimes(events: HistoryEvent[]): Map<string, number[]> {
  const byOperation = new Map<string, number[]>();
  for (const event of events) {
    if (event.EventType !== "StepFailed" || !event.Id) continue;
    const list = byOperation.get(event.Id) ?? [];
    list.push(Date.parse(event.EventTimestamp));
    byOperation.set(event.Id, list);
  }
  return byOperation;
}
