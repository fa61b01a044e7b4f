/**
 * Bulk jobs in one process: the preview, a redrive job run by the worker's job runner (counts,
 * outcomes, skips with reasons, audit records with the job's id), a takeover of a job whose runner
 * died mid-batch (nothing acted on twice), cancel, answering callbacks, and bad input.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import { DurableClientError, replayNameOf } from "../../sdk/runtime";
import type { JobRecord } from "../../sdk/store/types";
import { createHarness, mustGet, type Harness } from "./helpers";
import { waitUntil } from "../support/wait";

let h: Harness;
let broken: boolean;
const operator = { actor: "ada", authMethod: "session", role: "operator", source: "console" };

beforeEach(async () => {
  h = await createHarness();
  broken = true;
  h.registry.register(
    "orders",
    withDurableExecution(async (input: { ok?: boolean }, ctx) => {
      await ctx.step("charge", async () => "charged");
      if (!input?.ok && broken) throw new Error("warehouse down");
      return "shipped";
    }),
  );
  h.registry.register(
    "approve",
    withDurableExecution(async (_input, ctx) => ctx.waitForCallback("manager", async () => undefined)),
  );
});
afterEach(async () => {
  await h.close();
});

/** Starts `failed` executions that fail and `ok` that succeed, and runs them to their end. */
async function seed(failed: number, ok: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < failed; i++) ids.push((await h.client.startExecution({ functionName: "orders", input: "{}" })).execution.executionId);
  for (let i = 0; i < ok; i++) await h.client.startExecution({ functionName: "orders", input: '{"ok":true}' });
  await h.worker.drain();
  return ids;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return DurableClientError.is(error) ? error.code : `not a DurableClientError: ${String(error)}`;
  }
}

async function allOutcomes(jobId: string) {
  return (await h.client.listJobOutcomes(jobId, { limit: 1000 })).items;
}

describe("bulk jobs", () => {
  it("previews, then redrives every failed match once, skipping the rest with a reason, audited with the job's id", async () => {
    const failed = await seed(7, 2);
    const input = { action: "redrive" as const, query: { functionName: "orders", statuses: ["FAILED" as const, "SUCCEEDED" as const] }, batchSize: 3 };
    const preview = await h.client.previewBulkJob(input);
    expect(preview).toMatchObject({ matched: 9, willAct: 7, willSkip: 2 });
    expect(preview.groups).toEqual([
      { status: "SUCCEEDED", count: 2, act: false, reason: "not redrivable: SUCCEEDED" },
      { status: "FAILED", count: 7, act: true, does: "redrive" },
    ]);
    broken = false;
    const { job } = await h.client.createBulkJob(input, operator);
    expect(job.status).toBe("PENDING");
    expect(await h.worker.jobs.runOnce()).toBe(true);
    const ended = await h.client.getJob(job.jobId);
    expect(ended).toMatchObject({ status: "SUCCEEDED", counts: { matched: 9, done: 7, skipped: 2, failed: 0 } });
    expect(ended.leaseOwner).toBeUndefined();
    const outcomes = await allOutcomes(job.jobId);
    expect(outcomes.map((o) => o.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(outcomes.filter((o) => o.status === "SKIPPED").map((o) => o.reason)).toEqual(["not redrivable: SUCCEEDED", "not redrivable: SUCCEEDED"]);
    expect(new Set(outcomes.filter((o) => o.status === "DONE").map((o) => o.executionId))).toEqual(new Set(failed));
    await h.worker.drain();
    for (const id of failed) expect(await mustGet(h.store, id)).toMatchObject({ redriveCount: 1, status: "SUCCEEDED" });
    const audit = (await h.client.listAudit({ limit: 100 })).items.filter((r) => (r.details as { jobId?: string } | undefined)?.jobId === job.jobId);
    expect(audit.filter((r) => r.action === "execution.redrive")).toHaveLength(7);
    expect(audit.every((r) => r.actor === "ada" && r.source === "job")).toBe(true);
    expect(audit.find((r) => r.action === "job.succeeded")?.details).toMatchObject({ counts: { done: 7, skipped: 2 } });
    expect(await h.worker.jobs.runOnce()).toBe(false);
  });

  it("a runner taking over a job whose runner died mid-batch settles that batch without acting twice", async () => {
    const failed = await seed(5, 0);
    broken = false;
    const { job } = await h.client.createBulkJob({ action: "redrive", query: { statuses: ["FAILED"] }, batchSize: 3 }, operator);
    // The dead runner: it claimed the job, noted its first batch, redrove the first of it, and died.
    const claimed = await h.store.jobs.claim({ now: h.clock.now(), owner: "dead", leaseMs: 1000 });
    const page = await h.store.executions.list({ statuses: ["FAILED"], oldestFirst: true, limit: 3 });
    await h.store.jobs.update(job.jobId, "dead", {
      inFlight: page.items.map((e) => ({ executionId: e.executionId, mark: { v: e.redriveCount } })),
      cursor: page.nextCursor,
    });
    expect(claimed?.jobId).toBe(job.jobId);
    await h.client.redriveExecution(page.items[0]!.executionId);
    expect(await h.worker.jobs.runOnce()).toBe(false); // its lease has not lapsed
    h.clock.advance(1001);
    expect(await h.worker.jobs.runOnce()).toBe(true);
    const ended = await h.client.getJob(job.jobId);
    expect(ended).toMatchObject({ status: "SUCCEEDED", counts: { done: 5, skipped: 0, failed: 0 } });
    const outcomes = await allOutcomes(job.jobId);
    expect(outcomes.find((o) => o.executionId === page.items[0]!.executionId)?.details).toMatchObject({ beforeTakeover: true, redriveCount: 1 });
    for (const id of failed) expect((await mustGet(h.store, id)).redriveCount).toBe(1);
  });

  it("replays each match once, under a name a takeover finds again", async () => {
    await seed(0, 3);
    const { job } = await h.client.createBulkJob({ action: "replay", query: { functionName: "orders" } }, operator);
    const sources = (await h.store.executions.list({ oldestFirst: true })).items;
    // As if a runner replayed the first source and died before recording it.
    await h.store.jobs.claim({ now: h.clock.now(), owner: "dead", leaseMs: 10 });
    await h.store.jobs.update(job.jobId, "dead", { inFlight: sources.map((e) => ({ executionId: e.executionId, mark: { v: null } })), cursor: "$end" });
    await h.client.replayExecution(sources[0]!.executionId, { name: replayNameOf(job.jobId, sources[0]!.executionId) });
    h.clock.advance(11);
    await h.worker.jobs.runOnce();
    expect((await h.client.getJob(job.jobId)).counts).toMatchObject({ done: 3 });
    const all = (await h.store.executions.list({ limit: 100 })).items;
    expect(all).toHaveLength(6);
    for (const source of sources) expect(all.filter((e) => e.replayOf === source.executionId)).toHaveLength(1);
  });

  it("answers every pending callback of every match", async () => {
    for (let i = 0; i < 3; i++) await h.client.startExecution({ functionName: "approve" });
    await h.worker.drain();
    const { job, preview } = await h.client.createBulkJob({ action: "answer", query: { functionName: "approve" }, answer: { outcome: "succeed", result: "yes" } }, operator);
    expect(preview.groups).toEqual([{ status: "RUNNING", count: 3, act: true, does: "answer its pending callbacks" }]);
    await h.worker.jobs.runOnce();
    await h.worker.drain();
    expect((await h.client.getJob(job.jobId)).counts).toMatchObject({ done: 3 });
    const runs = (await h.store.executions.list({ functionName: "approve" })).items;
    expect(runs.map((e) => [e.status, e.result])).toEqual([
      ["SUCCEEDED", '"yes"'],
      ["SUCCEEDED", '"yes"'],
      ["SUCCEEDED", '"yes"'],
    ]);
    const audit = (await h.client.listAudit({ limit: 100 })).items.filter((r) => r.action === "callback.succeed");
    expect(audit).toHaveLength(3);
    expect(audit.every((r) => r.callbackId && (r.details as { jobId: string }).jobId === job.jobId)).toBe(true);
  });

  it("cancels a pending job at once and a running one between batches", async () => {
    await seed(12, 0);
    broken = false;
    const pending = (await h.client.createBulkJob({ action: "redrive", query: { statuses: ["FAILED"] } }, operator)).job;
    expect((await h.client.cancelJob(pending.jobId)).status).toBe("CANCELLED");
    expect(await codeOf(h.client.cancelJob(pending.jobId))).toBe("INVALID_STATE");
    expect(await h.worker.jobs.runOnce()).toBe(false);

    const { job } = await h.client.createBulkJob({ action: "redrive", query: { statuses: ["FAILED"] }, batchSize: 2, ratePerSecond: 4 }, operator);
    // 4 a second: the twelve take 3 s, time enough to cancel after the first batch on a busy machine.
    const running = h.worker.jobs.runOnce();
    await waitUntil("the first batch", async () => (await h.client.getJob(job.jobId)).counts.done >= 2, 10_000, 5);
    const asked = await h.client.cancelJob(job.jobId);
    expect(asked.cancelRequested).toBe(true);
    await running;
    const ended: JobRecord = await h.client.getJob(job.jobId);
    expect(ended.status).toBe("CANCELLED");
    expect(ended.counts.done).toBeLessThan(12);
    expect(ended.counts.done % 2).toBe(0);
    const redriven = (await h.store.executions.list({ limit: 100 })).items.filter((e) => e.redriveCount > 0);
    expect(redriven).toHaveLength(ended.counts.done);
  });

  it("refuses bad input with VALIDATION_ERROR and stores nothing", async () => {
    await seed(1, 0);
    const bad: unknown[] = [
      { action: "delete", query: {} },
      { action: "redrive", query: { statuses: ["BROKEN"] } },
      { action: "redrive", query: { startedAfter: "2026-02-01T00:00:00Z", startedBefore: "2026-01-01T00:00:00Z" } },
      { action: "redrive", query: { from: "yesterday" } },
      { action: "answer", query: {} },
      { action: "stop", query: {}, answer: { outcome: "succeed" } },
      { action: "stop", query: {}, ratePerSecond: 0 },
      { action: "stop", query: {}, batchSize: 1000 },
    ];
    for (const input of bad) expect(await codeOf(h.client.createBulkJob(input as never, operator)), JSON.stringify(input)).toBe("VALIDATION_ERROR");
    expect((await h.client.listJobs()).items).toEqual([]);
    expect(await codeOf(h.client.getJob("job-nope"))).toBe("JOB_NOT_FOUND");
    expect(await codeOf(h.client.getJob("../etc"))).toBe("VALIDATION_ERROR");
    expect(await codeOf(h.client.listJobs({ cursor: "nope" }))).toBe("VALIDATION_ERROR");
  });
});
