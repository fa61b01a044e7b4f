/**
 * What "a whole history" means, checked from the store alone. For one execution:
 * - EventIds run 1..N without gaps or duplicates, and N is the execution's eventCount;
 * - the first event is its only ExecutionStarted; a finished execution has one terminal execution
 *   event per run (1 + redrives), the last of which matches its status;
 * - every event that names an operation names one that exists, and every operation's events form
 *   a lifecycle: no "started" event while a previous start of it is still open, and the last
 *   event agrees with the operation's stored status (SUCCEEDED <-> ...Succeeded, and so on);
 *   in a SUCCEEDED execution no operation is left open;
 * - operation seqs are 1..operationCount;
 * - InvocationCompleted events have distinct RequestIds, there are at most invocationCount of
 *   them, and their [Start, End] intervals do not overlap (no two invocations ran at once);
 * - log seqs run 1..N without gaps.
 * Problems are collected (not thrown) so one run reports all of them.
 */
import type { DurableStore, ExecutionRecord, LogRecord, OperationRecord } from "../../../sdk/store/types";
import type { HistoryEvent } from "../../../sdk/types/wire";

export interface HistoryReport {
  events: number;
  operations: number;
  logs: number;
  invocationsCompleted: number;
  requestIds: string[];
  problems: string[];
}

const START_EVENTS = new Set(["StepStarted", "ContextStarted", "WaitStarted", "CallbackStarted", "ChainedInvokeStarted"]);
/** Events that close an open start of the same operation (a step attempt, a wait, ...). */
const END_EVENTS = new Set([
  "StepSucceeded",
  "StepFailed",
  "ContextSucceeded",
  "ContextFailed",
  "WaitSucceeded",
  "WaitCancelled",
  "CallbackSucceeded",
  "CallbackFailed",
  "CallbackTimedOut",
  "ChainedInvokeSucceeded",
  "ChainedInvokeFailed",
  "ChainedInvokeTimedOut",
  "ChainedInvokeStopped",
]);
const EXECUTION_END = new Set(["ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionStopped"]);
const END_EVENT_OF_STATUS: Record<string, string> = {
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
  TIMED_OUT: "TimedOut",
  STOPPED: "Stopped",
  CANCELLED: "Cancelled",
};
const TYPE_PREFIX: Record<string, string> = {
  STEP: "Step",
  CONTEXT: "Context",
  WAIT: "Wait",
  CALLBACK: "Callback",
  CHAINED_INVOKE: "ChainedInvoke",
  EXECUTION: "Execution",
};
const TERMINAL = new Set(["SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED", "CANCELLED"]);

export async function allEvents(store: DurableStore, executionId: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await store.history.list(executionId, { afterEventId: after, limit: 1000 });
    events.push(...page.items);
    if (!page.nextCursor) return events;
    after = Number(page.nextCursor);
  }
}

export async function allLogs(store: DurableStore, executionId: string): Promise<LogRecord[]> {
  const logs: LogRecord[] = [];
  let after = 0;
  for (;;) {
    const page = await store.logs.list(executionId, { afterSeq: after, limit: 1000 });
    logs.push(...page.items);
    if (!page.nextCursor) return logs;
    after = Number(page.nextCursor);
  }
}

export async function checkWholeHistory(store: DurableStore, executionId: string): Promise<HistoryReport> {
  // Read the row last: a concurrent writer can only make it newer than what was read before it.
  const events = await allEvents(store, executionId);
  const operations = await store.operations.list(executionId);
  const logs = await allLogs(store, executionId);
  const execution = await store.executions.get(executionId);
  const problems: string[] = [];
  const report: HistoryReport = { events: events.length, operations: operations.length, logs: logs.length, invocationsCompleted: 0, requestIds: [], problems };
  if (!execution) {
    problems.push(`${executionId}: execution not found`);
    return report;
  }
  const say = (text: string) => problems.push(`${execution.functionName} ${executionId}: ${text}`);

  checkEventIds(execution, events, say);
  checkExecutionEvents(execution, events, say);
  checkOperationLifecycles(execution, events, operations, say);
  checkOperationSeqs(execution, operations, say);
  const invocations = checkInvocations(execution, events, say);
  report.invocationsCompleted = invocations.length;
  report.requestIds = invocations;
  logs.forEach((log, index) => {
    if (log.seq !== index + 1) say(`log seq ${log.seq} at position ${index + 1}`);
  });
  const logCount = (execution as { logCount?: number }).logCount;
  if (typeof logCount === "number" && logCount !== logs.length) say(`logCount ${logCount} but ${logs.length} logs`);
  return report;
}

function checkEventIds(execution: ExecutionRecord, events: HistoryEvent[], say: (t: string) => void): void {
  events.forEach((event, index) => {
    if (event.EventId !== index + 1) say(`EventId ${event.EventId} at position ${index + 1}`);
  });
  if (events.length !== execution.eventCount) say(`eventCount ${execution.eventCount} but ${events.length} events`);
}

function checkExecutionEvents(execution: ExecutionRecord, events: HistoryEvent[], say: (t: string) => void): void {
  if (events[0]?.EventType !== "ExecutionStarted") say(`first event is ${events[0]?.EventType}`);
  const started = events.filter((e) => e.EventType === "ExecutionStarted").length;
  if (started !== 1) say(`${started} ExecutionStarted events`);
  const ends = events.map((e, index) => ({ e, index })).filter(({ e }) => EXECUTION_END.has(e.EventType));
  const redrives = events.filter((e) => e.EventType === "ExecutionRedriven").length;
  if (redrives !== execution.redriveCount) say(`redriveCount ${execution.redriveCount} but ${redrives} ExecutionRedriven events`);
  if (execution.status === "RUNNING") {
    if (ends.length !== redrives) say(`RUNNING with ${ends.length} terminal events and ${redrives} redrives`);
    return;
  }
  if (ends.length !== redrives + 1) say(`${ends.length} terminal execution events for ${redrives} redrives`);
  const last = ends[ends.length - 1];
  const expected = `Execution${END_EVENT_OF_STATUS[execution.status]}`;
  if (last?.e.EventType !== expected) say(`status ${execution.status} but the last terminal event is ${last?.e.EventType}`);
  if (last) {
    for (const later of events.slice(last.index + 1)) {
      // An answer to a chained invoke may arrive after the caller ended (it is kept for a redrive).
      if (!later.EventType.startsWith("ChainedInvoke")) say(`${later.EventType} (EventId ${later.EventId}) after the execution ended`);
    }
  }
  if (execution.endTimestamp === undefined) say("ended without endTimestamp");
}

function checkOperationLifecycles(execution: ExecutionRecord, events: HistoryEvent[], operations: OperationRecord[], say: (t: string) => void): void {
  const byId = new Map(operations.map((r) => [r.operation.Id, r]));
  const eventsById = new Map<string, HistoryEvent[]>();
  for (const event of events) {
    if (event.Id === undefined || event.EventType.startsWith("Execution") || event.EventType === "InvocationCompleted") continue;
    if (!byId.has(event.Id)) say(`${event.EventType} (EventId ${event.EventId}) names operation ${event.Id}, which does not exist`);
    const list = eventsById.get(event.Id) ?? [];
    list.push(event);
    eventsById.set(event.Id, list);
  }
  for (const record of operations) {
    const op = record.operation;
    if (op.Type === "EXECUTION") {
      if (op.Status !== (execution.status === "RUNNING" ? "STARTED" : execution.status)) say(`EXECUTION operation is ${op.Status}, execution ${execution.status}`);
      continue;
    }
    const own = eventsById.get(op.Id) ?? [];
    const prefix = TYPE_PREFIX[op.Type]!;
    let open = false;
    for (const event of own) {
      if (!event.EventType.startsWith(prefix)) say(`${op.Type} ${op.Id} has a ${event.EventType} event`);
      if (START_EVENTS.has(event.EventType)) {
        if (open) say(`${op.Type} ${op.Id} started again (EventId ${event.EventId}) while a start was open`);
        open = true;
      } else if (END_EVENTS.has(event.EventType)) open = false;
    }
    const last = own[own.length - 1];
    if (execution.status === "SUCCEEDED" && !TERMINAL.has(op.Status)) say(`${op.Type} ${op.Id} is ${op.Status} in a SUCCEEDED execution`);
    if (!last) {
      say(`${op.Type} ${op.Id} (${op.Status}) has no events`);
      continue;
    }
    const lastKind = last.EventType.slice(prefix.length);
    const expected = expectedLastEvents(op.Type, op.Status);
    if (!expected.includes(lastKind)) say(`${op.Type} ${op.Id} is ${op.Status} but its last event is ${last.EventType}`);
  }
}

/** The event kinds that may be last for an operation in this stored status. */
function expectedLastEvents(type: string, status: string): string[] {
  switch (status) {
    case "STARTED":
      // A started step attempt, or a step whose retry timer fired and whose next attempt began.
      return ["Started"];
    case "PENDING":
    case "READY":
      // A step waiting for (or ready for) its next attempt: the attempt before ended.
      return ["Failed", "Succeeded"];
    case "CANCELLED":
      // There is no CallbackCancelled event type: a cancelled callback's last event is its start.
      return type === "CALLBACK" ? ["Started"] : ["Cancelled"];
    default:
      return [END_EVENT_OF_STATUS[status] ?? "?"];
  }
}

function checkOperationSeqs(execution: ExecutionRecord, operations: OperationRecord[], say: (t: string) => void): void {
  const seqs = operations.map((r) => r.seq).sort((a, b) => a - b);
  seqs.forEach((seq, index) => {
    if (seq !== index + 1) say(`operation seq ${seq} at position ${index + 1}`);
  });
  if (operations.length !== execution.operationCount) say(`operationCount ${execution.operationCount} but ${operations.length} operations`);
}

function checkInvocations(execution: ExecutionRecord, events: HistoryEvent[], say: (t: string) => void): string[] {
  const completed = events.filter((e) => e.EventType === "InvocationCompleted");
  const details = completed.map((e) => e.InvocationCompletedDetails as { StartTimestamp: string; EndTimestamp: string; RequestId: string });
  const ids = details.map((d) => d.RequestId);
  if (new Set(ids).size !== ids.length) say(`a RequestId completed twice: ${ids.join(", ")}`);
  if (completed.length > execution.invocationCount) say(`${completed.length} InvocationCompleted for invocationCount ${execution.invocationCount}`);
  const intervals = details.map((d) => [Date.parse(d.StartTimestamp), Date.parse(d.EndTimestamp)] as const).sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < intervals.length; i++) {
    const [start, end] = intervals[i]!;
    if (!(end >= start)) say(`invocation ${i + 1} ends before it starts`);
    if (i > 0 && start < intervals[i - 1]![1]) say(`invocation starting ${new Date(start).toISOString()} overlaps the one before`);
  }
  return ids;
}
