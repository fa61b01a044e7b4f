"use client";
/**
 * The rows of the Timeline: the invocations lane, one lane per operation (a step as its attempts
 * and the waits between them, anything else as one bar), and the legend. Positions come from a
 * `Scale` (the Timeline's time window as percentages of the lane's width).
 */
import { attemptsOf, stepSegments, type StepSegment } from "@/lib/attempts";
import { formatClock, formatDuration } from "@/lib/format";
import { operationLabel } from "@/lib/operation-tree";
import { ENDED_WITH_EXECUTION, operationState, type ExecutionTiming } from "@/lib/operation-state";
import { toneClasses } from "@/lib/status";
import type { InvocationSpan, TimeWindow } from "@/lib/timeline";
import type { HistoryEvent, OperationView } from "@/lib/types";

export const LANE_HEIGHT = 32;

export class Scale {
  private readonly span: number;
  constructor(readonly window: TimeWindow) {
    this.span = window.end - window.start;
  }
  private clamp(t: number) {
    return Math.min(Math.max(t, this.window.start), this.window.end);
  }
  left(t: number): string {
    return `${((this.clamp(t) - this.window.start) / this.span) * 100}%`;
  }
  /** At least `minPx` wide, so an attempt of 3 ms in an hour-long execution is still seen. */
  width(from: number, to: number, minPx = 2): string {
    return `max(${minPx}px, ${((this.clamp(to) - this.clamp(from)) / this.span) * 100}%)`;
  }
}

const isoOf = (t: number) => new Date(t).toISOString();

export function Lane({ label, sub, hint, depth = 0, children }: { label: string; sub?: string; hint?: string; depth?: number; children: React.ReactNode }) {
  return (
    <div className="flex items-stretch border-b border-zinc-100 last:border-b-0 dark:border-zinc-800/70" style={{ height: LANE_HEIGHT }}>
      <div className="w-60 shrink-0 truncate px-3 py-1.5 text-sm" style={{ paddingLeft: `${0.75 + Math.min(depth, 12)}rem` }} title={hint ?? label}>
        <span className="font-medium">{label}</span>
        {sub ? <span className="ml-1.5 text-xs text-zinc-400">{sub}</span> : null}
      </div>
      <div className="relative mr-6 flex-1">{children}</div>
    </div>
  );
}

/**
 * When the handler ran. Invocations last milliseconds against waits of seconds or hours, so each
 * gets a bar of a few pixels at least (at its true width they vanish); the one running now counts up.
 */
export function InvocationsLane({ spans, runningSince, now, scale }: { spans: InvocationSpan[]; runningSince?: string; now: number; scale: Scale }) {
  const running = runningSince ? Date.parse(runningSince) : undefined;
  const count = spans.length + (running !== undefined ? 1 : 0);
  return (
    <Lane label="Invocations" sub={count.toLocaleString()} hint="When the handler ran; the gaps between are suspensions, which cost nothing">
      {spans.map((span) => {
        const text = `Invocation ${span.index}: ${formatDuration(span.end - span.start)}, from ${formatClock(isoOf(span.start))}${span.error ? `, failed: ${span.error.ErrorType ?? "Error"} ${span.error.ErrorMessage ?? ""}` : ""}`;
        return (
          <span
            key={span.index}
            role="img"
            data-testid="invocation-bar"
            aria-label={text}
            title={text}
            className={`absolute top-1/2 h-3 -translate-y-1/2 rounded-sm ${span.error ? "bg-red-500" : "bg-slate-600 dark:bg-slate-300"}`}
            style={{ left: scale.left(span.start), width: scale.width(span.start, span.end, 4) }}
          />
        );
      })}
      {running !== undefined ? (
        <span
          role="img"
          data-testid="invocation-bar"
          aria-label={`Invocation ${spans.length + 1}: running for ${formatDuration(now - running)}`}
          title={`Invocation ${spans.length + 1}: running for ${formatDuration(now - running)}`}
          className="bar-running absolute top-1/2 h-3 -translate-y-1/2 rounded-sm bg-slate-600 dark:bg-slate-300"
          style={{ left: scale.left(running), width: scale.width(running, now, 4) }}
        />
      ) : null}
    </Lane>
  );
}

const ATTEMPT_BAR: Record<Extract<StepSegment, { kind: "attempt" }>["phase"], string> = {
  running: `${toneClasses.blue.bar} bar-running`,
  succeeded: toneClasses.green.bar,
  failed: toneClasses.red.bar,
  "ended-with-execution": `${toneClasses.gray.bar} bar-hatched`,
};

const WAIT_BAR: Record<Extract<StepSegment, { kind: "retry-wait" }>["phase"], string> = {
  live: "bg-violet-400/70 dark:bg-violet-400/50 bar-hatched",
  done: "bg-violet-400/50 dark:bg-violet-400/35 bar-hatched",
  "ended-with-execution": `${toneClasses.gray.bar} opacity-60 bar-hatched`,
};

function segmentText(segment: StepSegment): string {
  const took = formatDuration(segment.end - segment.start);
  if (segment.kind === "retry-wait") {
    const what = `Waiting for attempt ${segment.nextAttempt}`;
    if (segment.phase === "live") return `${what} (retry scheduled): ${took} so far`;
    if (segment.phase === "ended-with-execution") return `${what}: ${ENDED_WITH_EXECUTION.toLowerCase()} before it came, after ${took}`;
    return `${what}: ${took}`;
  }
  const outcome =
    segment.phase === "running" ? "running" : segment.phase === "ended-with-execution" ? ENDED_WITH_EXECUTION.toLowerCase() : segment.phase;
  const error = segment.error ? `: ${segment.error.ErrorType ?? "Error"}${segment.error.ErrorMessage ? `: ${segment.error.ErrorMessage}` : ""}` : "";
  const retry = segment.nextAttemptDelaySeconds !== undefined ? ` (retry after ${formatDuration(segment.nextAttemptDelaySeconds * 1000)})` : "";
  return `Attempt ${segment.attempt} ${outcome} after ${took}${error}${retry}`;
}

export function OperationLane({
  operation,
  depth,
  execution,
  stepEvents,
  now,
  scale,
  onSelect,
}: {
  operation: OperationView;
  depth: number;
  execution: ExecutionTiming;
  /** The step's own attempt events; undefined until the history is loaded. */
  stepEvents: HistoryEvent[] | undefined;
  now: number;
  scale: Scale;
  onSelect: () => void;
}) {
  const label = operationLabel(operation);
  const state = operationState(operation, execution);
  const start = Date.parse(operation.StartTimestamp);
  const end = state.end ? Date.parse(state.end) : now;
  const segments = operation.Type === "STEP" && stepEvents ? stepSegments(attemptsOf(stepEvents, operation), operation, execution, now) : [];
  // What is still scheduled (a wait's end, the next attempt) is drawn only while it can happen.
  const planned = state.live ? (epochOf(operation.WaitDetails?.ScheduledEndTimestamp) ?? epochOf(operation.StepDetails?.NextAttemptTimestamp)) : undefined;
  const summary = `${label}: ${state.label}, ${formatDuration(end - start)}`;
  return (
    <Lane label={label} depth={depth} sub={operation.SubType ?? operation.Type}>
      {planned !== undefined && planned > now ? (
        <div
          className="absolute top-1/2 h-4 -translate-y-1/2 rounded-sm border border-dashed border-zinc-400 dark:border-zinc-500"
          style={{ left: scale.left(now), width: scale.width(now, planned) }}
          title={operation.Type === "WAIT" ? `Scheduled end ${formatClock(isoOf(planned))}` : `Next attempt ${formatClock(isoOf(planned))}`}
        />
      ) : null}
      {segments.length > 1 ? (
        segments.map((segment, index) => {
          const text = segmentText(segment);
          return (
            <button
              key={index}
              type="button"
              onClick={onSelect}
              data-segment={segment.kind}
              data-attempt={segment.kind === "attempt" ? segment.attempt : undefined}
              data-phase={segment.phase}
              className={`absolute top-1/2 -translate-y-1/2 rounded-sm hover:brightness-110 ${segment.kind === "attempt" ? `z-10 h-4 ${ATTEMPT_BAR[segment.phase]}` : `h-2.5 ${WAIT_BAR[segment.phase]}`}`}
              style={{ left: scale.left(segment.start), width: scale.width(segment.start, segment.end, segment.kind === "attempt" ? 3 : 2) }}
              title={`${label}: ${text}`}
              aria-label={`${label}: ${text}`}
            />
          );
        })
      ) : (
        <button
          type="button"
          onClick={onSelect}
          data-phase={state.phase}
          className={`absolute top-1/2 h-4 -translate-y-1/2 rounded-sm hover:brightness-110 ${toneClasses[state.tone].bar} ${
            state.live ? "bar-running" : state.phase === "ended-with-execution" ? "bar-hatched" : ""
          }`}
          style={{ left: scale.left(start), width: scale.width(start, end) }}
          title={`${summary}. ${state.description}`}
          aria-label={summary}
        />
      )}
    </Lane>
  );
}

const epochOf = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);

export function Legend() {
  const items: Array<[string, string]> = [
    ["bg-slate-600 dark:bg-slate-300", "invocation"],
    [toneClasses.blue.bar, "running / waiting"],
    ["bg-violet-400/50 dark:bg-violet-400/35 bar-hatched", "wait between attempts"],
    [toneClasses.green.bar, "succeeded"],
    [toneClasses.red.bar, "failed"],
    [toneClasses.gray.bar, "cancelled / stopped"],
    [`${toneClasses.gray.bar} bar-hatched`, "ended with the execution"],
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
        <span aria-hidden className="inline-block h-2.5 w-4 rounded-sm border border-dashed border-zinc-400" />
        scheduled
      </span>
    </div>
  );
}
