/**
 * What the Timeline draws, without a browser: a retried step as attempts and the waits between
 * them (stopping at the execution's end when it ended first), the invocations from their
 * InvocationCompleted events, and a time window that ends with an ended execution.
 */
import { describe, expect, it } from "vitest";
import { attemptsOf, stepSegments } from "@/lib/attempts";
import { invocationSpans, stepEventsByOperation, timelineWindow } from "@/lib/timeline";
import type { HistoryEvent, OperationView } from "@/lib/types";

const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const iso = (ms: number) => new Date(T0 + ms).toISOString();
let eventId = 0;
const event = (EventType: HistoryEvent["EventType"], ms: number, id: string, details: Record<string, unknown> = {}): HistoryEvent => {
  const made: HistoryEvent = { EventType, EventId: ++eventId, Id: id, EventTimestamp: iso(ms) };
  made[`${EventType}Details`] = details;
  return made;
};
const declined = (attempt: number, delay: number) => ({
  Error: { Payload: { ErrorType: "Error", ErrorMessage: `declined (attempt ${attempt})` } },
  RetryDetails: { CurrentAttempt: attempt, NextAttemptDelaySeconds: delay },
});
const payment = (partial: Partial<OperationView>): OperationView => ({ Id: "pay", Type: "STEP", Name: "process-payment", Status: "SUCCEEDED", StartTimestamp: iso(0), Seq: 3, ...partial });

describe("a retried step's segments", () => {
  const twoFailuresThenSuccess = [
    event("StepStarted", 0, "pay"),
    event("StepFailed", 10, "pay", declined(1, 2)),
    event("StepStarted", 2010, "pay"),
    event("StepFailed", 2030, "pay", declined(2, 4)),
    event("StepStarted", 6030, "pay"),
    event("StepSucceeded", 6040, "pay", { Result: { Payload: "{}" }, RetryDetails: { CurrentAttempt: 2 } }),
  ];

  it("is each attempt with its outcome and error, and each retry wait between them", () => {
    const step = payment({ EndTimestamp: iso(6040) });
    const segments = stepSegments(attemptsOf(twoFailuresThenSuccess, step), step, { status: "SUCCEEDED", endTimestamp: iso(7000) }, T0 + 9999);
    expect(segments.map((s) => [s.kind, s.kind === "attempt" ? s.attempt : s.nextAttempt, s.phase, s.start - T0, s.end - T0])).toEqual([
      ["attempt", 1, "failed", 0, 10],
      ["retry-wait", 2, "done", 10, 2010],
      ["attempt", 2, "failed", 2010, 2030],
      ["retry-wait", 3, "done", 2030, 6030],
      ["attempt", 3, "succeeded", 6030, 6040],
    ]);
    const first = segments[0]!;
    expect(first.kind === "attempt" && first.error?.ErrorMessage).toBe("declined (attempt 1)");
    expect(first.kind === "attempt" && first.nextAttemptDelaySeconds).toBe(2);
  });

  it("while a retry is scheduled, ends with a live wait up to now that knows the next attempt's time", () => {
    const events = twoFailuresThenSuccess.slice(0, 2);
    const step = payment({ Status: "PENDING", StepDetails: { Attempt: 1, NextAttemptTimestamp: iso(2010) } });
    const segments = stepSegments(attemptsOf(events, step), step, { status: "RUNNING" }, T0 + 500);
    expect(segments.at(-1)).toEqual({ kind: "retry-wait", nextAttempt: 2, start: T0 + 10, end: T0 + 500, phase: "live", scheduledAt: T0 + 2010 });
  });

  it("stops at the execution's end when the execution ended between attempts or during one", () => {
    const stopped = { status: "STOPPED" as const, endTimestamp: iso(1000) };
    const pending = payment({ Status: "PENDING", StepDetails: { Attempt: 1, NextAttemptTimestamp: iso(2010) } });
    const between = stepSegments(attemptsOf(twoFailuresThenSuccess.slice(0, 2), pending), pending, stopped, T0 + 60_000);
    expect(between.at(-1)).toMatchObject({ kind: "retry-wait", phase: "ended-with-execution", end: T0 + 1000 });
    expect(between.at(-1)).not.toHaveProperty("scheduledAt");

    const runningStep = payment({ Status: "STARTED" });
    const during = stepSegments(attemptsOf(twoFailuresThenSuccess.slice(0, 3), runningStep), runningStep, { status: "STOPPED", endTimestamp: iso(2500) }, T0 + 60_000);
    expect(during.at(-1)).toMatchObject({ kind: "attempt", attempt: 2, phase: "ended-with-execution", start: T0 + 2010, end: T0 + 2500 });
    // The same open attempt in a running execution runs to now.
    expect(stepSegments(attemptsOf(twoFailuresThenSuccess.slice(0, 3), runningStep), runningStep, { status: "RUNNING" }, T0 + 3000).at(-1)).toMatchObject({
      phase: "running",
      end: T0 + 3000,
    });
  });

  it("groups only step attempt events by operation", () => {
    const byOperation = stepEventsByOperation([...twoFailuresThenSuccess, event("WaitStarted", 7000, "hold"), event("StepStarted", 7001, "other")]);
    expect(byOperation.get("pay")).toHaveLength(6);
    expect(byOperation.has("hold")).toBe(false);
    expect(byOperation.get("other")).toHaveLength(1);
  });
});

describe("invocations and the time window", () => {
  it("reads every invocation's start and end (and failure) from InvocationCompleted", () => {
    const events = [
      event("ExecutionStarted", 0, "x"),
      { ...event("InvocationCompleted", 40, ""), Id: undefined, InvocationCompletedDetails: { StartTimestamp: iso(5), EndTimestamp: iso(40), RequestId: "r1" } },
      {
        ...event("InvocationCompleted", 2100, ""),
        Id: undefined,
        InvocationCompletedDetails: { StartTimestamp: iso(2000), EndTimestamp: iso(2100), RequestId: "r2", Error: { Payload: { ErrorType: "Runtime.InvocationStopped" } } },
      },
    ] as HistoryEvent[];
    expect(invocationSpans(events)).toEqual([
      { index: 1, start: T0 + 5, end: T0 + 40, requestId: "r1" },
      { index: 2, start: T0 + 2000, end: T0 + 2100, requestId: "r2", error: { ErrorType: "Runtime.InvocationStopped" } },
    ]);
  });

  const hold: OperationView = {
    Id: "w",
    Type: "WAIT",
    Status: "STARTED",
    StartTimestamp: iso(50),
    WaitDetails: { ScheduledEndTimestamp: iso(3_600_050) },
    Seq: 4,
  };

  it("ends at an ended execution's end, whatever it had still scheduled", () => {
    const window = timelineWindow({ status: "TIMED_OUT", startTimestamp: iso(0), endTimestamp: iso(3000) }, [hold], T0 + 600_000);
    expect(window).toEqual({ start: T0, end: T0 + 3000 });
  });

  it("while running, reaches now or what is scheduled after it", () => {
    expect(timelineWindow({ status: "RUNNING", startTimestamp: iso(0) }, [hold], T0 + 1000)).toEqual({ start: T0, end: T0 + 3_600_050 });
    expect(timelineWindow({ status: "RUNNING", startTimestamp: iso(0) }, [], T0 + 1000)).toEqual({ start: T0, end: T0 + 1000 });
  });
});
