/**
 * An execution's operations on DynamoDB: one `OP#<id>` item each on the execution's partition
 * (big bodies chunked), read with strongly consistent requests and returned in start order.
 *
 * One operation's events are read without reading the whole history. History events are stored
 * as runs (sequences.ts): the item holding EventId n is the run with the highest first id <= n,
 * found by one key-condition Query (`sk <= EV#n`, descending, Limit 1). A run usually holds
 * several of the ids wanted (the events one checkpoint wrote), so ids it covers are not asked for
 * again, and the lookups run a few at a time. A record written before operations kept their
 * eventIds falls back to reading the history and keeping the events that name the operation.
 */
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { HistoryEvent } from "../../types/wire";
import type { OperationRecord, OperationStore, OperationWithEvents } from "../types";
import { readBodies, readBody } from "./blobs";
import { EVENT_PREFIX, OP_PREFIX, executionPk, operationSk, sequenceSk } from "./keys";
import { EVENTS, readRange } from "./sequences";
import { operationFromBody } from "./items";
import { queryPages, withRetry, type Dynamo, type Item } from "./requests";

async function listOperations(db: Dynamo, executionId: string): Promise<OperationRecord[]> {
  const { items } = await queryPages(db, {
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": executionPk(executionId), ":prefix": OP_PREFIX },
    ConsistentRead: true,
  });
  const bodies = await readBodies(db, items);
  const records = items.map((head, i) => operationFromBody(executionId, head, bodies[i]!));
  return records.sort((a, b) => a.seq - b.seq || (a.operation.Id < b.operation.Id ? -1 : a.operation.Id > b.operation.Id ? 1 : 0));
}

export async function getOperation(db: Dynamo, executionId: string, operationId: string): Promise<OperationRecord | undefined> {
  const out = await withRetry(() =>
    db.doc.send(
      new GetCommand({ TableName: db.table, Key: { pk: executionPk(executionId), sk: operationSk(operationId) }, ConsistentRead: true }),
    ),
  );
  const head = out.Item as Item | undefined;
  return head && operationFromBody(executionId, head, await readBody(db, head));
}


/** Run lookups in flight at once for one operation. */
const LOOKUP_CONCURRENCY = 6;
/** Events per page of the fallback scan. */
const FALLBACK_PAGE = 1000;

async function getOperationWithEvents(db: Dynamo, executionId: string, operationId: string): Promise<OperationWithEvents | undefined> {
  const operation = await getOperation(db, executionId, operationId);
  if (!operation) return undefined;
  const events = operation.eventIds === undefined
    ? await eventsNamingOperation(db, executionId, operationId)
    : await eventsByIds(db, executionId, operation.eventIds);
  return { operation, events };
}

/** The run item holding `eventId` (the last run starting at or below it), or undefined. */
async function runHolding(db: Dynamo, executionId: string, eventId: number): Promise<Item | undefined> {
  const out = await withRetry(() =>
    db.doc.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :lo AND :hi",
        ExpressionAttributeValues: { ":pk": executionPk(executionId), ":lo": sequenceSk(EVENT_PREFIX, 0), ":hi": sequenceSk(EVENT_PREFIX, eventId) },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: 1,
      }),
    ),
  );
  return (out.Items?.[0] as Item | undefined) ?? undefined;
}

export async function eventsByIds(db: Dynamo, executionId: string, ids: readonly number[]): Promise<HistoryEvent[]> {
  const wanted = [...new Set(ids)].sort((a, b) => a - b);
  const wantedSet = new Set(wanted);
  const found = new Map<number, HistoryEvent>();
  /** [first, last] of every run read: an id inside one is settled (found, or not in the history). */
  const covered: Array<[number, number]> = [];
  const settled = (id: number) => found.has(id) || covered.some(([first, last]) => id >= first && id <= last);
  let next = 0;
  const lookups = async () => {
    while (next < wanted.length) {
      const id = wanted[next++]!;
      if (settled(id)) continue;
      const head = await runHolding(db, executionId, id);
      if (!head) continue;
      const first = head.first as number;
      const last = head.last as number;
      covered.push([first, last]);
      if (id > last) continue; // a gap: no event has this id
      for (const event of JSON.parse(await readBody(db, head)) as HistoryEvent[]) {
        if (wantedSet.has(event.EventId)) found.set(event.EventId, event);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, wanted.length) }, lookups));
  return wanted.flatMap((id) => found.get(id) ?? []);
}

async function eventsNamingOperation(db: Dynamo, executionId: string, operationId: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let after: number | undefined;
  for (;;) {
    const { records, more } = await readRange(db, EVENTS, executionId, { after, descending: false, limit: FALLBACK_PAGE });
    for (const event of records) if (event.Id === operationId) events.push(event);
    const last = records[records.length - 1];
    if (!more || !last) return events;
    after = last.EventId;
  }
}

export function dynamoOperations(db: Dynamo): OperationStore {
  return {
    list: (executionId) => listOperations(db, executionId),
    get: (executionId, operationId) => getOperation(db, executionId, operationId),
    getWithEvents: (executionId, operationId) => getOperationWithEvents(db, executionId, operationId),
  };
}
