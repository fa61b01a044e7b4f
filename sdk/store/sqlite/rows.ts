/**
 * Mapping between SQLite rows and store records. NULL columns become absent fields, so a record
 * reads back exactly as it was written (no `undefined`-valued keys, no invented defaults).
 */
import type { ErrorObject, ExecutionStatus, HistoryEvent, Operation } from "../../types/wire";
import type {
  CallbackRecord,
  ExecutionPatch,
  ExecutionRecord,
  FunctionRecord,
  LogLevel,
  LogRecord,
  OperationRecord,
  PendingCallbackView,
} from "../types";
import { timestampMs } from "../timestamps";

/** Columns every execution read selects: the row plus its payloads. */
export const EXECUTION_COLUMNS = `e.*, p.input_payload, p.result, p.error`;
export const EXECUTION_FROM = `executions e LEFT JOIN execution_payloads p ON p.execution_id = e.execution_id`;

export interface ExecutionRow {
  execution_id: string;
  arn: string;
  function_name: string;
  name: string;
  status: ExecutionStatus;
  start_timestamp: string;
  start_ms: number;
  end_timestamp: string | null;
  end_ms: number | null;
  execution_timeout_seconds: number | null;
  next_wake_at: number | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
  checkpoint_token: string | null;
  event_count: number;
  operation_count: number;
  log_count: number;
  invocation_count: number;
  redrive_count: number;
  replay_of: string | null;
  parent_execution_id: string | null;
  parent_operation_id: string | null;
  follow_up_at: number | null;
  open_invocation: string | null;
  version: number;
  input_payload: string | null;
  result: string | null;
  error: string | null;
}

export function rowToExecution(row: ExecutionRow): ExecutionRecord {
  const record: ExecutionRecord = {
    executionId: row.execution_id,
    arn: row.arn,
    functionName: row.function_name,
    name: row.name,
    status: row.status,
    startTimestamp: row.start_timestamp,
    eventCount: row.event_count,
    operationCount: row.operation_count,
    logCount: row.log_count,
    invocationCount: row.invocation_count,
    redriveCount: row.redrive_count,
    version: row.version,
  };
  if (row.input_payload !== null) record.inputPayload = row.input_payload;
  if (row.result !== null) record.result = row.result;
  if (row.error !== null) record.error = JSON.parse(row.error) as ErrorObject;
  if (row.end_timestamp !== null) record.endTimestamp = row.end_timestamp;
  if (row.execution_timeout_seconds !== null) record.executionTimeoutSeconds = row.execution_timeout_seconds;
  if (row.next_wake_at !== null) record.nextWakeAt = row.next_wake_at;
  if (row.lease_owner !== null) record.leaseOwner = row.lease_owner;
  if (row.lease_expires_at !== null) record.leaseExpiresAt = row.lease_expires_at;
  if (row.checkpoint_token !== null) record.checkpointToken = row.checkpoint_token;
  if (row.replay_of !== null) record.replayOf = row.replay_of;
  if (row.follow_up_at !== null) record.followUpAt = row.follow_up_at;
  if (row.open_invocation !== null) record.openInvocation = JSON.parse(row.open_invocation) as ExecutionRecord["openInvocation"];
  if (row.parent_execution_id !== null && row.parent_operation_id !== null) {
    record.parent = { executionId: row.parent_execution_id, operationId: row.parent_operation_id };
  }
  return record;
}


export function startMsOf(startTimestamp: string): number {
  return timestampMs("startTimestamp", startTimestamp);
}

type PatchKey = keyof ExecutionPatch;

/**
 * How each patchable field maps to columns. `columns` of the `executions` table, in the order
 * `values` returns them. Payload fields are written to `execution_payloads` instead.
 */
interface ExecutionColumnField {
  field: PatchKey;
  columns: string[];
  values: (record: ExecutionRecord) => unknown[];
}

const plain = (field: PatchKey, column: string): ExecutionColumnField => ({
  field,
  columns: [column],
  values: (record) => [record[field] ?? null],
});

/** Fields stored in the executions row, in the canonical order used to key cached UPDATEs. */
export const EXECUTION_COLUMN_FIELDS: readonly ExecutionColumnField[] = [
  plain("arn", "arn"),
  plain("functionName", "function_name"),
  plain("name", "name"),
  plain("status", "status"),
  {
    field: "startTimestamp",
    columns: ["start_timestamp", "start_ms"],
    values: (record) => [record.startTimestamp, startMsOf(record.startTimestamp)],
  },
  {
    field: "endTimestamp",
    columns: ["end_timestamp", "end_ms"],
    values: (record) =>
      record.endTimestamp === undefined ? [null, null] : [record.endTimestamp, timestampMs("endTimestamp", record.endTimestamp)],
  },
  plain("executionTimeoutSeconds", "execution_timeout_seconds"),
  plain("nextWakeAt", "next_wake_at"),
  plain("leaseOwner", "lease_owner"),
  plain("leaseExpiresAt", "lease_expires_at"),
  plain("checkpointToken", "checkpoint_token"),
  plain("eventCount", "event_count"),
  plain("operationCount", "operation_count"),
  plain("logCount", "log_count"),
  plain("invocationCount", "invocation_count"),
  plain("redriveCount", "redrive_count"),
  plain("replayOf", "replay_of"),
  {
    field: "parent",
    columns: ["parent_execution_id", "parent_operation_id"],
    values: (record) => [record.parent?.executionId ?? null, record.parent?.operationId ?? null],
  },
  plain("followUpAt", "follow_up_at"),
  {
    field: "openInvocation",
    columns: ["open_invocation"],
    values: (record) => [record.openInvocation === undefined ? null : JSON.stringify(record.openInvocation)],
  },
];

export const PAYLOAD_FIELDS: readonly PatchKey[] = ["inputPayload", "result", "error"];

/** Values for `execution_payloads (input_payload, result, error)`. */
export function payloadValues(record: ExecutionRecord): [string | null, string | null, string | null] {
  return [
    record.inputPayload ?? null,
    record.result ?? null,
    record.error === undefined ? null : JSON.stringify(record.error),
  ];
}

/** Values for a full executions row, in `INSERT_EXECUTION_COLUMNS` order. */
export const INSERT_EXECUTION_COLUMNS = ["execution_id", ...EXECUTION_COLUMN_FIELDS.flatMap((f) => f.columns), "version"];
export function executionRowValues(record: ExecutionRecord): unknown[] {
  const values: unknown[] = [record.executionId];
  for (const f of EXECUTION_COLUMN_FIELDS) values.push(...f.values(record));
  values.push(record.version);
  return values;
}

export interface OperationRow {
  execution_id: string;
  seq: number;
  operation: string;
  timers: string | null;
  event_ids: string | null;
}

export function rowToOperation(row: OperationRow): OperationRecord {
  const record: OperationRecord = {
    executionId: row.execution_id,
    seq: row.seq,
    operation: JSON.parse(row.operation) as Operation,
  };
  // The column keeps its first name (`timers`), so files written by earlier versions read unchanged.
  if (row.timers !== null) record.runtime = JSON.parse(row.timers) as OperationRecord["runtime"];
  if (row.event_ids !== null) record.eventIds = JSON.parse(row.event_ids) as number[];
  return record;
}

/** The rows of `listOperations` (seq, operation, timers, event_ids as arrays), all of one execution. */
export function rowsToOperations(executionId: string, rows: Array<[number, string, string | null, string | null]>): OperationRecord[] {
  return rows.map(([seq, operation, timers, eventIds]) =>
    rowToOperation({ execution_id: executionId, seq, operation, timers, event_ids: eventIds }),
  );
}

export function rowToEvent(row: { event: string }): HistoryEvent {
  return JSON.parse(row.event) as HistoryEvent;
}

export interface LogRow {
  execution_id: string;
  seq: number;
  timestamp: string;
  level: LogLevel;
  message: string;
  data: string | null;
  operation_id: string | null;
  operation_name: string | null;
  attempt: number | null;
  request_id: string | null;
}

export function rowToLog(row: LogRow): LogRecord {
  const record: LogRecord = {
    executionId: row.execution_id,
    seq: row.seq,
    timestamp: row.timestamp,
    level: row.level,
    message: row.message,
  };
  if (row.data !== null) record.data = row.data;
  if (row.operation_id !== null) record.operationId = row.operation_id;
  if (row.operation_name !== null) record.operationName = row.operation_name;
  if (row.attempt !== null) record.attempt = row.attempt;
  if (row.request_id !== null) record.requestId = row.request_id;
  return record;
}

export function logValues(log: LogRecord): unknown[] {
  return [
    log.executionId,
    log.seq,
    log.timestamp,
    log.level,
    log.message,
    log.data ?? null,
    log.operationId ?? null,
    log.operationName ?? null,
    log.attempt ?? null,
    log.requestId ?? null,
  ];
}

export interface CallbackRow {
  callback_id: string;
  execution_id: string;
  operation_id: string;
  pending: number;
  function_name: string;
  name: string | null;
  parent_operation_id: string | null;
  created_at: string;
  created_ms: number;
  timeout_at: number | null;
  heartbeat_deadline_at: number | null;
  answer_schema: string | null;
}

export const CALLBACK_COLUMNS = [
  "callback_id",
  "execution_id",
  "operation_id",
  "pending",
  "function_name",
  "name",
  "parent_operation_id",
  "created_at",
  "created_ms",
  "timeout_at",
  "heartbeat_deadline_at",
  "answer_schema",
] as const;

/** Values in CALLBACK_COLUMNS order. */
export function callbackValues(record: CallbackRecord): unknown[] {
  return [
    record.callbackId,
    record.executionId,
    record.operationId,
    record.pending ? 1 : 0,
    record.functionName,
    record.name ?? null,
    record.parentOperationId ?? null,
    record.createdTimestamp,
    timestampMs("createdTimestamp", record.createdTimestamp),
    record.timeoutAt ?? null,
    record.heartbeatDeadlineAt ?? null,
    record.answerSchema ?? null,
  ];
}

export function rowToCallback(row: CallbackRow): CallbackRecord {
  const record: CallbackRecord = {
    callbackId: row.callback_id,
    executionId: row.execution_id,
    operationId: row.operation_id,
    pending: row.pending === 1,
    functionName: row.function_name,
    createdTimestamp: row.created_at,
  };
  if (row.name !== null) record.name = row.name;
  if (row.parent_operation_id !== null) record.parentOperationId = row.parent_operation_id;
  if (row.timeout_at !== null) record.timeoutAt = row.timeout_at;
  if (row.heartbeat_deadline_at !== null) record.heartbeatDeadlineAt = row.heartbeat_deadline_at;
  if (row.answer_schema !== null && row.answer_schema !== undefined) record.answerSchema = row.answer_schema;
  return record;
}

export function rowToPendingCallback(row: CallbackRow & { execution_name: string }): PendingCallbackView {
  return { ...rowToCallback(row), executionName: row.execution_name };
}

export interface FunctionRow {
  name: string;
  kind: FunctionRecord["kind"];
  description: string | null;
  sample_input: string | null;
  execution_timeout_seconds: number | null;
  registered_at: string;
  last_seen_at: string;
}

export function rowToFunction(row: FunctionRow): FunctionRecord {
  const record: FunctionRecord = { name: row.name, kind: row.kind, registeredTimestamp: row.registered_at, lastSeenTimestamp: row.last_seen_at };
  if (row.description !== null) record.description = row.description;
  if (row.sample_input !== null) record.sampleInput = row.sample_input;
  if (row.execution_timeout_seconds !== null) record.executionTimeoutSeconds = row.execution_timeout_seconds;
  return record;
}
