import { describe, expect, it } from "vitest";
import { attemptsOf } from "@/lib/attempts";
import type { HistoryEvent, OperationView } from "@/lib/types";

const step: OperationView = { Id: "s", Type: "STEP", Status: "SUCCEEDED", StartTimestamp: "2026-01-01T00:00:00.000Z", Seq: 2 };
const at = (second: number) => `2026-01-01T00:00:0${second}.000Z`;

describe("attempts of a step", () => {
  it("numbers attempts by order, whatever RetryDetails.CurrentAttempt says on a success", () => {
    // The shape the runtime writes (as the official local runner): a success after one failed
    // attempt carries CurrentAttempt 1, the attempts before it.
    const events: HistoryEvent[] = [
      { EventType: "StepStarted", EventId: 6, Id: "s", EventTimestamp: at(0), StepStartedDetails: {} },
      {
        EventType: "StepFailed",
        EventId: 7,
        Id: "s",
        EventTimestamp: at(1),
        StepFailedDetails: { Error: { Payload: { ErrorType: "Error", ErrorMessage: "declined" } }, RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 2 } },
      },
      { EventType: "StepStarted", EventId: 9, Id: "s", EventTimestamp: at(3), StepStartedDetails: {} },
      { EventType: "StepSucceeded", EventId: 10, Id: "s", EventTimestamp: at(4), StepSucceededDetails: { Result: { Payload: "1" }, RetryDetails: { CurrentAttempt: 1 } } },
    ];
    expect(attemptsOf(events, step)).toEqual([
      { attempt: 1, status: "FAILED", startedAt: at(0), endedAt: at(1), error: { ErrorType: "Error", ErrorMessage: "declined" }, nextAttemptDelaySeconds: 2 },
      { attempt: 2, status: "SUCCEEDED", startedAt: at(3), endedAt: at(4) },
    ]);
  });

  it("counts a close without a start, and shows a still-open attempt as running", () => {
    const events: HistoryEvent[] = [
      { EventType: "StepFailed", EventId: 3, Id: "s", EventTimestamp: at(1), StepFailedDetails: { Error: { Payload: { ErrorMessage: "x" } }, RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 1 } } },
      { EventType: "StepStarted", EventId: 5, Id: "s", EventTimestamp: at(2), StepStartedDetails: {} },
    ];
    const attempts = attemptsOf(events, { ...step, Status: "STARTED" });
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, "FAILED"],
      [2, "RUNNING"],
    ]);
  });
});
