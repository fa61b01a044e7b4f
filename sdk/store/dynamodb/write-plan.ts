/**
 * Turns one executions.create or one transact into ONE TransactWriteItems: the execution item
 * (conditioned on its version, and on the checkpoint token when one was given), payloads,
 * operations, events and logs (each new event and log conditioned on not existing), callbacks,
 * the name item and a status counter. A change DynamoDB cannot take in one transaction (over 100
 * items or 4 MB) is refused whole with TransactionTooLargeError: a checkpoint is never split.
 */
import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import {
  StoreError,
  type CallbackPatch,
  type ExecutionMutation,
  type ExecutionRecord,
  type NewExecution,
} from "../types";
import { CALLBACK_SK, COUNTER_SHARDS, COUNTER_SK, INDEX, NAME_SK, callbackPk, counterAttribute, counterPk, namePk } from "./keys";
import { chunkKeysOf, isChunked, type BlobItems } from "./blobs";
import { callbackItem, executionItem, operationItems, type ExecutionItemExtras } from "./items";
import { PAYLOAD_PARTS, partHasData, partItems, partKey, partPatched } from "./payloads";
import { EVENTS, LOGS, runItems, runsOf, type SequenceKind } from "./sequences";
import type { Item, Key } from "./requests";

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** What a transaction item is for, to read its cancellation reason. */
export type Role =
  | { kind: "execution" }
  | { kind: "name" }
  | { kind: "event"; eventId: number }
  | { kind: "log"; seq: number }
  | { kind: "callbackPatch"; callbackId: string }
  | { kind: "other" };

export const MAX_TRANSACTION_ITEMS = 100;
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;

/** A change that does not fit in one DynamoDB transaction. Nothing was written. */
export class TransactionTooLargeError extends Error {
  constructor(
    readonly executionId: string,
    readonly items: number,
    readonly bytes: number,
  ) {
    super(
      `the change to execution ${executionId} needs ${items} items and about ${Math.ceil(bytes / 1024)} KB in one ` +
        `DynamoDB transaction, more than its limit of ${MAX_TRANSACTION_ITEMS} items and 4 MB; it was not written ` +
        `(a checkpoint is never split): checkpoint fewer operations or logs at a time`,
    );
    this.name = "TransactionTooLargeError";
  }
}

export interface WritePlan {
  items: TransactItem[];
  roles: Role[];
}

/** The old heads a transact read (payload parts by sk, operations by id), whose chunks a rewrite makes garbage. */
export interface ReadHeads {
  parts: Map<string, Item>;
  operations: Map<string, Item>;
}

class PlanBuilder {
  readonly items: TransactItem[] = [];
  readonly roles: Role[] = [];
  readonly cleanup: Key[] = [];
  private bytes = 0;

  constructor(
    private readonly table: string,
    private readonly executionId: string,
  ) {}

  put(item: Item, role: Role = { kind: "other" }, condition?: Omit<NonNullable<TransactItem["Put"]>, "TableName" | "Item">): void {
    this.items.push({ Put: { TableName: this.table, Item: item, ...condition } });
    this.roles.push(role);
    this.bytes += itemBytes(item);
  }

  blob(blob: BlobItems, role: Role = { kind: "other" }, mustBeNew = false): void {
    this.put(blob.head, role, mustBeNew ? { ConditionExpression: "attribute_not_exists(pk)" } : undefined);
    for (const chunk of blob.chunks) this.put(chunk);
  }

  update(update: Omit<NonNullable<TransactItem["Update"]>, "TableName">, role: Role = { kind: "other" }): void {
    this.items.push({ Update: { TableName: this.table, ...update } });
    this.roles.push(role);
    this.bytes += itemBytes(update.Key as Item) + 200;
  }

  delete(del: Omit<NonNullable<TransactItem["Delete"]>, "TableName">, role: Role = { kind: "other" }): void {
    this.items.push({ Delete: { TableName: this.table, ...del } });
    this.roles.push(role);
    this.bytes += itemBytes(del.Key as Item);
  }

  conditionCheck(check: Omit<NonNullable<TransactItem["ConditionCheck"]>, "TableName">, role: Role): void {
    this.items.push({ ConditionCheck: { TableName: this.table, ...check } });
    this.roles.push(role);
    this.bytes += itemBytes(check.Key as Item);
  }

  /** Checks the limits, then adds as many garbage-chunk deletes as still fit. */
  finish(): WritePlan {
    if (this.items.length > MAX_TRANSACTION_ITEMS || this.bytes > MAX_TRANSACTION_BYTES) {
      throw new TransactionTooLargeError(this.executionId, this.items.length, this.bytes);
    }
    for (const key of this.cleanup) {
      if (this.items.length >= MAX_TRANSACTION_ITEMS) break;
      this.delete({ Key: key });
    }
    return { items: this.items, roles: this.roles };
  }
}

/** Rough DynamoDB size of an item: attribute names plus values (strings and binaries by bytes). */
export function itemBytes(value: unknown): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === "string") return Buffer.byteLength(value, "utf8");
  if (typeof value === "number") return 21;
  if (typeof value === "boolean") return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + itemBytes(v), 0);
  if (typeof value === "object") {
    let size = 3;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) size += Buffer.byteLength(k, "utf8") + 1 + itemBytes(v);
    return size;
  }
  return 8;
}

function sameExecution(executionId: string, recordExecutionId: string, what: string): void {
  if (recordExecutionId !== executionId) {
    throw new TypeError(`a ${what} of execution ${recordExecutionId} cannot be written by a transact on ${executionId}`);
  }
}

function checkEventIds(mutation: Pick<ExecutionMutation, "events" | "logs">, executionId: string): void {
  const eventIds = new Set<number>();
  for (const event of mutation.events ?? []) {
    if (!Number.isSafeInteger(event.EventId) || event.EventId < 1) {
      throw new TypeError(`EventId must be a positive integer, got ${String(event.EventId)}`);
    }
    if (eventIds.has(event.EventId)) throw new StoreError("CONFLICT", `event ${event.EventId} already exists in execution ${executionId}`);
    eventIds.add(event.EventId);
  }
  const seqs = new Set<number>();
  for (const log of mutation.logs ?? []) {
    sameExecution(executionId, log.executionId, "log");
    if (seqs.has(log.seq)) throw new StoreError("CONFLICT", `log ${log.seq} already exists in execution ${executionId}`);
    seqs.add(log.seq);
  }
}

export function counterUpdate(from: ExecutionRecord | undefined, to: ExecutionRecord | undefined): Omit<NonNullable<TransactItem["Update"]>, "TableName"> | undefined {
  const before = from && counterAttribute(from.status, from.functionName);
  const after = to && counterAttribute(to.status, to.functionName);
  if (before === after) return undefined;
  const adds: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  if (before) {
    adds.push("#before :minus");
    names["#before"] = before;
    values[":minus"] = -1;
  }
  if (after) {
    adds.push("#after :plus");
    names["#after"] = after;
    values[":plus"] = 1;
  }
  return {
    Key: { pk: counterPk(Math.floor(Math.random() * COUNTER_SHARDS)), sk: COUNTER_SK },
    UpdateExpression: `ADD ${adds.join(", ")}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** The writes of executions.create: the name item and the execution item must both be new. */
export function planCreate(table: string, input: NewExecution): WritePlan {
  const { execution } = input;
  const id = execution.executionId;
  const plan = new PlanBuilder(table, id);
  for (const op of input.operations) sameExecution(id, op.executionId, "operation");
  checkEventIds({ events: input.events }, id);
  const gen = execution.version;
  plan.put({ pk: namePk(execution.functionName, execution.name), sk: NAME_SK, executionId: id }, { kind: "name" }, {
    ConditionExpression: "attribute_not_exists(pk)",
  });
  const extras: ExecutionItemExtras = { maxEventId: maxId(EVENTS, input.events, undefined) };
  for (const part of PAYLOAD_PARTS) if (partHasData(part, execution)) extras[part.genAttribute] = gen;
  plan.put(executionItem(execution, extras), { kind: "execution" }, {
    ConditionExpression: "attribute_not_exists(pk)",
  });
  for (const part of PAYLOAD_PARTS) if (partHasData(part, execution)) plan.blob(partItems(part, execution, gen));
  for (const op of lastById(input.operations)) plan.blob(operationItems(op, gen));
  addRuns(plan, EVENTS, id, input.events, gen);
  const counter = counterUpdate(undefined, execution);
  if (counter) plan.update(counter);
  return plan.finish();
}

/** One item per run of consecutive ids; a run's first id must not be taken yet. */
function addRuns<T>(plan: PlanBuilder, kind: SequenceKind<T>, executionId: string, records: readonly T[], gen: number): void {
  for (const run of runsOf(kind, records)) {
    const first = kind.idOf(run[0]!);
    const role: Role = kind === (EVENTS as SequenceKind<unknown>) ? { kind: "event", eventId: first } : { kind: "log", seq: first };
    plan.blob(runItems(kind, executionId, run, gen), role, true);
  }
}

function maxId<T>(kind: SequenceKind<T>, records: readonly T[] | undefined, current: number | undefined): number | undefined {
  let max = current;
  for (const record of records ?? []) max = Math.max(max ?? 0, kind.idOf(record));
  return max;
}

/** Operations by id, the last write of an id winning (as an upsert would). */
function lastById<T extends { operation: { Id: string } }>(records: T[]): T[] {
  return [...new Map(records.map((r) => [r.operation.Id, r])).values()];
}

export interface TransactPlanInput {
  table: string;
  current: ExecutionRecord;
  /** What the execution item held beside the record, as read. */
  currentExtras: ExecutionItemExtras;
  next: ExecutionRecord;
  mutation: ExecutionMutation;
  checkpointToken?: string;
  heads: ReadHeads;
}

export function planTransact(input: TransactPlanInput): WritePlan {
  const { table, current, next, mutation } = input;
  const id = current.executionId;
  const plan = new PlanBuilder(table, id);
  const gen = next.version;
  checkEventIds(mutation, id);

  // Payload parts: rewritten only when the patch names one of their fields.
  const patch = mutation.execution ?? {};
  const extras: ExecutionItemExtras = {
    maxEventId: maxId(EVENTS, mutation.events, input.currentExtras.maxEventId),
    maxLogSeq: maxId(LOGS, mutation.logs, input.currentExtras.maxLogSeq),
  };
  const rewrittenParts = PAYLOAD_PARTS.filter((part) => partPatched(part, patch));
  for (const part of PAYLOAD_PARTS) {
    if (!rewrittenParts.includes(part)) extras[part.genAttribute] = input.currentExtras[part.genAttribute];
    else if (partHasData(part, next)) extras[part.genAttribute] = gen;
  }

  const values: Record<string, unknown> = { ":version": current.version };
  let condition = "#version = :version";
  if (input.checkpointToken !== undefined) {
    condition += " AND #token = :token";
    values[":token"] = input.checkpointToken;
  }
  plan.put(executionItem(next, extras), { kind: "execution" }, {
    ConditionExpression: condition,
    ExpressionAttributeNames: { "#version": "version", ...(input.checkpointToken !== undefined ? { "#token": "checkpointToken" } : {}) },
    ExpressionAttributeValues: values,
  });
  for (const part of rewrittenParts) {
    if (extras[part.genAttribute] !== undefined) plan.blob(partItems(part, next, gen));
    else if (input.currentExtras[part.genAttribute] !== undefined) plan.delete({ Key: partKey(part, id) });
    const old = input.heads.parts.get(part.sk);
    if (old && isChunked(old)) plan.cleanup.push(...chunkKeysOf(old));
  }

  const nameChanged = next.functionName !== current.functionName || next.name !== current.name;
  if (nameChanged) {
    plan.delete(
      {
        Key: { pk: namePk(current.functionName, current.name), sk: NAME_SK },
        ConditionExpression: "executionId = :id",
        ExpressionAttributeValues: { ":id": id },
      },
      { kind: "name" },
    );
    plan.put({ pk: namePk(next.functionName, next.name), sk: NAME_SK, executionId: id }, { kind: "name" }, {
      ConditionExpression: "attribute_not_exists(pk)",
    });
  }

  for (const op of lastById(mutation.putOperations ?? [])) {
    sameExecution(id, op.executionId, "operation");
    plan.blob(operationItems(op, gen));
    const old = input.heads.operations.get(op.operation.Id);
    if (old && isChunked(old)) plan.cleanup.push(...chunkKeysOf(old));
  }
  addRuns(plan, EVENTS, id, mutation.events ?? [], gen);
  addRuns(plan, LOGS, id, mutation.logs ?? [], gen);

  const patched = new Set((mutation.patchCallbacks ?? []).map((p) => p.callbackId));
  for (const callback of mutation.putCallbacks ?? []) {
    sameExecution(id, callback.executionId, "callback");
    if (patched.has(callback.callbackId)) {
      throw new TypeError(`callback ${callback.callbackId} appears in both putCallbacks and patchCallbacks of one mutation`);
    }
    plan.put(callbackItem(callback));
  }
  for (const patchOne of mutation.patchCallbacks ?? []) addCallbackPatch(plan, id, patchOne);

  const counter = counterUpdate(current, next);
  if (counter) plan.update(counter);
  return plan.finish();
}

/** Changes only what the patch names; the condition makes "not this execution's callback" a CONFLICT. */
function addCallbackPatch(plan: PlanBuilder, executionId: string, patch: CallbackPatch): void {
  const key = { pk: callbackPk(patch.callbackId), sk: CALLBACK_SK };
  const role: Role = { kind: "callbackPatch", callbackId: patch.callbackId };
  const sets: string[] = [];
  const removes: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":executionId": executionId };
  if (patch.pending !== undefined) {
    sets.push("#pending = :pending");
    names["#pending"] = "pending";
    values[":pending"] = patch.pending;
    const gsi = [INDEX.byStatus.pk, INDEX.byStatus.sk, INDEX.byFunctionStatus.pk, INDEX.byFunctionStatus.sk];
    gsi.forEach((attribute, i) => (names[`#g${i}`] = attribute));
    if (patch.pending) {
      Object.assign(names, { "#p1": "pendingPk1", "#p2": "pendingPk2", "#ps": "pendingSk" });
      sets.push("#g0 = #p1", "#g1 = #ps", "#g2 = #p2", "#g3 = #ps");
    } else {
      removes.push("#g0", "#g1", "#g2", "#g3");
    }
  }
  if (patch.heartbeatDeadlineAt !== undefined) {
    names["#heartbeat"] = "heartbeatDeadlineAt";
    if (patch.heartbeatDeadlineAt === null) removes.push("#heartbeat");
    else {
      sets.push("#heartbeat = :heartbeat");
      values[":heartbeat"] = patch.heartbeatDeadlineAt;
    }
  }
  const condition = "executionId = :executionId";
  if (sets.length === 0 && removes.length === 0) {
    plan.conditionCheck({ Key: key, ConditionExpression: condition, ExpressionAttributeValues: values }, role);
    return;
  }
  const expression = [sets.length ? `SET ${sets.join(", ")}` : "", removes.length ? `REMOVE ${removes.join(", ")}` : ""].filter(Boolean).join(" ");
  plan.update(
    { Key: key, UpdateExpression: expression, ConditionExpression: condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values },
    role,
  );
}
