/** A step's attempts, rebuilt from its history events. Pure; shared by the API and tests. */
import type { RetryDetails } from "@/sdk/types/wire";
import type { AttemptView, HistoryEvent, OperationView } from "./types";

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
