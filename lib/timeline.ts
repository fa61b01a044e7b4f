/**
 * What the Timeline tab draws, computed without React: the time window, the invocations and
 * each step's history events. Pure and client-safe; times are epoch ms.
 */
import { isExecutionLive, isOpenStatus, operationEnd, type ExecutionTiming } from "./operation-state";
import type { ErrorObject, HistoryEvent, OperationView } from "./types";

const epoch = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);

export interface TimeWindow {
  start: number;
  end: number;
}

/**
 * From the execution's start to its end. While it runs: to now, or later when something is
 * scheduled after now (a wait's end, a retry's next attempt), so the plan is on screen too. Once it
 * ended: to its end, and nothing later (what was still scheduled then will never happen).
 */
export function timelineWindow(execution: ExecutionTiming & { startTimestamp: string }, operations: readonly OperationView[], now: number): TimeWindow {
  const start = epoch(execution.startTimestamp) ?? now;
  const live = isExecutionLive(execution);
  let end = live ? now : (epoch(execution.endTimestamp) ?? now);
  // A loop, not Math.max(...list): 50,000 arguments would overflow the call stack.
  for (const op of operations) {
    const opEnd = epoch(operationEnd(op, execution));
    if (opEnd !== undefined && opEnd > end) end = opEnd;
    if (!live || !isOpenStatus(op.Status)) continue;
    const planned = epoch(op.WaitDetails?.ScheduledEndTimestamp) ?? epoch(op.StepDetails?.NextAttemptTimestamp);
    if (planned !== undefined && planned > end) end = planned;
  }
  return { start, end: Math.max(end, start + 1) };
}

export interface InvocationSpan {
  /** 1-based, in history order. */
  index: number;
  start: number;
  end: number;
  requestId?: string;
  error?: ErrorObject;
}

/** The handler's invocations, from their InvocationCompleted events (each carries its start and end). */
export function invocationSpans(events: readonly HistoryEvent[]): InvocationSpan[] {
  const spans: InvocationSpan[] = [];
  for (const event of events) {
    if (event.EventType !== "InvocationCompleted") continue;
    const details = (event.InvocationCompletedDetails ?? {}) as {
      StartTimestamp?: string;
      EndTimestamp?: string;
      RequestId?: string;
      Error?: { Payload?: ErrorObject };
    };
    const start = epoch(details.StartTimestamp);
    const end = epoch(details.EndTimestamp) ?? epoch(event.EventTimestamp);
    if (start === undefined || end === undefined) continue;
    const span: InvocationSpan = { index: spans.length + 1, start, end: Math.max(start, end) };
    if (details.RequestId) span.requestId = details.RequestId;
    if (details.Error?.Payload) span.error = details.Error.Payload;
    spans.push(span);
  }
  return spans;
}

const STEP_EVENTS = new Set(["StepStarted", "StepSucceeded", "StepFailed"]);

/** Each step's own attempt events (StepStarted / StepSucceeded / StepFailed), by operation id, in history order. */
export function stepEventsByOperation(events: readonly HistoryEvent[]): Map<string, HistoryEvent[]> {
  const byOperation = new Map<string, HistoryEvent[]>();
  for (const event of events) {
    if (!event.Id || !STEP_EVENTS.has(event.EventType)) continue;
    const list = byOperation.get(event.Id);
    if (list) list.push(event);
    else byOperation.set(event.Id, [event]);
  }
  return byOperation;
}
