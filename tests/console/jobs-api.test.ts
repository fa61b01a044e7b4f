/**
 * The jobs API (/api/jobs*), called as Next calls it over a real SQLite file: preview (stores
 * nothing), create (201, audited with the job's id), list, get, outcomes paged after a worker's
 * job runner ran it, cancel, and bad input refused with a 4xx code that changes nothing.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDurableExecution } from "@/sdk";
import { DurableClient } from "@/sdk/runtime/client";
import { FunctionRegistry } from "@/sdk/runtime/registry";
import { Worker } from "@/sdk/runtime/worker";
import { openStore } from "@/sdk/store/open";
import type { DurableStore, JobOutcome, JobRecord } from "@/sdk/store/types";
import { closeConsoleFixture } from "./support/fixture";

const dir = mkdtempSync(join(tmpdir(), "console-jobs-"));
process.env.DURABLE_STORE = join(dir, "durable.db");

let store: DurableStore;
let worker: Worker;

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const get = (path: string) => new Request(`http://console.test${path}`);
const post = (path: string, body?: unknown) =>
  new Request(`http://console.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
const redriveFailed = { action: "redrive", query: { functionName: "orders", statuses: ["FAILED", "SUCCEEDED"] }, batchSize: 2 };

beforeAll(async () => {
  store = await openStore(process.env.DURABLE_STORE);
  const registry = new FunctionRegistry().register(
    "orders",
    withDurableExecution(async (input: { ok?: boolean }) => {
      if (!input?.ok) throw new Error("warehouse down");
      return "shipped";
    }),
  );
  const client = new DurableClient({ store, registry });
  worker = new Worker({ store, registry, retentionDays: null });
  for (let i = 0; i < 5; i++) await client.startExecution({ functionName: "orders", input: "{}" });
  await client.startExecution({ functionName: "orders", input: '{"ok":true}' });
  await worker.drain();
});

afterAll(async () => {
  await worker.stop();
  await closeConsoleFixture(store, dir);
});

async function jobCount(): Promise<number> {
  return (await store.jobs.list()).items.length;
}

describe("the jobs API", () => {
  it("previews without storing, creates (audited), lists, gets, and pages the outcomes once a worker ran it", async () => {
    const { GET: list, POST: create } = await import("@/app/api/jobs/route");
    const previewed = await create(post("/api/jobs", { ...redriveFailed, preview: true }), undefined);
    expect(previewed.status).toBe(200);
    expect((await previewed.json()).preview).toMatchObject({
      matched: 6,
      willAct: 5,
      groups: [
        { status: "SUCCEEDED", count: 1, act: false, reason: "not redrivable: SUCCEEDED" },
        { status: "FAILED", count: 5, act: true },
      ],
    });
    expect(await jobCount()).toBe(0);

    const created = await create(post("/api/jobs", redriveFailed), undefined);
    expect(created.status).toBe(201);
    const { job } = (await created.json()) as { job: JobRecord };
    expect(job).toMatchObject({ status: "PENDING", kind: "redrive", counts: { matched: 6 } });
    const audit = (await store.audit.list()).items.find((r) => r.action === "job.create");
    expect(audit).toMatchObject({ outcome: "succeeded", details: { jobId: job.jobId, kind: "redrive", matched: 6 } });

    const listed = await (await list(get("/api/jobs"), undefined)).json();
    expect(listed.items.map((j: JobRecord) => j.jobId)).toEqual([job.jobId]);

    await worker.jobs.runOnce();
    const { GET: getOne } = await import("@/app/api/jobs/[id]/route");
    expect(await (await getOne(get(`/api/jobs/${job.jobId}`), ctx(job.jobId))).json()).toMatchObject({
      status: "SUCCEEDED",
      counts: { matched: 6, done: 5, skipped: 1, failed: 0 },
    });
    const { GET: outcomes } = await import("@/app/api/jobs/[id]/outcomes/route");
    const first = await (await outcomes(get(`/api/jobs/${job.jobId}/outcomes?limit=4`), ctx(job.jobId))).json();
    expect(first.items).toHaveLength(4);
    const rest = await (await outcomes(get(`/api/jobs/${job.jobId}/outcomes?limit=4&cursor=${first.nextCursor}`), ctx(job.jobId))).json();
    expect([...first.items, ...rest.items].map((o: JobOutcome) => o.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rest.nextCursor).toBeUndefined();
  });

  it("cancels a pending job (audited) and refuses to cancel an ended one", async () => {
    const { POST: create } = await import("@/app/api/jobs/route");
    const { job } = (await (await create(post("/api/jobs", { action: "stop", query: { statuses: ["RUNNING"] } }), undefined)).json()) as { job: JobRecord };
    const { POST: cancel } = await import("@/app/api/jobs/[id]/cancel/route");
    const cancelled = await cancel(post(`/api/jobs/${job.jobId}/cancel`), ctx(job.jobId));
    expect(cancelled.status).toBe(200);
    expect((await cancelled.json()).status).toBe("CANCELLED");
    const again = await cancel(post(`/api/jobs/${job.jobId}/cancel`), ctx(job.jobId));
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("INVALID_STATE");
    const records = (await store.audit.list()).items.filter((r) => r.action === "job.cancel");
    expect(records.map((r) => [r.outcome, r.details?.jobId])).toEqual([
      ["failed", job.jobId],
      ["succeeded", job.jobId],
    ]);
  });

  it("refuses bad input with a 4xx code and stores nothing", async () => {
    const before = await jobCount();
    const { POST: create } = await import("@/app/api/jobs/route");
    const bad: Array<[unknown, number, string]> = [
      [{ action: "explode", query: {} }, 400, "VALIDATION_ERROR"],
      [{ action: "redrive", query: { statuses: ["DONE"] } }, 400, "VALIDATION_ERROR"],
      [{ action: "redrive", query: { startedAfter: "2026-03-01T00:00:00Z", startedBefore: "2026-01-01T00:00:00Z" } }, 400, "VALIDATION_ERROR"],
      [{ action: "answer", query: {} }, 400, "VALIDATION_ERROR"],
      [{ action: "redrive" }, 400, "VALIDATION_ERROR"],
      ["{not json", 400, "VALIDATION_ERROR"],
      [{ action: "answer", query: {}, answer: { outcome: "succeed", result: "x".repeat(1024 * 1024 + 1) } }, 413, "PAYLOAD_TOO_LARGE"],
    ];
    for (const [body, status, code] of bad) {
      const response = await create(post("/api/jobs", body), undefined);
      expect([response.status, (await response.json()).error.code], JSON.stringify(body).slice(0, 80)).toEqual([status, code]);
    }
    expect(await jobCount()).toBe(before);
    const { GET: getOne } = await import("@/app/api/jobs/[id]/route");
    const missing = await getOne(get("/api/jobs/job-missing"), ctx("job-missing"));
    expect([missing.status, (await missing.json()).error.code]).toEqual([404, "JOB_NOT_FOUND"]);
    const badId = await getOne(get("/api/jobs/a%20b"), ctx("a b"));
    expect(badId.status).toBe(400);
    const { GET: outcomes } = await import("@/app/api/jobs/[id]/outcomes/route");
    const badCursor = await outcomes(get("/api/jobs/job-missing/outcomes?cursor=abc"), ctx("job-missing"));
    expect([badCursor.status, (await badCursor.json()).error.code]).toEqual([400, "VALIDATION_ERROR"]);
    const { POST: cancel } = await import("@/app/api/jobs/[id]/cancel/route");
    expect((await cancel(post("/api/jobs/job-missing/cancel"), ctx("job-missing"))).status).toBe(404);
  });
});
