/**
 * One execution's cost figures, computed from what the store already holds: the InvocationCompleted
 * events (each with its start and end, and where replay ended: ReplayEndTimestamp), the operations
 * with their payloads, and the execution row. Pure: no reads, no clock but `now`.
 */
import type { ExecutionRecord, OperationRecord } from "../../store/types";
import type { ErrorObject, HistoryEvent, Operation } from "../../types/wire";
import { utf8ByteLength } from "../../utils/payload-size";
import { msOf } from "../clock";
import type { CostFigures } from "./types";

type ExecutionFacts = Pick<ExecutionRecord, "startTimestamp" | "endTimestamp" | "inputPayload" | "result" | "error">;

interface Span {
  start: number;
  end: number;
  replayEnd?: number;
}

/** The invocations, from their InvocationCompleted events (one written for every invocation, a cut-off one included). */
export function invocationSpansOf(events: readonly HistoryEvent[]): Span[] {
  const spans: Span[] = [];
  for (const event of events) {
    if (event.EventType !== "InvocationCompleted") continue;
    const details = event.InvocationCompletedDetails as { StartTimestamp?: string; EndTimestamp?: string; ReplayEndTimestamp?: string } | undefined;
    const start = msOf(details?.StartTimestamp);
    const end = msOf(details?.EndTimestamp) ?? msOf(event.EventTimestamp);
    if (start === undefined || end === undefined) continue;
    const span: Span = { start, end: Math.max(start, end) };
    const replayEnd = msOf(details?.ReplayEndTimestamp);
    if (replayEnd !== undefined) span.replayEnd = Math.min(Math.max(replayEnd, start), span.end);
    spans.push(span);
  }
  return spans;
}

export function costFigures(execution: ExecutionFacts, operations: readonly OperationRecord[], events: readonly HistoryEvent[], now: number): CostFigures {
  const spans = invocationSpansOf(events);
  const start = msOf(execution.startTimestamp) ?? now;
  const end = Math.max(start, msOf(execution.endTimestamp) ?? now);
  let computeMs = 0;
  let replayMs = 0;
  let replayMeasuredInvocations = 0;
  let longestInvocationMs = 0;
  for (const span of spans) {
    const duration = span.end - span.start;
    computeMs += duration;
    longestInvocationMs = Math.max(longestInvocationMs, duration);
    if (span.replayEnd !== undefined) {
      replayMs += span.replayEnd - span.start;
      replayMeasuredInvocations++;
    }
  }
  const lifetimeMs = end - start;
  let payloadBytes = 0;
  let largestOperationPayloadBytes = 0;
  for (const record of operations) {
    if (record.operation.Type === "EXECUTION") continue; // its input and outcome are the execution's own, counted below
    const bytes = operationPayloadBytes(record.operation);
    payloadBytes += bytes;
    largestOperationPayloadBytes = Math.max(largestOperationPayloadBytes, bytes);
  }
  const inputBytes = textBytes(execution.inputPayload);
  const resultBytes = textBytes(execution.result);
  payloadBytes += inputBytes + resultBytes + errorBytes(execution.error);
  return {
    invocations: spans.length,
    computeMs,
    waitingMs: Math.max(0, lifetimeMs - coveredWithin(spans, start, end)),
    replayMs,
    replayMeasuredInvocations,
    longestInvocationMs,
    lifetimeMs,
    operations: operations.length,
    retryAttempts: events.filter(isScheduledRetry).length,
    checkpoints: events.length - spans.length,
    historyEvents: events.length,
    payloadBytes,
    largestOperationPayloadBytes,
    inputBytes,
    resultBytes,
  };
}

/** A StepFailed that scheduled another attempt. */
function isScheduledRetry(event: HistoryEvent): boolean {
  if (event.EventType !== "StepFailed") return false;
  const retry = (event.StepFailedDetails as { RetryDetails?: { NextAttemptDelaySeconds?: number } } | undefined)?.RetryDetails;
  return retry?.NextAttemptDelaySeconds !== undefined;
}

/** How much of [start, end] the spans cover, overlaps counted once (two invocations never overlap, but a cut-off one may). */
function coveredWithin(spans: readonly Span[], start: number, end: number): number {
  const clipped = spans
    .map((s) => ({ start: Math.max(s.start, start), end: Math.min(s.end, end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  let covered = 0;
  let reach = start;
  for (const s of clipped) {
    if (s.end <= reach) continue;
    covered += s.end - Math.max(s.start, reach);
    reach = s.end;
  }
  return covered;
}

/** An operation's stored result and error, whatever its type. */
function operationPayloadBytes(op: Operation): number {
  const details = op.StepDetails ?? op.CallbackDetails ?? op.ContextDetails ?? op.ChainedInvokeDetails;
  if (!details) return 0;
  return textBytes(details.Result) + errorBytes(details.Error);
}

function textBytes(text: string | undefined): number {
  return text === undefined ? 0 : utf8ByteLength(text);
}

function errorBytes(error: ErrorObject | undefined): number {
  return error === undefined ? 0 : utf8ByteLength(JSON.stringify(error));
}

/** Adds figures up (a function's totals). */
export function sumFigures(list: readonly CostFigures[]): CostFigures {
  const total = emptyFigures();
  for (const figures of list) {
    for (const key of Object.keys(total) as Array<keyof CostFigures>) {
      total[key] = key === "longestInvocationMs" || key === "largestOperationPayloadBytes" ? Math.max(total[key], figures[key]) : total[key] + figures[key];
    }
  }
  return total;
}

/** Figures per execution: sums divided by `count`; the maxima stay maxima. */
export function averageFigures(total: CostFigures, count: number): CostFigures {
  const average = emptyFigures();
  if (count === 0) return average;
  for (const key of Object.keys(average) as Array<keyof CostFigures>) {
    average[key] = key === "longestInvocationMs" || key === "largestOperationPayloadBytes" ? total[key] : total[key] / count;
  }
  return average;
}

export function emptyFigures(): CostFigures {
  return {
    invocations: 0,
    computeMs: 0,
    waitingMs: 0,
    replayMs: 0,
    replayMeasuredInvocations: 0,
    longestInvocationMs: 0,
    lifetimeMs: 0,
    operations: 0,
    retryAttempts: 0,
    checkpoints: 0,
    historyEvents: 0,
    payloadBytes: 0,
    largestOperationPayloadBytes: 0,
    inputBytes: 0,
    resultBytes: 0,
  };
}
