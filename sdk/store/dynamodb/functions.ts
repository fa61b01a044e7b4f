/**
 * Registered functions on DynamoDB: one item per function in the `FUNCS` partition, sorted by
 * name (byte order, as SQLite's BINARY collation). An upsert keeps the first registeredTimestamp.
 */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { FunctionRecord, FunctionStore } from "../types";
import { FUNCTIONS_PK } from "./keys";
import { attributeOf, functionFromItem } from "./items";
import { queryPages, withRetry, type Dynamo, type Item } from "./requests";

async function putFunctions(db: Dynamo, records: FunctionRecord[]): Promise<void> {
  for (const r of records) {
    if (r.kind !== "durable" && r.kind !== "plain") throw new TypeError(`function kind must be durable or plain, got ${String(r.kind)}`);
  }
  await Promise.all(records.map((r) => withRetry(() => db.doc.send(upsert(db.table, r)))));
}

function upsert(table: string, r: FunctionRecord): UpdateCommand {
  const sets = ["#name = :name", "#kind = :kind", "#lastSeenTimestamp = :lastSeenTimestamp", "#registeredTimestamp = if_not_exists(#registeredTimestamp, :registeredTimestamp)"];
  const removes: string[] = [];
  const names: Record<string, string> = {
    "#name": "name",
    "#kind": "kind",
    "#lastSeenTimestamp": attributeOf("lastSeenTimestamp"),
    "#registeredTimestamp": attributeOf("registeredTimestamp"),
    "#description": "description",
    "#sampleInput": "sampleInput",
    "#timeout": "executionTimeoutSeconds",
  };
  const values: Record<string, unknown> = { ":name": r.name, ":kind": r.kind, ":lastSeenTimestamp": r.lastSeenTimestamp, ":registeredTimestamp": r.registeredTimestamp };
  if (r.description !== undefined) {
    sets.push("#description = :description");
    values[":description"] = r.description;
  } else removes.push("#description");
  if (r.sampleInput !== undefined) {
    sets.push("#sampleInput = :sampleInput");
    values[":sampleInput"] = r.sampleInput;
  } else removes.push("#sampleInput");
  if (r.executionTimeoutSeconds !== undefined) {
    sets.push("#timeout = :timeout");
    values[":timeout"] = r.executionTimeoutSeconds;
  } else removes.push("#timeout");
  return new UpdateCommand({
    TableName: table,
    Key: { pk: FUNCTIONS_PK, sk: r.name },
    UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
}

async function listFunctions(db: Dynamo): Promise<FunctionRecord[]> {
  const { items } = await queryPages(db, {
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": FUNCTIONS_PK },
    ConsistentRead: true,
  });
  return items.map(functionFromItem);
}

async function getFunction(db: Dynamo, name: string): Promise<FunctionRecord | undefined> {
  const out = await withRetry(() => db.doc.send(new GetCommand({ TableName: db.table, Key: { pk: FUNCTIONS_PK, sk: name }, ConsistentRead: true })));
  return out.Item && functionFromItem(out.Item as Item);
}

export function dynamoFunctions(db: Dynamo): FunctionStore {
  return {
    put: (records) => putFunctions(db, records),
    list: () => listFunctions(db),
    get: (name) => getFunction(db, name),
  };
}
