/**
 * How DynamoDB finds a claimer's due executions among other functions' (on DynamoDB Local): a
 * claim's read of a shard stops at its budget and the next claim resumes there, so a long run of
 * another function's due executions delays the claimer's own by a few claims but never hides
 * them; a table whose timer index was made before it carried `functionName` still filters (the
 * function is read from the table); and a claimer with hundreds of functions gets a filter
 * DynamoDB accepts.
 */
import { randomUUID } from "node:crypto";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { T0, createExecution } from "./conformance/fixtures";
import { DynamoStore } from "../../sdk/store/dynamodb";
import { claimDue, nextWakeAt } from "../../sdk/store/dynamodb/scheduling";
import { DueReadState, functionFilter } from "../../sdk/store/dynamodb/due-reads";
import { INDEX, duePartition, shardOf } from "../../sdk/store/dynamodb/keys";
import type { Dynamo } from "../../sdk/store/dynamodb/requests";
import { tableDefinition } from "../../sdk/store/dynamodb/table";
import type { ClaimOptions } from "../../sdk/store/types";
import { freshDynamoStore, startDynamoLocal, type DynamoLocal } from "../../support/dynamodb-local";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };
let local: DynamoLocal;
const stores: DynamoStore[] = [];
const clients: DynamoDBClient[] = [];

beforeAll(async () => {
  local = await startDynamoLocal();
}, 90_000);
afterAll(async () => {
  for (const store of stores) await store.deleteTable().catch(() => undefined).then(() => store.close());
  for (const client of clients) client.destroy();
  await local?.stop();
});

/** The low-level view of a store's table, to call the claim functions with a state of the test's choosing. */
function dynamoOf(table: string): Dynamo {
  const client = new DynamoDBClient({ region: "us-east-1", endpoint: local.endpoint, credentials });
  clients.push(client);
  return { client, doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), table };
}

/** Execution ids that land on due shard `shard`. */
function idsOnShard(shard: number, count: number): string[] {
  const ids: string[] = [];
  while (ids.length < count) {
    const id = randomUUID();
    if (shardOf(id) === shard) ids.push(id);
  }
  return ids;
}

/** What a store on a table of today's shape reads with, at a budget of the test's choosing. */
function stateWithBudget(budget?: number): DueReadState {
  const state = new DueReadState(budget);
  state.filterInQuery = true;
  return state;
}

let tokens = 0;
const claimOptions = (overrides: Partial<ClaimOptions> = {}): ClaimOptions => ({
  now: T0,
  owner: "worker-a",
  leaseMs: 30_000,
  limit: 1,
  newToken: () => `token-${++tokens}`,
  functionNames: ["mine"],
  ...overrides,
});

describe("due reads on DynamoDB", () => {
  it("resume where a claim's read budget ran out: another function's long due run delays the claimer's own, never hides it", async () => {
    const store = await freshDynamoStore(local, "due");
    stores.push(store);
    const db = dynamoOf(store.table);
    const [mineId, ...theirIds] = idsOnShard(0, 11);
    const theirs = await Promise.all(
      theirIds.map((executionId, i) => createExecution(store, { executionId, functionName: "theirs", nextWakeAt: T0 - 10_000 + i })),
    );
    const mine = await createExecution(store, { executionId: mineId, functionName: "mine", nextWakeAt: T0 - 100 });

    // Four index entries per shard and claim: a claim that starts over from the head every time
    // reads the same four foreign entries for ever.
    expect((await claimDue(db, stateWithBudget(4), claimOptions())).claimed).toEqual([]);
    expect((await claimDue(db, stateWithBudget(4), claimOptions())).claimed).toEqual([]);
    // One that resumes gets through the ten in three claims (4 + 4 + 2, then its own).
    const state = stateWithBudget(4);
    const rounds: string[][] = [];
    for (let i = 0; i < 3; i++) rounds.push((await claimDue(db, state, claimOptions())).claimed.map((e) => e.executionId));
    expect(rounds).toEqual([[], [], [mine.executionId]]);
    for (const execution of theirs) expect(await store.executions.get(execution.executionId)).toEqual(execution);
    // nextWakeAt reads from the head: cut by the budget it answers where it stopped (a lower
    // bound, never a later time); with the default budget it reads on to the claimer's own.
    expect(await nextWakeAt(db, stateWithBudget(4), functionFilter(["mine"]))).toBe(theirs[3]!.nextWakeAt);
    expect(await nextWakeAt(db, stateWithBudget(), functionFilter(["mine"]))).toBe(T0 - 100);

    // Having read to the end, the next claim starts from the head again.
    const [earlyId] = idsOnShard(0, 1);
    const early = await createExecution(store, { executionId: earlyId, functionName: "mine", nextWakeAt: T0 - 1_000_000 });
    expect((await claimDue(db, state, claimOptions())).claimed.map((e) => e.executionId)).toEqual([early.executionId]);
  });

  it("filter on a table whose timer index does not carry functionName (made before it did): the function is read from the table", async () => {
    const table = `old-${process.pid}-${Date.now().toString(36)}`;
    const definition = tableDefinition(table);
    for (const index of definition.GlobalSecondaryIndexes!) {
      if (index.IndexName === INDEX.timers.name) index.Projection!.NonKeyAttributes = index.Projection!.NonKeyAttributes!.filter((a) => a !== "functionName");
    }
    const db = dynamoOf(table);
    await db.client.send(new CreateTableCommand(definition));
    const store = new DynamoStore({ table, region: "us-east-1", endpoint: local.endpoint, credentials });
    stores.push(store);
    await store.createTable(); // waits until ACTIVE; the table is there already
    await store.init();

    const theirs = await Promise.all([1, 2, 3].map((i) => createExecution(store, { functionName: "theirs", nextWakeAt: T0 - 1000 + i })));
    const mine = await createExecution(store, { functionName: "mine", nextWakeAt: T0 - 10 });
    const entries = await db.doc.send(
      new QueryCommand({
        TableName: table,
        IndexName: INDEX.timers.name,
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": INDEX.timers.pk },
        ExpressionAttributeValues: { ":pk": duePartition(shardOf(mine.executionId)) },
      }),
    );
    expect(entries.Items?.length).toBeGreaterThan(0);
    for (const entry of entries.Items ?? []) expect(entry.functionName).toBeUndefined();

    expect(await store.scheduling.nextWakeAt({ functionNames: ["mine"] })).toBe(T0 - 10);
    expect(await store.scheduling.nextWakeAt({ functionNames: ["theirs"] })).toBe(T0 - 999);
    expect((await store.scheduling.claimDue(claimOptions({ limit: 10 }))).map((e) => e.executionId)).toEqual([mine.executionId]);
    for (const execution of theirs) expect(await store.executions.get(execution.executionId)).toEqual(execution);
    expect((await store.scheduling.claimDue(claimOptions({ limit: 10, functionNames: ["theirs"] }))).map((e) => e.executionId)).toEqual(
      theirs.map((e) => e.executionId),
    );
  });

  it("accept a claimer of hundreds of functions: a filter of several IN lists, or none past what one expression holds", async () => {
    const store = await freshDynamoStore(local, "many");
    stores.push(store);
    const fillers = (n: number) => Array.from({ length: n }, (_, i) => `function-${String(i).padStart(3, "0")}`);
    expect(functionFilter(fillers(250))?.query?.FilterExpression.match(/ IN \(/g)).toHaveLength(3);
    expect(functionFilter(fillers(400))?.query).toBeUndefined();
    await createExecution(store, { functionName: "theirs", nextWakeAt: T0 - 50 });
    const mine = await createExecution(store, { functionName: "mine", nextWakeAt: T0 - 10 });
    for (const count of [250, 400]) {
      const functionNames = [...fillers(count), "mine"];
      expect(await store.scheduling.nextWakeAt({ functionNames })).toBe(T0 - 10);
      const claimed = await store.scheduling.claimDue(claimOptions({ functionNames, limit: 10, now: T0 + count * 60_000 }));
      expect(claimed.map((e) => e.executionId)).toEqual([mine.executionId]);
    }
  });
});
