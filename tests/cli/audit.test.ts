/**
 * The CLI's steering commands are audited like the console's actions: the CLI's main function per
 * command (in this process) over a real SQLite file, then the audit log read back from that file.
 * Handlers run in this process too (a Worker over the same file, drained by hand).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { FunctionRegistry, Worker } from "../../sdk/runtime";
import { SqliteStore } from "../../sdk/store/sqlite";
import type { AuditRecord } from "../../sdk/store/types";
import { cliRunner, inProcessRunner } from "./run-cli";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-cli-audit-"));
const dbPath = path.join(dir, "cli.db");
const actor = `cli:${os.userInfo().username}`;

let store: SqliteStore;
let worker: Worker;

const { durable, json } = inProcessRunner(dbPath);

async function everyRecord(): Promise<AuditRecord[]> {
  return (await store.audit.list({ limit: 1000 })).items;
}

async function recordsOf(executionId: string): Promise<AuditRecord[]> {
  return (await store.audit.list({ executionId, limit: 1000 })).items.reverse();
}

beforeAll(async () => {
  store = new SqliteStore({ path: dbPath });
  await store.init();
  const registry = new FunctionRegistry();
  registry.register("hold", withDurableExecution(async (_input: unknown, ctx) => ctx.wait({ days: 1 })));
  registry.register(
    "approval",
    withDurableExecution(async (_input: unknown, ctx) => {
      const [answer] = await ctx.createCallback<string>("approve");
      return await answer;
    }),
  );
  worker = new Worker({ store, registry, retentionDays: null });
  // The CLI starts only functions a worker has registered in the store.
  await worker.publishFunctions();
});

afterAll(async () => {
  await worker.stop();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("durable CLI audit log", () => {
  it("records start, stop, redrive and replay as cli:<user>, with the outcome and the error code of a refusal", async () => {
    const { execution } = await json<{ execution: { executionId: string; arn: string } }>("start", "hold", "--input", '{"n":1}', "--name", "audited-1");
    const id = execution.executionId;
    expect((await json<{ alreadyExisted: boolean }>("start", "hold", "--input", '{"n":1}', "--name", "audited-1")).alreadyExisted).toBe(true);
    expect((await durable("stop", id, "--reason", "not needed")).code).toBe(0);
    expect((await durable("stop", id)).code).toBe(4); // already stopped: refused by its state
    expect((await durable("redrive", execution.arn)).code).toBe(0);
    const replay = await json<{ executionId: string }>("replay", id, "--input", '{"n":2}');

    const records = await recordsOf(id);
    expect(records.map((r) => [r.action, r.outcome, r.errorCode])).toEqual([
      ["execution.start", "succeeded", undefined],
      ["execution.start", "succeeded", undefined],
      ["execution.stop", "succeeded", undefined],
      ["execution.stop", "failed", "INVALID_STATE"],
      ["execution.redrive", "succeeded", undefined],
      ["execution.replay", "succeeded", undefined],
    ]);
    for (const record of records) {
      expect(record).toMatchObject({ actor, authMethod: "os", source: "cli", executionId: id });
      expect(record).not.toHaveProperty("role");
    }
    expect(records[0]!.details).toEqual({ functionName: "hold" });
    expect(records[1]!.details).toEqual({ functionName: "hold", alreadyExisted: true });
    expect(records[3]!.message).toMatch(/STOPPED|state/i);
    expect(records[5]!.details).toEqual({ editedInput: true, newExecutionId: replay.executionId });
    expect(records.every((r) => !JSON.stringify(r).includes('"n":'))).toBe(true); // never a payload
  });

  it("records callback answers with the callback and its execution; an answer to a closed callback as failed", async () => {
    const { execution } = await json<{ execution: { executionId: string } }>("start", "approval", "--input", "{}");
    await worker.drain();
    const [pending] = (await store.callbacks.listPending()).items.filter((c) => c.executionId === execution.executionId);
    expect(pending).toBeDefined();
    const callbackId = pending!.callbackId;

    expect((await durable("callback", "heartbeat", callbackId)).code).toBe(0);
    expect((await durable("callback", "succeed", callbackId, "--result", '"yes"')).code).toBe(0);
    const again = await durable("callback", "fail", callbackId, "--message", "too late");
    expect(again.code).toBe(4);

    const records = (await recordsOf(execution.executionId)).filter((r) => r.action.startsWith("callback."));
    expect(records.map((r) => [r.action, r.callbackId, r.outcome, r.errorCode])).toEqual([
      ["callback.heartbeat", callbackId, "succeeded", undefined],
      ["callback.succeed", callbackId, "succeeded", undefined],
      ["callback.fail", callbackId, "failed", "CALLBACK_TIMEOUT"],
    ]);
    for (const record of records) expect(record).toMatchObject({ actor, source: "cli", executionId: execution.executionId });
  });

  it("does not record refused input or reads, as the console does not", async () => {
    const { execution } = await json<{ execution: { executionId: string } }>("start", "hold", "--input", "{}");
    const before = (await everyRecord()).map((r) => r.id);

    expect((await durable("stop", "bad id!")).code).toBe(2);
    expect((await durable("stop", "no-such-execution")).code).toBe(3);
    expect((await durable("redrive", "no-such-execution")).code).toBe(3);
    expect((await durable("replay", execution.executionId, "--input", "{not json")).code).toBe(2);
    expect((await durable("start", "hold", "--input", "{not json")).code).toBe(2);
    expect((await durable("start", "no-such-function", "--input", "{}")).code).toBe(3);
    expect((await durable("callback", "succeed", "no-such-callback")).code).toBe(3);
    expect((await durable("callback", "frobnicate", "no-such-callback")).code).toBe(2);
    expect((await durable("get", execution.executionId)).code).toBe(0);
    expect((await durable("list")).code).toBe(0);

    expect((await everyRecord()).map((r) => r.id)).toEqual(before);
  });

  it("refuses an audit retention that is not a number of days before starting a worker", () => {
    // A real process: the worker command must exit, not start.
    const r = cliRunner({ ...process.env, DURABLE_STORE: dbPath }).durable("worker", "--audit-retention-days", "forever");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/audit retention days/);
  });
});
