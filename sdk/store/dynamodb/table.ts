/**
 * The table: its definition (on-demand billing, the three GSIs of keys.ts, each projecting only
 * the attributes its readers need), creation, and the check `init()` runs so a wrong or missing
 * table fails with a clear message.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  type CreateTableCommandInput,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { INDEX } from "./keys";
import { sleep, withRetry, type Dynamo } from "./requests";

export function tableDefinition(table: string): CreateTableCommandInput {
  const indexes = Object.values(INDEX);
  return {
    TableName: table,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
      ...indexes.flatMap((index) => [
        { AttributeName: index.pk, AttributeType: "S" as const },
        { AttributeName: index.sk, AttributeType: "S" as const },
      ]),
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.pk, KeyType: "HASH" as const },
        { AttributeName: index.sk, KeyType: "RANGE" as const },
      ],
      Projection: { ProjectionType: "INCLUDE" as const, NonKeyAttributes: [...index.projected] },
    })),
  };
}

async function describe(db: Dynamo): Promise<TableDescription | undefined> {
  try {
    const out = await withRetry(() => db.client.send(new DescribeTableCommand({ TableName: db.table })));
    return out.Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException || (error as { name?: string }).name === "ResourceNotFoundException") return undefined;
    throw error;
  }
}

function isReady(table: TableDescription | undefined): boolean {
  return table?.TableStatus === "ACTIVE" && (table.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === "ACTIVE");
}

/** Creates the table unless it exists, then waits until it and its indexes are ACTIVE. Returns whether it created it. */
export async function createTable(db: Dynamo, timeoutMs = 120_000): Promise<boolean> {
  let created = false;
  if (!(await describe(db))) {
    try {
      await withRetry(() => db.client.send(new CreateTableCommand(tableDefinition(db.table))));
      created = true;
    } catch (error) {
      // Another process created it first: fine, wait for it like everyone else.
      if ((error as { name?: string }).name !== "ResourceInUseException") throw error;
    }
  }
  const deadline = Date.now() + timeoutMs;
  for (let wait = 50; ; wait = Math.min(2000, wait * 2)) {
    const table = await describe(db);
    if (isReady(table)) {
      checkShape(db.table, table!);
      return created;
    }
    if (Date.now() > deadline) throw new Error(`DynamoDB table ${db.table} is not ACTIVE after ${timeoutMs} ms`);
    await sleep(wait);
  }
}

export async function deleteTable(db: Dynamo): Promise<void> {
  try {
    await withRetry(() => db.client.send(new DeleteTableCommand({ TableName: db.table })));
  } catch (error) {
    if ((error as { name?: string }).name !== "ResourceNotFoundException") throw error;
  }
}

/**
 * Fails unless the table exists, is ACTIVE and has this store's key schema and indexes. Returns
 * what the store adapts to: whether the timer index carries `functionName` (tables made before
 * it did still work; see due-reads.ts).
 */
export async function checkTable(db: Dynamo): Promise<{ timersCarryFunction: boolean }> {
  const table = await describe(db);
  if (!table) {
    throw new Error(
      `DynamoDB table ${db.table} does not exist; create it with: durable dynamodb create-table --store dynamodb://${db.table}?region=...`,
    );
  }
  if (!isReady(table)) throw new Error(`DynamoDB table ${db.table} is ${table.TableStatus ?? "not ready"}; wait until it is ACTIVE`);
  checkShape(db.table, table);
  const timers = table.GlobalSecondaryIndexes?.find((i) => i.IndexName === INDEX.timers.name);
  const projection = timers?.Projection;
  return { timersCarryFunction: projection?.ProjectionType === "ALL" || (projection?.NonKeyAttributes ?? []).includes("functionName") };
}

function checkShape(name: string, table: TableDescription): void {
  const keys = (table.KeySchema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).join(",");
  const problems: string[] = [];
  if (keys !== "pk:HASH,sk:RANGE") problems.push(`key schema is ${keys}, expected pk:HASH,sk:RANGE`);
  const have = new Map((table.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i]));
  for (const index of Object.values(INDEX)) {
    const found = have.get(index.name);
    const shape = (found?.KeySchema ?? []).map((k) => k.AttributeName).join(",");
    if (!found) problems.push(`index ${index.name} is missing`);
    else if (shape !== `${index.pk},${index.sk}`) problems.push(`index ${index.name} is keyed ${shape}, expected ${index.pk},${index.sk}`);
  }
  if (problems.length > 0) throw new Error(`DynamoDB table ${name} is not a durable store table: ${problems.join("; ")}`);
}
