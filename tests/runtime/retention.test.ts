import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { RetentionSweeper, Worker } from "../../sdk/runtime";
import { job } from "../store/conformance/jobs";
import { createHarness, type Harness } from "./helpers";

const DAY = 24 * 3600 * 1000;
let h: Harness;
beforeEach(async () => {
  h = await createHarness({ retentionDays: null });
  h.registry.register("quick", withDurableExecution(async () => "done"));
  h.registry.register("sleepy", withDurableExecution(async (_i: unknown, ctx) => ctx.wait({ days: 300 })));
});
afterEach(async () => {
  await h.close();
});

async function finished(functionName: string, count: number): Promise<string[]> {
  const ids = [];
  for (let i = 0; i < count; i++) ids.push((await h.client.startExecution({ functionName })).execution.executionId);
  await h.worker.drain();
  return ids;
}

describe("retention", () => {
  it("purges executions that ended before the retention period, in bounded batches, and nothing younger", async () => {
    const old = await finished("quick", 7);
    const oldRunning = await finished("sleepy", 2);
    h.clock.advance(20 * DAY);
    const younger = await finished("quick", 3);
    h.clock.advance(11 * DAY); // the first batch ended 31 days ago, the second 11 days ago

    const sweeper = new RetentionSweeper({ store: h.store, clock: h.clock, retentionDays: 30, batchSize: 2, maxPerSweep: 5 });
    expect(await sweeper.sweep()).toBe(5); // bounded: the rest waits for the next sweep
    expect(await sweeper.sweep()).toBe(2);
    expect(await sweeper.sweep()).toBe(0);

    for (const id of old) await expect(h.client.getExecution(id)).rejects.toMatchObject({ code: "EXECUTION_NOT_FOUND" });
    for (const id of old) expect((await h.store.history.list(id)).items).toEqual([]);
    for (const id of [...younger, ...oldRunning]) expect((await h.client.getExecution(id)).executionId).toBe(id);
    for (const id of younger) expect((await h.store.history.list(id)).items.length).toBeGreaterThan(0);
    expect((await h.client.getExecution(oldRunning[0])).status).toBe("RUNNING");
  });

  it("purges bulk jobs and checks that ended before the retention period, with their outcomes", async () => {
    const ended = (jobId: string, daysAgo: number) =>
      h.store.jobs.create({
        ...job(jobId, { status: "SUCCEEDED" }),
        endedTimestamp: new Date(h.clock.now() - daysAgo * DAY).toISOString(),
      });
    await ended("job-old", 31);
    await ended("job-recent", 29);
    await h.store.jobs.create(job("job-pending"));
    const sweeper = new RetentionSweeper({ store: h.store, clock: h.clock, retentionDays: 30 });
    expect(await sweeper.sweepAll()).toEqual({ executions: 0, auditRecords: 0, jobs: 1 });
    expect((await h.store.jobs.list()).items.map((j) => j.jobId)).toEqual(["job-recent", "job-pending"]);
  });

  it("the worker sweeps with its configured retention", async () => {
    const worker = new Worker({
      store: h.store,
      registry: h.registry,
      clock: h.clock,
      retentionDays: 1,
    });
    const ids = await finished("quick", 3);
    h.clock.advance(2 * DAY);
    expect(await worker.sweepRetention()).toBe(3);
    await expect(h.client.getExecution(ids[0])).rejects.toMatchObject({ code: "EXECUTION_NOT_FOUND" });
  });
});
