"use client";
/** Each try of a step: outcome, when, how long, its error, and the retry delay that followed. */
import { Time } from "@/components/ui/time";
import { durationMs, formatDuration } from "@/lib/format";
import { attemptPhase, type AttemptPhase } from "@/lib/attempts";
import { ENDED_WITH_EXECUTION, type ExecutionTiming } from "@/lib/operation-state";
import { toneClasses, type Tone } from "@/lib/status";
import type { AttemptView, OperationView } from "@/lib/types";

const PHASE_VIEW: Record<AttemptPhase, { tone: Tone; label: string }> = {
  running: { tone: "blue", label: "Running" },
  succeeded: { tone: "green", label: "Succeeded" },
  failed: { tone: "red", label: "Failed" },
  "ended-with-execution": { tone: "gray", label: ENDED_WITH_EXECUTION },
};

export function AttemptsList({
  attempts,
  operation,
  execution,
}: {
  attempts: AttemptView[] | undefined;
  operation: OperationView;
  execution: ExecutionTiming;
}) {
  if (!attempts) return <p className="text-sm text-zinc-400">Loading…</p>;
  if (attempts.length === 0) return <p className="text-sm text-zinc-400 italic">Not attempted yet</p>;
  return (
    <ol className="space-y-2">
      {attempts.map((attempt) => {
        const { tone, label } = PHASE_VIEW[attemptPhase(attempt, operation, execution)];
        return (
          <li key={attempt.attempt} className="rounded-md border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className="flex items-center gap-1.5 font-medium">
                <span aria-hidden className={`size-2 rounded-full ${toneClasses[tone].dot}`} />
                Attempt {attempt.attempt}
              </span>
              <span className={toneClasses[tone].text}>{label}</span>
              <span className="text-xs text-zinc-500 dark:text-zinc-400">
                <Time iso={attempt.startedAt ?? attempt.endedAt} />
                {attempt.startedAt && attempt.endedAt ? ` · ${formatDuration(durationMs(attempt.startedAt, attempt.endedAt))}` : null}
              </span>
              {attempt.nextAttemptDelaySeconds !== undefined ? (
                <span className="ml-auto rounded bg-violet-50 px-1.5 py-0.5 text-xs text-violet-800 dark:bg-violet-400/10 dark:text-violet-300">
                  retry after {formatDuration(attempt.nextAttemptDelaySeconds * 1000)}
                </span>
              ) : null}
            </div>
            {attempt.error ? (
              <details className="mt-1.5">
                <summary className="cursor-pointer text-sm text-red-800 dark:text-red-300">
                  <span className="font-medium">{attempt.error.ErrorType ?? "Error"}</span>
                  {attempt.error.ErrorMessage ? `: ${attempt.error.ErrorMessage}` : null}
                </summary>
                {attempt.error.StackTrace?.length ? (
                  <pre className="mt-1 max-h-48 overflow-auto rounded bg-zinc-50 p-2 font-mono text-[11px] leading-relaxed text-zinc-700 dark:bg-zinc-950 dark:text-zinc-300">
                    {attempt.error.StackTrace.join("\n")}
                  </pre>
                ) : null}
                {attempt.error.ErrorData ? (
                  <pre className="mt-1 max-h-48 overflow-auto rounded bg-zinc-50 p-2 font-mono text-[11px] text-zinc-700 dark:bg-zinc-950 dark:text-zinc-300">
                    {attempt.error.ErrorData}
                  </pre>
                ) : null}
              </details>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
