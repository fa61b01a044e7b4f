/**
 * Record builders for the store conformance suite: small, valid wire-model records with
 * defaults, so a test states only what it is about.
 */
import { randomUUID } from "node:crypto";
import type { EventType, HistoryEvent, Operation } from "../../../sdk/types/wire";
import type {
  CallbackRecord,
  DurableStore,
  ExecutionRecord,
  LogRecord,
  NewExecution,
  OperationRecord,
} from "../../../sdk/store/types";

/** A fixed instant the fixtures count from (2025-06-01T00:00:00Z). */
export const T0 = Date.parse("2025-06-01T00:00:00.000Z");

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function executionArn(functionName: string, name: string, executionId: string): string {
  return `arn:aws:lambda:local:000000000000:function:${functionName}:$LATEST/durable-execution/${name}/${executionId}`;
}

/** Id of the EXECUTION operation every fixture execution starts with. */
export const EXECUTION_OPERATION_ID = "execution";

/**
 * A new RUNNING execution with its EXECUTION operation (seq 1) and ExecutionStarted event
 * (EventId 1). Any ExecutionRecord field can be overridden.
 */
export function newExecution(overrides: Partial<ExecutionRecord> = {}): NewExecution {
  const executionId = overrides.executionId ?? randomUUID();
  const functionName = overrides.functionName ?? "orders";
  const name = overrides.name ?? executionId;
  const startTimestamp = overrides.startTimestamp ?? iso(T0);
  const inputPayload = "inputPayload" in overrides ? overrides.inputPayload : '{"orderId":42}';
  const execution: ExecutionRecord = {
    executionId,
    arn: executionArn(functionName, name, executionId),
    functionName,
    name,
    status: "RUNNING",
    startTimestamp,
    eventCount: 1,
    operationCount: 1,
    logCount: 0,
    invocationCount: 0,
    redriveCount: 0,
    version: 1,
    ...overrides,
  };
  if (inputPayload === undefined) delete execution.inputPayload;
  else execution.inputPayload = inputPayload;
  const operation: Operation = {
    Id: EXECUTION_OPERATION_ID,
    Type: "EXECUTION",
    StartTimestamp: startTimestamp,
    Status: "STARTED",
    ...(inputPayload !== undefined ? { ExecutionDetails: { InputPayload: inputPayload } } : {}),
  };
  const started: HistoryEvent = {
    EventType: "ExecutionStarted",
    EventId: 1,
    Id: EXECUTION_OPERATION_ID,
    Name: name,
    EventTimestamp: startTimestamp,
    ExecutionStartedDetails: { Input: { Payload: inputPayload } },
  };
  return { execution, operations: [{ executionId, seq: 1, operation }], events: [started] };
}

/** Creates `overrides`-shaped execution and returns its record (fails if it already existed). */
export async function createExecution(
  store: DurableStore,
  overrides: Partial<ExecutionRecord> = {},
): Promise<ExecutionRecord> {
  const { execution, created } = await store.executions.create(newExecution(overrides));
  if (!created) throw new Error(`fixture execution ${execution.executionId} already existed`);
  return execution;
}

export function stepOperation(
  executionId: string,
  seq: number,
  id: string,
  overrides: Partial<Operation> = {},
  runtime?: OperationRecord["runtime"],
): OperationRecord {
  const operation: Operation = {
    Id: id,
    Name: `step ${id}`,
    Type: "STEP",
    SubType: "Step",
    StartTimestamp: iso(T0 + seq * 1000),
    Status: "STARTED",
    StepDetails: { Attempt: 1 },
    ...overrides,
  };
  return runtime === undefined ? { executionId, seq, operation } : { executionId, seq, operation, runtime };
}

export function historyEvent(
  eventId: number,
  eventType: EventType = "StepStarted",
  extra: Partial<HistoryEvent> = {},
): HistoryEvent {
  return {
    EventType: eventType,
    EventId: eventId,
    Id: `op-${eventId}`,
    EventTimestamp: iso(T0 + eventId * 1000),
    [`${eventType}Details`]: {},
    ...extra,
  };
}

export function logRecord(executionId: string, seq: number, overrides: Partial<LogRecord> = {}): LogRecord {
  return {
    executionId,
    seq,
    timestamp: iso(T0 + seq),
    level: "INFO",
    message: `log line ${seq}`,
    ...overrides,
  };
}

/** A pending callback of function "orders" created at T0 (override anything). */
export function callbackRecord(
  executionId: string,
  operationId: string,
  callbackId: string = randomUUID(),
  overrides: Partial<CallbackRecord> = {},
): CallbackRecord {
  return { callbackId, executionId, operationId, pending: true, functionName: "orders", createdTimestamp: iso(T0), ...overrides };
}

/** Everything readable about one execution, for "nothing was written" comparisons. */
export async function readExecutionState(store: DurableStore, executionId: string, callbackIds: string[] = []) {
  const history: HistoryEvent[] = [];
  for (let after: number | undefined; ; ) {
    const page = await store.history.list(executionId, { afterEventId: after, limit: 1000 });
    history.push(...page.items);
    if (!page.nextCursor) break;
    after = Number(page.nextCursor);
  }
  const logs: LogRecord[] = [];
  for (let after: number | undefined; ; ) {
    const page = await store.logs.list(executionId, { afterSeq: after, limit: 1000 });
    logs.push(...page.items);
    if (!page.nextCursor) break;
    after = Number(page.nextCursor);
  }
  const callbacks = await Promise.all(callbackIds.map((id) => store.callbacks.get(id)));
  return {
    execution: await store.executions.get(executionId),
    operations: await store.operations.list(executionId),
    history,
    logs,
    callbacks,
  };
}

/** Every page of a listing, following cursors. */
export async function listAll(
  store: DurableStore,
  query: Parameters<DurableStore["executions"]["list"]>[0],
): Promise<{ items: ExecutionRecord[]; pages: number }> {
  const items: ExecutionRecord[] = [];
  let pages = 0;
  for (let cursor: string | undefined; ; ) {
    const page = await store.executions.list({ ...query, cursor });
    pages += 1;
    items.push(...page.items);
    if (!page.nextCursor) return { items, pages };
    if (pages > 10_000) throw new Error("listing did not end");
    cursor = page.nextCursor;
  }
}
