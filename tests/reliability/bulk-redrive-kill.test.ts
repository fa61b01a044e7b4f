/**
 * A bulk redrive of 500 failed executions survives a SIGKILL of the worker running it halfway:
 * a real `durable worker` process runs the job and is killed with SIGKILL while the job is in
 * progress; another worker takes the job over once its lease lapses. At the end every execution
 * was redriven exactly once (redriveCount 1: the function fails again after a redrive, so a
 * second redrive of any would show), the job counted 500 done with one outcome per execution,
 * and the audit log holds one redrive record per execution, each with the job's id.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DurableClient, FunctionRegistry, Worker } from "../../sdk/runtime";
import { SqliteStore } from "../../sdk/store/sqlite";
import type { JobOutcome } from "../../sdk/store/types";
import { WorkerProcess as SpawnedWorker } from "../../support/worker-process";
import { functions } from "./fixtures/bulk-functions";
import { waitUntil } from "../support/wait";

const EXECUTIONS = 500;
const LEASE_MS = 1000;
const functionsModule = join(__dirname, "fixtures", "bulk-functions.ts");

const dir = mkdtempSync(join(tmpdir(), "durable-bulk-kill-"));
const workers: SpawnedWorker[] = [];
let store: SqliteStore | undefined;
afterAll(async () => {
  for (const w of workers) if (w.alive) await w.kill();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function spawnWorker(): SpawnedWorker {
  const worker = new SpawnedWorker({ launch: "worker", storeUrl: join(dir, "durable.db"), functionsModule, noExamples: true, leaseMs: LEASE_MS });
  workers.push(worker);
  return worker;
}

describe("bulk redrive across a SIGKILL", () => {
  it(`redrives each of ${EXECUTIONS} failed executions exactly once though the worker running the job is killed halfway`, async () => {
    store = new SqliteStore({ path: join(dir, "durable.db"), busyTimeoutMs: 30_000 });
    await store.init();
    const registry = new FunctionRegistry().register("always-fails", functions["always-fails"]);
    const client = new DurableClient({ store, registry });
    for (let i = 0; i < EXECUTIONS; i++) await client.startExecution({ functionName: "always-fails" });
    const seeder = new Worker({ store, registry, retentionDays: null, maxConcurrency: 64 });
    await seeder.drain();
    expect(await store.executions.countByStatus({})).toMatchObject({ FAILED: EXECUTIONS });

    const { job } = await client.createBulkJob(
      { action: "redrive", query: { functionName: "always-fails", statuses: ["FAILED"] }, ratePerSecond: 100, batchSize: 20 },
      { actor: "kill-test", authMethod: "none" },
    );
    const first = spawnWorker();
    await first.ready;
    // 100 a second: the two thirds left take over 3 s, time enough to see a third done and kill.
    const processed = async () => {
      const c = (await store!.jobs.get(job.jobId))!.counts;
      return c.done + c.skipped + c.failed;
    };
    await waitUntil("the job to be under way", async () => (await processed()) >= EXECUTIONS / 3, 60_000, 20);
    await first.kill();
    const atKill = (await store.jobs.get(job.jobId))!;
    expect(atKill.status).toBe("RUNNING");
    console.log(`[bulk kill test] killed with ${atKill.inFlight?.length ?? 0} executions in flight`);
    expect(await processed()).toBeLessThan(EXECUTIONS);

    const second = spawnWorker();
    await second.ready;
    await waitUntil("the job to end", async () => (await store!.jobs.get(job.jobId))!.status !== "RUNNING", 90_000, 100);
    const ended = (await store.jobs.get(job.jobId))!;
    expect(ended.status).toBe("SUCCEEDED");
    expect(ended.counts).toEqual({ matched: EXECUTIONS, done: EXECUTIONS, skipped: 0, failed: 0 });
    expect(ended.leaseOwner).toBeUndefined();

    const all = (await store.executions.list({ limit: 1000 })).items;
    expect(all).toHaveLength(EXECUTIONS);
    const counts = new Map<number, number>();
    for (const e of all) counts.set(e.redriveCount, (counts.get(e.redriveCount) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ 1: EXECUTIONS });

    const outcomes: JobOutcome[] = [];
    let cursor: number | undefined;
    for (;;) {
      const page = await store.jobs.listOutcomes(job.jobId, { afterSeq: cursor, limit: 1000 });
      outcomes.push(...page.items);
      if (!page.nextCursor) break;
      cursor = Number(page.nextCursor);
    }
    expect(outcomes.map((o) => o.seq)).toEqual(Array.from({ length: EXECUTIONS }, (_, i) => i + 1));
    expect(new Set(outcomes.map((o) => o.executionId)).size).toBe(EXECUTIONS);

    const redriveRecords = new Set<string>();
    let auditCursor: string | undefined;
    for (;;) {
      const page = await store.audit.list({ limit: 1000, ...(auditCursor ? { cursor: auditCursor } : {}) });
      for (const r of page.items) if (r.action === "execution.redrive" && (r.details as { jobId?: string }).jobId === job.jobId) redriveRecords.add(r.executionId!);
      if (!page.nextCursor) break;
      auditCursor = page.nextCursor;
    }
    expect(redriveRecords.size).toBe(EXECUTIONS);
    await second.stop();
  }, 240_000);
});
