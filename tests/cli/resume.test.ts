/**
 * `durable redrive --preview`, `durable check-determinism` and `durable rerun`, in this process
 * over a real SQLite file, against the code the command loads with --functions (a worker in this
 * process ran the recorded version). Refusals exit 4 with NON_DETERMINISTIC and are audited.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DurableClient, FunctionRegistry, Worker } from "../../sdk/runtime";
import { SqliteStore } from "../../sdk/store/sqlite";
import { carrier, functions as v1 } from "./fixtures/order-v1";
import { functions as renamed } from "./fixtures/order-renamed";
import { inProcessRunner } from "./run-cli";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-cli-resume-"));
const dbPath = path.join(dir, "cli.db");
const V1 = path.join(__dirname, "fixtures", "order-v1.ts");
const RENAMED = path.join(__dirname, "fixtures", "order-renamed.ts");
const { durable, json } = inProcessRunner(dbPath);

let store: SqliteStore;
let worker: Worker;
let failedId: string;

beforeAll(async () => {
  store = new SqliteStore({ path: dbPath });
  await store.init();
  worker = new Worker({ store, registry: new FunctionRegistry().register("order", v1.order), retentionDays: null });
  await worker.publishFunctions();
  const { execution } = await new DurableClient({ store }).startExecution({ functionName: "order" });
  await worker.drain();
  failedId = execution.executionId;
});

afterAll(async () => {
  await worker.stop();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("durable redrive --preview / check-determinism / rerun", () => {
  it("previews a redrive and checks it against the code loaded, changing nothing", async () => {
    const answer = await json<{ preview: { operations: Array<{ name: string; plan: string; nextAttempt?: number }> }; determinism: { verdict: string } }>(
      "redrive", failedId, "--preview", "--functions", V1, "--no-examples",
    );
    expect(answer.preview.operations.map((op) => [op.name, op.plan])).toEqual([["validate", "REPLAY"], ["charge", "REPLAY"], ["ship", "RUN_AGAIN"]]);
    expect(answer.determinism.verdict).toBe("compatible");
    const text = await durable("redrive", failedId, "--preview", "--no-examples");
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("runs again (attempt 1)");
    expect(text.stdout).toContain("not checked: no code for order here");
    expect((await store.executions.get(failedId))!.status).toBe("FAILED");
  });

  it("check-determinism: compatible on the recorded code, exit 4 with the mismatch on a renamed step", async () => {
    expect(await json("check-determinism", failedId, "--functions", V1, "--no-examples")).toMatchObject({ verdict: "compatible" });
    const renamed = await durable("check-determinism", failedId, "--functions", RENAMED, "--no-examples");
    expect(renamed.code).toBe(4);
    expect(renamed.stdout).toContain('MISMATCH at operation 2');
    expect(renamed.stdout).toContain('recorded STEP "charge", the code now asks for STEP "charge-card"');
    expect(renamed.stderr).toContain("NON_DETERMINISTIC");
    const fn = await durable("check-determinism", "--function", "order", "--last", "100", "--functions", RENAMED, "--no-examples", "--json");
    expect(fn.code).toBe(4);
    expect(JSON.parse(fn.stdout)).toMatchObject({ functionName: "order", checked: 1, compatible: 0, mismatches: [{ executionId: failedId }] });
    const usage = await durable("check-determinism", failedId, "--function", "order");
    expect(usage.code).toBe(2);
  });

  it("check-determinism without the code here asks a worker that has it, and waits for its answer", async () => {
    // Nobody runs the check: the command gives up after --wait, saying so.
    const unanswered = await durable("check-determinism", failedId, "--no-examples", "--wait", "1");
    expect(unanswered.code).toBe(1);
    expect(unanswered.stderr).toContain("no worker with order registered answered within 1 s");
    // A worker running the renamed code answers both the queued check and a new one.
    const renamedWorker = new Worker({ store, registry: new FunctionRegistry().register("order", renamed.order), retentionDays: null, pollIntervalMs: 50 });
    renamedWorker.start();
    try {
      const one = await durable("check-determinism", failedId, "--no-examples");
      expect(one.code).toBe(4);
      expect(one.stderr).toContain("checking on a worker that has it");
      expect(one.stdout).toContain('recorded STEP "charge", the code now asks for STEP "charge-card"');
      const recent = await durable("check-determinism", "--function", "order", "--last", "10", "--no-examples", "--json");
      expect(recent.code).toBe(4);
      expect(JSON.parse(recent.stdout)).toMatchObject({ functionName: "order", checked: 1, compatible: 0, mismatches: [{ executionId: failedId }] });
    } finally {
      await renamedWorker.stop();
    }
  });

  it("redrive is refused (exit 4, audited) on a mismatch and goes ahead with --force", async () => {
    const refused = await durable("redrive", failedId, "--functions", RENAMED, "--no-examples");
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain("NON_DETERMINISTIC");
    expect((await store.executions.get(failedId))!.status).toBe("FAILED");
    const audit = (await store.audit.list({ executionId: failedId, limit: 10 })).items;
    expect(audit[0]).toMatchObject({ action: "execution.redrive", outcome: "failed", errorCode: "NON_DETERMINISTIC" });

    carrier.up = true;
    expect((await durable("redrive", failedId, "--functions", RENAMED, "--no-examples", "--force")).code).toBe(0);
    await worker.drain();
    expect((await store.executions.get(failedId))!.status).toBe("SUCCEEDED");
  });

  it("rerun --from a step by name: a new execution carrying what came before it, audited", async () => {
    const fork = await json<{ execution: { executionId: string; replayOf: string }; carriedOperationIds: string[] }>(
      "rerun", failedId, "--from", "charge", "--functions", V1, "--no-examples",
    );
    expect(fork.execution.replayOf).toBe(failedId);
    expect(fork.carriedOperationIds).toHaveLength(1);
    await worker.drain();
    expect((await store.executions.get(fork.execution.executionId))!.status).toBe("SUCCEEDED");
    const audit = (await store.audit.list({ executionId: failedId, limit: 10 })).items;
    expect(audit[0]).toMatchObject({ action: "execution.rerun", outcome: "succeeded", details: { fromOperationId: expect.any(String), newExecutionId: fork.execution.executionId } });
    const missing = await durable("rerun", failedId, "--from", "nope", "--no-examples");
    expect(missing.code).toBe(3);
    expect((await durable("rerun", failedId, "--no-examples")).code).toBe(2);
  });
});
