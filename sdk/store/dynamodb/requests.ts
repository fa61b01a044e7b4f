/**
 * Calls to DynamoDB with the retries the service asks for: throttling and transaction conflicts
 * back off exponentially (full jitter) and try again; batch calls resend what came back
 * unprocessed; queries follow LastEvaluatedKey. Everything else fails at once.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  QueryCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from "@aws-sdk/lib-dynamodb";

export type Item = Record<string, unknown>;
export type Key = { pk: string; sk: string };

const THROTTLING_ERRORS = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "TransactionInProgressException",
  "InternalServerError",
  "ServiceUnavailable",
  "LimitExceededException",
]);

/** Cancellation reasons that say "try again", not "your condition failed". */
const TRANSIENT_REASONS = new Set(["TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"]);

export interface CancellationReason {
  Code?: string;
  Message?: string;
  Item?: Item;
}

export function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if ((error as { name?: string } | null)?.name !== "TransactionCanceledException") return undefined;
  return ((error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? []) as CancellationReason[];
}

/** Throttled, or a transaction cancelled only because another one held an item. */
export function isTransient(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  if (name && THROTTLING_ERRORS.has(name)) return true;
  const reasons = cancellationReasons(error);
  if (!reasons) return false;
  const codes = reasons.map((r) => r.Code ?? "None").filter((c) => c !== "None");
  return codes.length > 0 && codes.every((c) => TRANSIENT_REASONS.has(c));
}

export const MAX_ATTEMPTS = 10;

/** 10 ms, 20 ms, 40 ms ... capped at 1.5 s, each drawn uniformly below the cap (full jitter). */
export function backoffMs(attempt: number): number {
  return Math.random() * Math.min(1500, 10 * 2 ** attempt);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `call`, retrying transient failures with backoff. */
export async function withRetry<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error) || attempt + 1 >= MAX_ATTEMPTS) throw error;
      await sleep(backoffMs(attempt));
    }
  }
}

/** The pair of clients a store talks through: the low-level one (tables) and the document one (items). */
export interface Dynamo {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  table: string;
}

/**
 * One Query, page after page, until `enough(items)` says stop or the range ends. Returns the
 * items and the LastEvaluatedKey to resume from (undefined when the range ended).
 */
export async function queryPages(
  db: Dynamo,
  input: Omit<QueryCommandInput, "TableName">,
  enough: (items: Item[]) => boolean = () => false,
): Promise<{ items: Item[]; lastKey?: Item }> {
  const items: Item[] = [];
  let startKey = input.ExclusiveStartKey;
  for (;;) {
    const page = await withRetry(() =>
      db.doc.send(new QueryCommand({ ...input, TableName: db.table, ExclusiveStartKey: startKey })),
    );
    items.push(...((page.Items ?? []) as Item[]));
    startKey = page.LastEvaluatedKey;
    if (!startKey) return { items };
    if (enough(items)) return { items, lastKey: startKey };
  }
}

/**
 * Sums `Select: COUNT` over every page; with `keep`, reads the items instead and counts those it
 * accepts (a filter DynamoDB cannot express), one page in memory at a time.
 */
export async function queryCount(
  db: Dynamo,
  input: Omit<QueryCommandInput, "TableName" | "Select">,
  keep?: (item: Item) => boolean,
): Promise<number> {
  let count = 0;
  let startKey: Item | undefined;
  do {
    const page = await withRetry(() =>
      db.doc.send(new QueryCommand({ ...input, TableName: db.table, ...(keep ? {} : { Select: "COUNT" as const }), ExclusiveStartKey: startKey })),
    );
    count += keep ? ((page.Items ?? []) as Item[]).filter(keep).length : (page.Count ?? 0);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

const BATCH_GET_MAX = 100;
const BATCH_WRITE_MAX = 25;

/** Which attributes a batchGet returns (it must name pk and sk: the result is keyed by them). */
export interface BatchGetProjection {
  expression: string;
  names?: Record<string, string>;
}

/** Strongly consistent reads of many keys; missing items are absent from the map (keyed `pk\0sk`). */
export async function batchGet(db: Dynamo, keys: Key[], projection?: BatchGetProjection): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  const unique = [...new Map(keys.map((k) => [keyId(k), k])).values()];
  const batches: Key[][] = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_MAX) batches.push(unique.slice(i, i + BATCH_GET_MAX));
  await Promise.all(
    batches.map(async (batch) => {
      let pending: Key[] = batch;
      for (let attempt = 0; pending.length > 0; attempt++) {
        const read = {
          Keys: pending,
          ConsistentRead: true,
          ...(projection && { ProjectionExpression: projection.expression }),
          ...(projection?.names && { ExpressionAttributeNames: projection.names }),
        };
        const response = await withRetry(() => db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: read } })));
        for (const item of (response.Responses?.[db.table] ?? []) as Item[]) found.set(keyId(item as Key), item);
        pending = (response.UnprocessedKeys?.[db.table]?.Keys ?? []) as Key[];
        if (pending.length > 0) {
          if (attempt + 1 >= MAX_ATTEMPTS) throw new Error(`DynamoDB left ${pending.length} keys unread after ${MAX_ATTEMPTS} tries`);
          await sleep(backoffMs(attempt));
        }
      }
    }),
  );
  return found;
}

/** Deletes keys in batches of 25, resending unprocessed ones. Not atomic (purge only). */
export async function batchDelete(db: Dynamo, keys: Key[]): Promise<void> {
  for (let i = 0; i < keys.length; i += BATCH_WRITE_MAX) {
    let requests: NonNullable<BatchWriteCommandInput["RequestItems"]>[string] = keys
      .slice(i, i + BATCH_WRITE_MAX)
      .map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      const response = await withRetry(() => db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: requests } })));
      requests = response.UnprocessedItems?.[db.table] ?? [];
      if (requests.length > 0) {
        if (attempt + 1 >= MAX_ATTEMPTS) throw new Error(`DynamoDB left ${requests.length} deletes unprocessed after ${MAX_ATTEMPTS} tries`);
        await sleep(backoffMs(attempt));
      }
    }
  }
}

export const keyId = (key: { pk: unknown; sk: unknown }) => `${String(key.pk)}\u0000${String(key.sk)}`;
