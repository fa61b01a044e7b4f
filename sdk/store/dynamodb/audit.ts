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
 * human-paced (console actions), far below a partition's write limit.
 */
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { StoreError, type AuditQuery, type AuditRecord, type Page } from "../types";
import { sortableMs, timeKey } from "./keys";
import { cancellationReasons, queryPages, withRetry, type Dynamo } from "./requests";

export const DEFAULT_AUDIT_LIMIT = 50;
export const MAX_AUDIT_LIMIT = 1000;

const AUDIT_PK = "AUDIT";
const auditIdPk = (id: string) => `AUDITID#${id}`;
const auditOfExecutionPk = (executionId: string) => `AUDITX#${executionId}`;

function timestampMs(timestamp: string): number {
  const ms = Date.parse(timestamp);
  if (!Number.isFinite(ms)) throw new TypeError(`timestamp is not an ISO timestamp: ${JSON.stringify(timestamp)}`);
  return ms;
}

export async function appendAudit(db: Dynamo, record: AuditRecord): Promise<void> {
  if (typeof record.id !== "string" || record.id === "") throw new TypeError("audit record id must be a non-empty string");
  const sk = timeKey(timestampMs(record.timestamp), record.id);
  const json = JSON.stringify(record);
  const items = [
    { Put: { TableName: db.table, Item: { pk: auditIdPk(record.id), sk: "AUDITID" }, ConditionExpression: "attribute_not_exists(pk)" } },
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

interface AuditCursor {
  at: number;
  id: string;
}

function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify({ at: cursor.at, id: cursor.id }), "utf8").toString("base64url");
}

function decodeCursor(text: string): AuditCursor {
  const invalid = () => new StoreError("INVALID_CURSOR", "invalid cursor: not a cursor returned by listAudit");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== "object" || parsed === null) throw invalid();
  const { at, id } = parsed as Record<string, unknown>;
  if (!Number.isSafeInteger(at) || typeof id !== "string") throw invalid();
  const cursor = { at: at as number, id };
  if (encodeCursor(cursor) !== text) throw invalid();
  try {
    sortableMs(cursor.at);
  } catch {
    throw invalid();
  }
  return cursor;
}

export async function listAudit(db: Dynamo, query: AuditQuery = {}): Promise<Page<AuditRecord>> {
  const limit =
    query.limit === undefined ? DEFAULT_AUDIT_LIMIT : Number.isFinite(query.limit) ? Math.min(MAX_AUDIT_LIMIT, Math.max(1, Math.floor(query.limit))) : MAX_AUDIT_LIMIT;
  const pk = query.executionId === undefined ? AUDIT_PK : auditOfExecutionPk(query.executionId);
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const { items } = await queryPages(
    db,
    {
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": pk },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: limit + 1,
      ExclusiveStartKey: cursor ? { pk, sk: timeKey(cursor.at, cursor.id) } : undefined,
    },
    (found) => found.length > limit,
  );
  const records = items.slice(0, limit).map((item) => JSON.parse(String(item.record)) as AuditRecord);
  const page: Page<AuditRecord> = { items: records };
  const last = records[records.length - 1];
  if (items.length > limit && last) page.nextCursor = encodeCursor({ at: timestampMs(last.timestamp), id: last.id });
  return page;
}
