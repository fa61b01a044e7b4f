/**
 * `durable bulk` and `durable jobs`, in this process over a real SQLite file: the preview without
 * --yes (nothing stored), a redrive job followed to its end while a worker in this process runs it
 * (--json), listing, outcomes and cancel, and bad input refused with exit 2 and nothing stored.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import { DurableClient, FunctionRegistry, Worker } from "../../sdk/runtime";
import { SqliteStore } from "../../sdk/store/sqlite";
import type { JobRecord } from "../../sdk/store/types";
import { inProcessRunner } from "./run-cli";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-cli-bulk-"));
const dbPath = path.join(dir, "cli.db");
const { durable, json } = inProcessRunner(dbPath);

let store: SqliteStore;
let worker: Worker;
let broken = true;

beforeAll(async () => {
  store = new SqliteStore({ path: dbPath });
  await store.init();
  const registry = new FunctionRegistry().register(
    "orders",
    withDurableExecution(async () => {
      if (broken) throw new Error("warehouse down");
      return "shipped";
    }),
  );
  worker = new Worker({ store, registry, retentionDays: null, pollIntervalMs: 20 });
  const client = new DurableClient({ store, registry });
  for (let i = 0; i < 4; i++) await client.startExecution({ functionName: "orders" });
  await worker.drain();
});

afterAll(async () => {
  await worker.stop();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("durable bulk / durable jobs", () => {
  it("without --yes prints the preview and stores nothing", async () => {
    const text = await durable("bulk", "redrive", "--status", "FAILED,SUCCEEDED", "--function", "orders");
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("4 executions match; 4 → redrive, 0 skipped");
    expect(text.stdout).toContain("4 FAILED → redrive");
    expect(text.stdout).toContain("Nothing was done");
    expect(await json("bulk", "stop", "--function", "orders")).toMatchObject({ preview: { matched: 4, willAct: 0, groups: [{ status: "FAILED", act: false, reason: "already ended: FAILED" }] } });
    expect((await store.jobs.list()).items).toEqual([]);
  });

  it("with --yes stores the job, follows it to its end while a worker runs it, and audits its creation", async () => {
    broken = false;
    worker.start();
    const ended = await json<JobRecord>("bulk", "redrive", "--status", "FAILED", "--function", "orders", "--yes", "--batch", "3");
    expect(ended).toMatchObject({ status: "SUCCEEDED", counts: { matched: 4, done: 4, skipped: 0, failed: 0 } });
    const listed = await durable("jobs");
    expect(listed.stdout).toContain(ended.jobId);
    const outcomes = await json<{ items: Array<{ seq: number; status: string }> }>("jobs", ended.jobId, "--outcomes");
    expect(outcomes.items.map((o) => o.status)).toEqual(["DONE", "DONE", "DONE", "DONE"]);
    const audit = (await store.audit.list()).items;
    expect(audit.find((r) => r.action === "job.create")).toMatchObject({ source: "cli", details: { jobId: ended.jobId, matched: 4 } });
    expect(audit.filter((r) => r.action === "execution.redrive" && r.source === "job")).toHaveLength(4);
    const again = await durable("jobs", ended.jobId, "--cancel");
    expect(again.code).toBe(4);
    expect(again.stderr).toContain("already ended");
    await worker.stop();
  });

  it("--detach returns once stored; durable jobs <id> --cancel cancels it", async () => {
    const stored = await json<{ job: JobRecord }>("bulk", "stop", "--function", "orders", "--yes", "--detach");
    expect(stored.job.status).toBe("PENDING");
    expect(await json("jobs", stored.job.jobId, "--cancel")).toMatchObject({ status: "CANCELLED" });
    expect((await durable("jobs", stored.job.jobId)).stdout).toContain("CANCELLED");
  });

  it("refuses bad input with exit 2 and stores nothing", async () => {
    const before = (await store.jobs.list()).items.length;
    const cases: Array<[string[], string]> = [
      [["bulk", "delete"], "unknown bulk action"],
      [["bulk", "redrive", "--status", "BROKEN"], "--status"],
      [["bulk", "redrive", "--from", "2026-02-01T00:00:00Z", "--to", "2026-01-01T00:00:00Z", "--yes"], "--from"],
      [["bulk", "redrive", "--result", "x", "--yes"], "--result goes with"],
      [["bulk", "answer", "--result", "x", "--fail", "--yes"], "do not go together"],
      [["bulk", "stop", "--rate", "0", "--yes"], "--rate"],
      [["bulk", "stop", "--batch", "500", "--yes"], "--batch"],
      [["jobs", "--cancel"], "need a job id"],
    ];
    for (const [args, message] of cases) {
      const result = await durable(...args);
      expect([result.code, result.stderr.includes(message)], `${args.join(" ")}: ${result.stderr}`).toEqual([2, true]);
    }
    expect((await store.jobs.list()).items.length).toBe(before);
    expect((await durable("jobs", "job-missing")).code).toBe(3);
  });
});
