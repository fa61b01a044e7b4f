/**
 * The DynamoDB backend against DynamoDB Local (started for this file on a free port, stopped
 * after): the shared conformance suite unchanged, on a fresh table per test, then what only
 * DynamoDB has to get right (items over 400 KB, the 100-item transaction limit, claims from two
 * clients).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { describeStoreConformance } from "./conformance/suite";
import { T0, createExecution, historyEvent, logRecord, readExecutionState, stepOperation } from "./conformance/fixtures";
import { DynamoStore, TransactionTooLargeError } from "../../sdk/store/dynamodb";
import { openStore } from "../../sdk/store/open";
import type { DurableStore } from "../../sdk/store/types";
import { TablePool, freshDynamoStore, startDynamoLocal, type DynamoLocal } from "../../support/dynamodb-local";

const projectRoot = path.resolve(__dirname, "..", "..");
let local: DynamoLocal | undefined;
let pool: TablePool | undefined;
beforeAll(async () => {
  local = await startDynamoLocal();
  pool = new TablePool(local);
}, 90_000);
afterAll(async () => {
  await pool?.drain();
  await local?.stop();
});

function peerOf(store: DurableStore): DynamoStore {
  return new DynamoStore({
    table: (store as DynamoStore).table,
    region: "us-east-1",
    endpoint: local!.endpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

describeStoreConformance(
  "dynamodb",
  () => pool!.take(),
  (store) => pool!.discard(store as DynamoStore),
  {
    openPeer: async (store) => {
      const peer = peerOf(store);
      await peer.init();
      return peer;
    },
  },
);

// ---- what only DynamoDB has to get right -----------------------------------------------------

describe("DynamoStore on DynamoDB Local", () => {
  const stores: DynamoStore[] = [];
  let store: DynamoStore;
  beforeEach(async () => {
    store = await freshDynamoStore(local!);
    stores.push(store);
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) {
      await s.deleteTable().catch(() => undefined);
      await s.close();
    }
  });
  const peer = async () => {
    const p = peerOf(store);
    stores.push(p);
    await p.init();
    return p;
  };

  /** Items of one execution's partition as stored (raw), to look at chunks. */
  async function rawPartition(executionId: string): Promise<Record<string, unknown>[]> {
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: "us-east-1", endpoint: local!.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } }),
    );
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await client.send(
        new QueryCommand({
          TableName: store.table,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": `X#${executionId}` },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...((out.Items ?? []) as Record<string, unknown>[]));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    client.destroy();
    return items;
  }

  /** About `bytes` of UTF-8 with multi-byte characters, so chunk boundaries fall inside characters. */
  const bigText = (bytes: number, seed: string) => {
    const unit = `${seed}-é€😀-`;
    return unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit, "utf8")));
  };

  it("round-trips a 1 MB operation result, a 1 MB execution result and a 1 MB event whole, over chunk items", async () => {
    const created = await createExecution(store, { inputPayload: JSON.stringify(bigText(1024 * 1024, "in")) });
    const id = created.executionId;
    const result = JSON.stringify(bigText(1024 * 1024, "result"));
    const stepResult = JSON.stringify(bigText(1024 * 1024, "step"));
    const op = stepOperation(id, 2, "big-step", { Status: "SUCCEEDED", StepDetails: { Attempt: 1, Result: stepResult } });
    const event = historyEvent(2, "StepSucceeded", { StepSucceededDetails: { Result: { Payload: stepResult } } });
    await store.transact(id, {}, () => ({
      mutation: { execution: { status: "SUCCEEDED", result, eventCount: 2, operationCount: 2 }, putOperations: [op], events: [event] },
    }));

    expect(Buffer.byteLength(stepResult, "utf8")).toBeGreaterThan(1024 * 1024);
    expect(await store.operations.get(id, "big-step")).toEqual(op);
    expect((await store.operations.list(id))[1]).toEqual(op);
    const execution = await store.executions.get(id);
    expect(execution?.result).toBe(result);
    expect(execution?.inputPayload).toBe(created.inputPayload);
    expect((await store.executions.list({})).items[0]?.result).toBe(result);
    expect((await store.history.list(id, { afterEventId: 1 })).items).toEqual([event]);
    const { result: seen } = await store.transact(id, { readOperationIds: ["big-step"] }, (snapshot) => ({
      mutation: {},
      result: { op: snapshot.operations.get("big-step"), result: snapshot.execution.result },
    }));
    expect(seen).toEqual({ op, result });

    // nothing was truncated into one item: the big bodies are spread over chunk items
    const raw = await rawPartition(id);
    const chunks = raw.filter((item) => String(item.sk).startsWith("CHUNK#"));
    expect(chunks.length).toBeGreaterThanOrEqual(4 * 3);
    const size = (item: Record<string, unknown>) =>
      Object.entries(item).reduce((sum, [k, v]) => sum + k.length + (v instanceof Uint8Array ? v.byteLength : JSON.stringify(v).length), 0);
    for (const item of raw) expect(size(item)).toBeLessThan(400 * 1024);

    // a smaller rewrite of a chunked operation it read leaves no chunks of the old one behind
    const small = stepOperation(id, 2, "big-step", { Status: "SUCCEEDED", StepDetails: { Attempt: 1, Result: '"small"' } });
    await store.transact(id, { readOperationIds: ["big-step"] }, () => ({ mutation: { putOperations: [small] } }));
    expect(await store.operations.get(id, "big-step")).toEqual(small);
    const after = await rawPartition(id);
    expect(after.filter((item) => String(item.sk).startsWith("CHUNK#OP#big-step#"))).toEqual([]);
  });

  it("refuses a change over 100 items or 4 MB whole, writing nothing, and keeps working", async () => {
    const { executionId: id } = await createExecution(store, { checkpointToken: "t" });
    const before = await readExecutionState(store, id);
    const manyOps = Array.from({ length: 120 }, (_, i) => stepOperation(id, i + 2, `op-${i}`));
    const tooMany = await store
      .transact(id, { checkpointToken: "t" }, () => ({ mutation: { putOperations: manyOps, events: [historyEvent(2)], execution: { eventCount: 2 } } }))
      .then(() => undefined, (error: unknown) => error);
    expect(tooMany).toBeInstanceOf(TransactionTooLargeError);
    expect((tooMany as Error).message).toMatch(/needs 12\d items .* limit of 100 items and 4 MB; it was not written/);

    const hugeOps = Array.from({ length: 5 }, (_, i) =>
      stepOperation(id, i + 2, `huge-${i}`, { StepDetails: { Attempt: 1, Result: JSON.stringify(bigText(1024 * 1024, `h${i}`)) } }),
    );
    await expect(store.transact(id, {}, () => ({ mutation: { putOperations: hugeOps } }))).rejects.toThrow(TransactionTooLargeError);
    expect(await readExecutionState(store, id)).toEqual(before);

    // 100 events and 150 logs in one change are a handful of items (runs), not 250
    const events = Array.from({ length: 100 }, (_, i) => historyEvent(i + 2));
    const logs = Array.from({ length: 150 }, (_, i) => logRecord(id, i + 1, { operationId: i % 2 ? "odd" : "even" }));
    await store.transact(id, { checkpointToken: "t" }, () => ({ mutation: { events, logs, execution: { eventCount: 101, logCount: 150 } } }));
    const state = await readExecutionState(store, id);
    expect(state.history.map((e) => e.EventId)).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
    expect(state.logs).toEqual(logs);
    const odd = await store.logs.list(id, { operationId: "odd", limit: 50, afterSeq: 10 });
    expect(odd.items.map((l) => l.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 12 + 2 * i));
    expect(odd.nextCursor).toBe("110");
  });

  it("keeps every concurrent transact from two clients: version conflicts are read, rebuilt and retried", async () => {
    const { executionId: id } = await createExecution(store);
    const other = await peer();
    // each appends the next event, computed from the eventCount it read: lost updates would leave gaps or duplicates
    const append = (s: DurableStore) =>
      s.transact(id, {}, (snapshot) => {
        const next = snapshot.execution.eventCount + 1;
        return { mutation: { events: [historyEvent(next)], execution: { eventCount: next } } };
      });
    await Promise.all(Array.from({ length: 24 }, (_, i) => append(i % 2 ? store : other)));
    const history = (await store.history.list(id)).items.map((e) => e.EventId);
    expect(history).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect((await store.executions.get(id))?.version).toBe(1 + 24);
  });

  it("never hands one execution to two of three concurrently claiming clients", async () => {
    const due: string[] = [];
    for (let i = 0; i < 45; i++) due.push((await createExecution(store, { nextWakeAt: T0 - 1000 + i })).executionId);
    const claimers = [store, await peer(), await peer()];
    let token = 0;
    const claimedBy = await Promise.all(
      claimers.map(async (s, n) => {
        const mine: string[] = [];
        for (let round = 0; round < 100; round++) {
          const batch = await s.scheduling.claimDue({ now: T0, owner: `w${n}`, leaseMs: 60_000, limit: 4, newToken: () => `tok-${n}-${++token}` });
          if (batch.length === 0) break;
          mine.push(...batch.map((e) => e.executionId));
        }
        return mine;
      }),
    );
    const all = claimedBy.flat();
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual([...due].sort());
    for (const [n, ids] of claimedBy.entries()) {
      for (const executionId of ids) expect((await store.executions.get(executionId))?.leaseOwner).toBe(`w${n}`);
    }
  });

  it("opens through openStore(dynamodb://...), and says how to create a missing table", async () => {
    const created = await createExecution(store);
    const opened = await openStore(local!.url(store.table));
    try {
      expect(opened.kind).toBe("dynamodb");
      expect(await opened.executions.get(created.executionId)).toEqual(created);
    } finally {
      await opened.close();
    }
    await expect(openStore(local!.url("no-such-table"))).rejects.toThrow(/does not exist; create it with: durable dynamodb create-table/);
  });

  it("creates the table from the CLI: `durable dynamodb create-table --store dynamodb://...`", async () => {
    const table = `cli-${process.pid}-${Date.now().toString(36)}`;
    const url = local!.url(table);
    const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
    const first = spawnSync(process.execPath, ["bin/durable.mjs", "dynamodb", "create-table", "--store", url], { cwd: projectRoot, env, encoding: "utf8", timeout: 60_000 });
    expect(first.stderr).toBe("");
    expect(first.stdout).toContain(`table ${table} created`);
    expect(first.status).toBe(0);
    const again = spawnSync(process.execPath, ["bin/durable.mjs", "dynamodb", "create-table", "--store", url, "--json"], { cwd: projectRoot, env, encoding: "utf8", timeout: 60_000 });
    expect(JSON.parse(again.stdout)).toEqual({ table, created: false });
    const created = new DynamoStore({ table, region: "us-east-1", endpoint: local!.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    stores.push(created);
    await created.init();
    const bad = spawnSync(process.execPath, ["bin/durable.mjs", "dynamodb", "create-table", "--store", "sqlite:x.db"], { cwd: projectRoot, env, encoding: "utf8", timeout: 60_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/must be a dynamodb:\/\/<table>/);
    // Three CLI processes, each loading TypeScript through tsx (cold in a fresh clone).
  }, 200_000);
});
