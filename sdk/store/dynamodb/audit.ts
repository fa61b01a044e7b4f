/**
 * The audit log on DynamoDB. Each record is written as three items in one transaction:
 *
 * | item                  | pk                      | sk                   |
 * |-----------------------|-------------------------|----------------------|
 * | id guard (uniqueness) | `AUDITID#<id>`          | `AUDITID`            |
 * | in the whole log      | `AUDIT`                 | `<time>#<id>`        |
 * | in the execution's log| `AUDITX#<executionId>`  | `<time>#<id>`        |  (only with an executionId)
 *
 * `<time>` is the sortable epoch ms of keys.ts, so a descending Query is newest first by
 * (timestamp, id), ids compared by UTF-8 bytes like SQLite's BINARY collation. The record itself
 * is one JSON attribute. The log lives outside every execution partition, so the retention purge
 * of executions never touches it. One `AUDIT` partition takes every record: audit writes are
 * human-paced (console and CLI actions), far below a partition's write limit.
 *
 * Its own retention (`store.audit.purge`) reads the `AUDIT` partition oldest first and deletes each
 * record's items with BatchWriteItem, the `AUDIT` item last: a purge cut short leaves it, and the
 * next purge finds the record again and finishes it. (A TTL attribute would do this for free on
 * AWS, but needs TTL enabled on the table and DynamoDB Local never expires items; the execution
 * purge deletes explicitly too.)
 */
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { StoreError, type AuditPurgeOptions, type AuditQuery, type AuditRecord, type AuditStore, type Page } from "../types";
import { purgeInBatches } from "../purge-batches";
import { decodeAuditCursor, encodeAuditCursor, invalidCursor, type AuditCursor } from "../cursor";
import { clampLimit } from "../list-query";
import { timestampMs } from "../timestamps";
import { sortableMs, timeKey } from "./keys";
import { batchDelete, cancellationReasons, queryPages, withRetry, type Dynamo, type Key } from "./requests";

export const DEFAULT_AUDIT_LIMIT = 50;
export const MAX_AUDIT_LIMIT = 1000;
/** Records purged per round (each is up to three deletes, sent 25 to a BatchWriteItem). */
const PURGE_BATCH = 100;

const AUDIT_PK = "AUDIT";
const AUDIT_ID_SK = "AUDITID";
const auditIdPk = (id: string) => `AUDITID#${id}`;
const auditOfExecutionPk = (executionId: string) => `AUDITX#${executionId}`;

async function appendAudit(db: Dynamo, record: AuditRecord): Promise<void> {
  if (typeof record.id !== "string" || record.id === "") throw new TypeError("audit record id must be a non-empty string");
  const sk = timeKey(timestampMs("timestamp", record.timestamp), record.id);
  const json = JSON.stringify(record);
  const items = [
    { Put: { TableName: db.table, Item: { pk: auditIdPk(record.id), sk: AUDIT_ID_SK }, ConditionExpression: "attribute_not_exists(pk)" } },
    { Put: { TableName: db.table, Item: { pk: AUDIT_PK, sk, record: json } } },
  ];
  if (record.executionId !== undefined) {
    items.push({ Put: { TableName: db.table, Item: { pk: auditOfExecutionPk(record.executionId), sk, record: json } } });
  }
  try {
    await withRetry(() => db.doc.send(new TransactWriteCommand({ TransactItems: items })));
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.[0]?.Code === "ConditionalCheckFailed") throw new StoreError("CONFLICT", `audit record ${record.id} already exists`);
    throw error;
  }
}

/** The cursor's position in the partition; a time no record can have is not a cursor we made. */
function startKey(pk: string, cursor: AuditCursor): Key {
  try {
    return { pk, sk: timeKey(cursor.atMs, cursor.id) };
  } catch {
    throw invalidCursor("not a cursor returned by listAudit");
  }
}

async function listAudit(db: Dynamo, query: AuditQuery = {}): Promise<Page<AuditRecord>> {
  const limit = clampLimit(query.limit, DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT);
  const pk = query.executionId === undefined ? AUDIT_PK : auditOfExecutionPk(query.executionId);
  const cursor = query.cursor === undefined ? undefined : decodeAuditCursor(query.cursor);
  const { items } = await queryPages(
    db,
    {
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": pk },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: limit + 1,
      ExclusiveStartKey: cursor ? startKey(pk, cursor) : undefined,
    },
    (found) => found.length > limit,
  );
  const records = items.slice(0, limit).map((item) => JSON.parse(String(item.record)) as AuditRecord);
  const page: Page<AuditRecord> = { items: records };
  const last = records[records.length - 1];
  if (items.length > limit && last) page.nextCursor = encodeAuditCursor({ atMs: timestampMs("timestamp", last.timestamp), id: last.id });
  return page;
}

async function purgeAudit(db: Dynamo, options: AuditPurgeOptions): Promise<number> {
  const below = sortableMs(timestampMs("before", options.before));
  return purgeInBatches(options.limit, PURGE_BATCH, async (size) => {
    const { items } = await queryPages(
      db,
      {
        // Every key of the time `before` starts with `below#`, so `< below` is "strictly before".
        KeyConditionExpression: "pk = :pk AND sk < :below",
        ExpressionAttributeValues: { ":pk": AUDIT_PK, ":below": below },
        ScanIndexForward: true,
        ConsistentRead: true,
        Limit: size,
      },
      (found) => found.length >= size,
    );
    const oldest = items.slice(0, size);
    const others: Key[] = [];
    for (const item of oldest) {
      const record = JSON.parse(String(item.record)) as AuditRecord;
      others.push({ pk: auditIdPk(record.id), sk: AUDIT_ID_SK });
      if (record.executionId !== undefined) others.push({ pk: auditOfExecutionPk(record.executionId), sk: String(item.sk) });
    }
    await batchDelete(db, others);
    await batchDelete(db, oldest.map((item) => ({ pk: AUDIT_PK, sk: String(item.sk) })));
    return oldest.length;
  });
}

export function dynamoAudit(db: Dynamo): AuditStore {
  return {
    append: (record) => appendAudit(db, record),
    list: (query) => listAudit(db, query),
    purge: (options) => purgeAudit(db, options),
  };
}
