/**
 * Two `durable worker` processes with different functions on one store, on SQLite and on
 * DynamoDB Local: each claims only executions of its own functions, so every execution of either
 * function ends SUCCEEDED, run by the worker that has it, with no invocation error on the way
 * (a worker that claimed the other's execution would record `Function not found`). An execution
 * of a function neither has, started first so it is the earliest due of all, stays RUNNING and due,
 * unleased and never invoked, and blocks nothing behind it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DurableClient, FunctionRegistry } from "../../sdk/runtime";
import { DynamoStore } from "../../sdk/store/dynamodb";
import { SqliteStore } from "../../sdk/store/sqlite";
import type { DurableStore, ExecutionRecord } from "../../sdk/store/types";
import { cliRunner } from "../cli/run-cli";
import { startDynamoLocal, type DynamoLocal } from "../../support/dynamodb-local";
import { WorkerProcess, projectRoot } from "../../support/worker-process";
import { allEvents } from "./support/history-checks";
import { waitUntil } from "./support/processes";

const fixtures = path.join(projectRoot, "tests", "reliability", "fixtures");
const EACH = 4;
const workers: WorkerProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function startWorker(storeUrl: string, set: "greet" | "count"): WorkerProcess {
  const worker = new WorkerProcess({
    storeUrl,
    functionsModule: path.join(fixtures, `function-set-${set}.ts`),
    leaseMs: 5000,
    concurrency: 4,
    noExamples: true,
    env: { FUNCTION_SET: set, DURABLE_RETENTION_DAYS: "0" },
  });
  workers.push(worker);
  return worker;
}

async function runTwoFunctionSets(store: DurableStore, storeUrl: string): Promise<void> {
  // First, and so the earliest due of all: an execution of a function no worker has.
  const retired = new FunctionRegistry().register("retired-function", async () => ({ Status: "SUCCEEDED" }));
  const orphan = (await new DurableClient({ store, registry: retired }).startExecution({ functionName: "retired-function", input: "{}" })).execution;

  const pair = [startWorker(storeUrl, "greet"), startWorker(storeUrl, "count")];
  await Promise.all(pair.map((w) => w.ready));
  await waitUntil("both workers to publish their functions", async () => (await store.functions.get("greet-user")) !== undefined && (await store.functions.get("count-words")) !== undefined, 20_000);
  const client = new DurableClient({ store });
  const starts = Array.from({ length: EACH }, (_, i) => [
    client.startExecution({ functionName: "greet-user", name: `greet-${i}`, input: JSON.stringify({ name: `user ${i}` }) }),
    client.startExecution({ functionName: "count-words", name: `count-${i}`, input: JSON.stringify({ text: "one two three ".repeat(i + 1) }) }),
  ]).flat();
  const started = (await Promise.all(starts)).map((s) => s.execution);
  let ended: ExecutionRecord[] = [];
  await waitUntil(
    "every execution of both functions to end",
    async () => {
      ended = await Promise.all(started.map(async (e) => (await store.executions.get(e.executionId))!));
      return ended.every((e) => e.status !== "RUNNING");
    },
    60_000,
    200,
  );

  for (const execution of ended) {
    const set = execution.functionName === "greet-user" ? "greet" : "count";
    expect([execution.name, execution.status]).toEqual([execution.name, "SUCCEEDED"]);
    expect(JSON.parse(execution.result!).ranBy).toBe(set);
    const invocations = (await allEvents(store, execution.executionId)).filter((e) => e.EventType === "InvocationCompleted");
    expect(invocations.length).toBeGreaterThan(0);
    for (const event of invocations) expect(event.InvocationCompletedDetails?.Error, execution.name).toBeUndefined();
  }

  // The orphan: still RUNNING and due, never leased or invoked, as the API and `durable get` show it.
  const seen = await client.getExecution(orphan.executionId);
  expect(seen.status).toBe("RUNNING");
  expect(seen.nextWakeAt).toBe(orphan.nextWakeAt);
  expect(seen.nextWakeAt).toBeLessThan(Date.now());
  expect(seen.leaseOwner).toBeUndefined();
  expect(seen.invocationCount).toBe(0);
  expect((await allEvents(store, orphan.executionId)).map((e) => e.EventType)).toEqual(["ExecutionStarted"]);
  const shown = cliRunner({ ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }).json<ExecutionRecord>("get", orphan.executionId, "--store", storeUrl);
  expect([shown.status, shown.nextWakeAt, shown.leaseOwner]).toEqual(["RUNNING", orphan.nextWakeAt, undefined]);

  for (const worker of pair) {
    await worker.stop();
    expect(worker.stderr).not.toMatch(/Function not found|Error/);
  }
}

describe("two worker processes with different functions", () => {
  it("share a SQLite file: each runs its own, the execution no worker has stays due", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "durable-function-sets-"));
    dirs.push(dir);
    const storePath = path.join(dir, "durable.db");
    const store = new SqliteStore({ path: storePath, busyTimeoutMs: 30_000 });
    await store.init();
    try {
      await runTwoFunctionSets(store, storePath);
    } finally {
      await store.close();
    }
  }, 120_000);

  describe("on DynamoDB Local", () => {
    let local: DynamoLocal | undefined;
    beforeAll(async () => {
      local = await startDynamoLocal();
    }, 90_000);
    afterAll(async () => {
      await local?.stop();
    });

    it("share a table: each runs its own, the execution no worker has stays due", async () => {
      const table = `sets-${process.pid}-${Date.now().toString(36)}`;
      const store = new DynamoStore({ table, region: "us-east-1", endpoint: local!.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
      await store.createTable();
      await store.init();
      try {
        await runTwoFunctionSets(store, local!.url(table));
      } finally {
        await store.close();
      }
    }, 120_000);
  });
});
