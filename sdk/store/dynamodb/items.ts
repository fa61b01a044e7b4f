/**
 * Records <-> DynamoDB items. Executions and callbacks are stored as native attributes (their
 * GSI keys and conditions need them); operations as one JSON body each, events and logs as
 * runs (sequences.ts), all bodies chunked past the inline limit (blobs.ts). Absent optional fields are absent attributes, so a record reads back exactly as
 * written.
 */
import type { ExecutionStatus, Operation } from "../../types/wire";
import type { CallbackRecord, ExecutionRecord, FunctionRecord, OperationRecord } from "../types";
import { timestampMs } from "../timestamps";
import {
  CALLBACK_SK,
  EXEC_SK,
  INDEX,
  callbackPk,
  callbacksOfExecutionPartition,
  duePartition,
  endedPartition,
  followUpPartition,
  executionPk,
  functionStatusPartition,
  operationSk,
  pendingOfFunctionPartition,
  pendingPartition,
  shardOf,
  statusPartition,
  timeKey,
} from "./keys";
import { blobItems, type BlobItems } from "./blobs";
import type { Payloads } from "./payloads";
import type { Item } from "./requests";

/** ExecutionRecord fields kept as attributes of the execution item (payloads live beside it). */
const EXECUTION_FIELDS = [
  "executionId",
  "arn",
  "functionName",
  "name",
  "status",
  "startTimestamp",
  "endTimestamp",
  "executionTimeoutSeconds",
  "nextWakeAt",
  "leaseOwner",
  "leaseExpiresAt",
  "checkpointToken",
  "eventCount",
  "operationCount",
  "logCount",
  "invocationCount",
  "redriveCount",
  "replayOf",
  "parent",
  "followUpAt",
  "openInvocation",
  "version",
] as const;

/** The GSI attributes an execution item carries, all derived from the record. */
export function executionIndexKeys(record: ExecutionRecord): Item {
  const startKey = timeKey(timestampMs("startTimestamp", record.startTimestamp), record.executionId);
  const keys: Item = {
    [INDEX.byStatus.pk]: statusPartition(record.status),
    [INDEX.byStatus.sk]: startKey,
    [INDEX.byFunctionStatus.pk]: functionStatusPartition(record.functionName, record.status),
    [INDEX.byFunctionStatus.sk]: startKey,
  };
  const shard = shardOf(record.executionId);
  if (record.status === "RUNNING") {
    if (record.nextWakeAt !== undefined) {
      keys[INDEX.timers.pk] = duePartition(shard);
      keys[INDEX.timers.sk] = timeKey(record.nextWakeAt, record.executionId);
    }
  } else if (record.followUpAt !== undefined) {
    // Not yet a purge candidate: its follow-up (answer the parent, stop the children) is owed.
    keys[INDEX.timers.pk] = followUpPartition(shard);
    keys[INDEX.timers.sk] = timeKey(record.followUpAt, record.executionId);
  } else if (record.endTimestamp !== undefined) {
    keys[INDEX.timers.pk] = endedPartition(shard);
    keys[INDEX.timers.sk] = timeKey(timestampMs("endTimestamp", record.endTimestamp), record.executionId);
  }
  return keys;
}

/**
 * What the execution item keeps beside the record: the generations of its payload parts
 * (payloads.ts) and the highest EventId and log seq written (sequences.ts).
 */
export interface ExecutionItemExtras {
  inputGen?: number;
  outputGen?: number;
  maxEventId?: number;
  maxLogSeq?: number;
}

const EXTRA_KEYS = ["inputGen", "outputGen", "maxEventId", "maxLogSeq"] as const;

export function extrasOf(item: Item): ExecutionItemExtras {
  const extras: ExecutionItemExtras = {};
  for (const key of EXTRA_KEYS) if (typeof item[key] === "number") extras[key] = item[key];
  return extras;
}

export function executionItem(record: ExecutionRecord, extras: ExecutionItemExtras): Item {
  const item: Item = { pk: executionPk(record.executionId), sk: EXEC_SK };
  for (const field of EXECUTION_FIELDS) {
    const value = record[field];
    if (value !== undefined) item[field] = typeof value === "object" ? { ...(value as object) } : value;
  }
  for (const [key, value] of Object.entries(extras)) if (value !== undefined) item[key] = value;
  return { ...item, ...executionIndexKeys(record) };
}

/** The execution record of an item, with its payloads (read from its IN and OUT items). */
export function executionFromItem(item: Item, payloads: Payloads | undefined): ExecutionRecord {
  const record: Record<string, unknown> = {};
  for (const field of EXECUTION_FIELDS) {
    if (item[field] !== undefined) record[field] = item[field];
  }
  if (payloads?.inputPayload !== undefined) record.inputPayload = payloads.inputPayload;
  if (payloads?.result !== undefined) record.result = payloads.result;
  if (payloads?.error !== undefined) record.error = payloads.error;
  return record as unknown as ExecutionRecord;
}

/**
 * An operation's body: `o` the wire Operation, `t` its runtime state (the key dates from when
 * that field was called `timers`; kept so tables written before read unchanged), `e` its
 * eventIds (beside `o`, never in it). In the body rather than a list attribute so a long list is
 * chunked like any big body.
 */
interface OperationBody {
  o: Operation;
  t?: OperationRecord["runtime"];
  e?: number[];
}

export function operationItems(record: OperationRecord, gen: number): BlobItems {
  const body: OperationBody = { o: record.operation };
  if (record.runtime !== undefined) body.t = record.runtime;
  if (record.eventIds !== undefined) {
    for (const id of record.eventIds) {
      if (!Number.isSafeInteger(id) || id < 1) throw new TypeError(`eventIds must hold positive integers, got ${String(id)}`);
    }
    body.e = record.eventIds;
  }
  return blobItems({ pk: executionPk(record.executionId), sk: operationSk(record.operation.Id) }, { seq: record.seq }, JSON.stringify(body), gen);
}

export function operationFromBody(executionId: string, head: Item, body: string): OperationRecord {
  const parsed = JSON.parse(body) as OperationBody;
  const record: OperationRecord = { executionId, seq: head.seq as number, operation: parsed.o };
  if (parsed.t !== undefined) record.runtime = parsed.t;
  if (parsed.e !== undefined) record.eventIds = parsed.e;
  return record;
}

/**
 * Item attributes named otherwise than their record fields: the fields were renamed to say their
 * unit (`…Timestamp` is an ISO string, `…At` epoch ms), and tables written before keep their
 * attribute names, so the items are written and read under the old ones.
 */
const ATTRIBUTE_OF_FIELD: Readonly<Record<string, string>> = {
  createdTimestamp: "createdAt",
  registeredTimestamp: "registeredAt",
  lastSeenTimestamp: "lastSeenAt",
};

/** The item attribute that holds a record field. */
export function attributeOf(field: string): string {
  return ATTRIBUTE_OF_FIELD[field] ?? field;
}

const CALLBACK_FIELDS = [
  "callbackId",
  "executionId",
  "operationId",
  "pending",
  "functionName",
  "name",
  "parentOperationId",
  "createdTimestamp",
  "timeoutAt",
  "heartbeatDeadlineAt",
  "answerSchema",
] as const;

/**
 * The callback item. `pendingPk1/2` and `pendingSk` hold what the GSI keys are while the
 * callback is pending, so a patch can switch the sparse index on and off (SET gsi1pk = pendingPk1)
 * without knowing the function or the creation time.
 */
export function callbackItem(record: CallbackRecord): Item {
  const item: Item = { pk: callbackPk(record.callbackId), sk: CALLBACK_SK };
  for (const field of CALLBACK_FIELDS) if (record[field] !== undefined) item[attributeOf(field)] = record[field];
  const pendingSk = timeKey(timestampMs("createdTimestamp", record.createdTimestamp), record.callbackId);
  item.pendingPk1 = pendingPartition(shardOf(record.callbackId));
  item.pendingPk2 = pendingOfFunctionPartition(record.functionName);
  item.pendingSk = pendingSk;
  // Always indexed by execution, so a purge finds every callback an execution ever had.
  item[INDEX.timers.pk] = callbacksOfExecutionPartition(record.executionId);
  item[INDEX.timers.sk] = record.callbackId;
  if (record.pending) {
    item[INDEX.byStatus.pk] = item.pendingPk1;
    item[INDEX.byStatus.sk] = pendingSk;
    item[INDEX.byFunctionStatus.pk] = item.pendingPk2;
    item[INDEX.byFunctionStatus.sk] = pendingSk;
  }
  return item;
}

export function callbackFromItem(item: Item): CallbackRecord {
  const record: Record<string, unknown> = {};
  for (const field of CALLBACK_FIELDS) if (item[attributeOf(field)] !== undefined) record[field] = item[attributeOf(field)];
  return record as unknown as CallbackRecord;
}

const FUNCTION_FIELDS = ["name", "kind", "description", "sampleInput", "executionTimeoutSeconds", "registeredTimestamp", "lastSeenTimestamp"] as const;

export function functionFromItem(item: Item): FunctionRecord {
  const record: Record<string, unknown> = {};
  for (const field of FUNCTION_FIELDS) if (item[attributeOf(field)] !== undefined) record[field] = item[attributeOf(field)];
  return record as unknown as FunctionRecord;
}

export function statusOf(item: Item): ExecutionStatus {
  return item.status as ExecutionStatus;
}
