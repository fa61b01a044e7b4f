/**
 * Worker heartbeat rows on DynamoDB: one item per worker in the `WORKERS` partition, sorted by
 * workerId (byte order, as SQLite's BINARY collation), the record's fields as attributes.
 */
import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { WorkerRecord, WorkerStore } from "../types";
import { checkWorkerRecord, workerRecordOf } from "../worker-record";
import { WORKERS_PK } from "./keys";
import { queryPages, withRetry, type Dynamo, type Item } from "./requests";

function workerFromItem(item: Item): WorkerRecord {
  return workerRecordOf(item as unknown as WorkerRecord);
}

export function dynamoWorkers(db: Dynamo): WorkerStore {
  return {
    async put(record) {
      checkWorkerRecord(record);
      const item = { pk: WORKERS_PK, sk: record.workerId, ...workerRecordOf(record) };
      await withRetry(() => db.doc.send(new PutCommand({ TableName: db.table, Item: item })));
    },

    async remove(workerId) {
      await withRetry(() => db.doc.send(new DeleteCommand({ TableName: db.table, Key: { pk: WORKERS_PK, sk: workerId } })));
    },

    async list() {
      const { items } = await queryPages(db, {
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": WORKERS_PK },
        ConsistentRead: true,
      });
      return items.map(workerFromItem);
    },

    async get(workerId) {
      const out = await withRetry(() => db.doc.send(new GetCommand({ TableName: db.table, Key: { pk: WORKERS_PK, sk: workerId }, ConsistentRead: true })));
      return out.Item && workerFromItem(out.Item as Item);
    },
  };
}
