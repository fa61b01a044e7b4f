/** A step's attempts, rebuilt from its history events, and how views draw them. Pure; shared by the API, the pages and tests. */
import type { RetryDetails } from "@/sdk/types/wire";
import { operationEnd, operationPhase, type ExecutionTiming } from "./operation-state";
import type { AttemptView, ErrorObject, HistoryEvent, OperationView } from "./types";

/**
 * Each try of a step, from its events: StepStarted opens an attempt, StepFailed / StepSucceeded
 * close it. Attempts are numbered by their order, not by RetryDetails.CurrentAttempt, whose
 * meaning differs between a failure (the attempt that failed) and a success (the attempts
 * before it), as in the official local runner. NextAttemptDelaySeconds says a retry followed.
 */
export function attemptsOf(events: HistoryEvent[], operation: OperationView): AttemptView[] {
  const attempts: AttemptView[] = [];
  let open: AttemptView | undefined;
  for (const event of events) {
    if (event.EventType === "StepStarted") {
      open = { attempt: attempts.length + 1, status: "RUNNING", startedAt: event.EventTimestamp };
      attempts.push(open);
      continue;
    }
    if (event.EventType !== "StepFailed" && event.EventType !== "StepSucceeded") continue;
    const details = (event[`${event.EventType}Details`] ?? {}) as { RetryDetails?: RetryDetails; Error?: { Payload?: AttemptView["error"] } };
    // A close without a start (the start was never checkpointed) is still an attempt.
    const attempt: AttemptView = open ?? { attempt: attempts.length + 1, status: "RUNNING" };
    if (!open) attempts.push(attempt);
    attempt.status = event.EventType === "StepFailed" ? "FAILED" : "SUCCEEDED";
    attempt.endedAt = event.EventTimestamp;
    if (details.Error?.Payload) attempt.error = details.Error.Payload;
    if (details.RetryDetails?.NextAttemptDelaySeconds !== undefined) attempt.nextAttemptDelaySeconds = details.RetryDetails.NextAttemptDelaySeconds;
    open = undefined;
  }
  // An attempt the events show as open only runs while the operation does.
  if (open && operation.Status !== "STARTED") open.status = operation.Status === "SUCCEEDED" ? "SUCCEEDED" : "FAILED";
  return attempts;
}

/** An attempt's outcome as the views show it: one still open when its execution ended ended with it. */
export type AttemptPhase = "running" | "succeeded" | "failed" | "ended-with-execution";

export function attemptPhase(attempt: AttemptView, operation: OperationView, execution: ExecutionTiming): AttemptPhase {
  if (attempt.status === "SUCCEEDED") return "succeeded";
  if (attempt.status === "FAILED") return "failed";
  return operationPhase(operation, execution) === "live" ? "running" : "ended-with-execution";
}

/**
 * A step on the timeline: each attempt a segment, and the waits between them (the retry delays)
 * segments of their own, so a retried step reads as "tried, waited, tried" rather than one bar.
 * Times are epoch ms.
 */
export type StepSegment =
  | { kind: "attempt"; attempt: number; start: number; end: number; phase: AttemptPhase; error?: ErrorObject; nextAttemptDelaySeconds?: number }
  | {
      kind: "retry-wait";
      /** The attempt this wait leads to. */
      nextAttempt: number;
      start: number;
      end: number;
      /** live: still waiting (a retry is scheduled); done: the next attempt started; ended-with-execution: it never came. */
      phase: "live" | "done" | "ended-with-execution";
      /** When the next attempt is scheduled, while still waiting for it. */
      scheduledAt?: number;
    };

export type AttemptSegment = Extract<StepSegment, { kind: "attempt" }>;
export type RetryWaitSegment = Extract<StepSegment, { kind: "retry-wait" }>;

const epoch = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);

/**
 * The segments of a step from its attempts (attemptsOf). Open attempts and waits run to `now`
 * while the step is live, and stop at the execution's end when it ended with the execution.
 * Empty when the events show no attempt (the caller draws the plain bar then).
 */
export function stepSegments(attempts: AttemptView[], operation: OperationView, execution: ExecutionTiming, now: number): StepSegment[] {
  const phase = operationPhase(operation, execution);
  // Where an unfinished piece stops: now while live, else the operation's (or execution's) end.
  const openEnd = phase === "live" ? now : (epoch(operationEnd(operation, execution)) ?? now);
  const segments: StepSegment[] = [];
  let previousEnd: number | undefined;
  for (const attempt of attempts) {
    const start = epoch(attempt.startedAt) ?? epoch(attempt.endedAt) ?? previousEnd ?? openEnd;
    if (previousEnd !== undefined && start > previousEnd) {
      segments.push({ kind: "retry-wait", nextAttempt: attempt.attempt, start: previousEnd, end: start, phase: "done" });
    }
    const end = Math.max(start, epoch(attempt.endedAt) ?? openEnd);
    const segment: AttemptSegment = { kind: "attempt", attempt: attempt.attempt, start, end, phase: attemptPhase(attempt, operation, execution) };
    if (attempt.error) segment.error = attempt.error;
    if (attempt.nextAttemptDelaySeconds !== undefined) segment.nextAttemptDelaySeconds = attempt.nextAttemptDelaySeconds;
    segments.push(segment);
    previousEnd = end;
  }
  // After a failed last attempt the step is waiting for its next one (PENDING: a retry is
  // scheduled; READY: due now, after a redrive say), or it was when the execution ended.
  const last = attempts[attempts.length - 1];
  if (last?.status === "FAILED" && previousEnd !== undefined && phase !== "finished") {
    const wait: RetryWaitSegment = { kind: "retry-wait", nextAttempt: last.attempt + 1, start: previousEnd, end: Math.max(previousEnd, openEnd), phase: phase === "live" ? "live" : "ended-with-execution" };
    const scheduledAt = epoch(operation.StepDetails?.NextAttemptTimestamp);
    if (phase === "live" && scheduledAt !== undefined) wait.scheduledAt = scheduledAt;
    segments.push(wait);
  }
  return segments;
}
