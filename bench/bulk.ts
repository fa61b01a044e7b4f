/**
 * B1: a bulk redrive of 10,000 failed executions on SQLite (synchronous FULL), as a job run by a
 * worker's job runner (batches of 90, rate limit raised to 10,000/s so the figure is the job's
 * own cost), against this run's baseline: the same 10,000 redriven one by one through the client,
 * as a script or the old per-row console action would. Only the redrives are timed: the redriven
 * executions are not run again (no worker polls).
 */
import { withDurableExecution } from "../sdk";
import { FunctionRegistry, JobRunner } from "../sdk/runtime";
import { harness, performance, type Harness } from "./workloads";

const COUNT = Number(process.env.BENCH_BULK_COUNT ?? 10_000);

async function failedStore(): Promise<{ h: Harness; ids: string[] }> {
  const h = await harness({ "bulk-fails": withDurableExecution(async () => Promise.reject(new Error("down"))) }, "FULL");
  const ids: string[] = [];
  for (let i = 0; i < COUNT; i += 500) {
    const started = await Promise.all(Array.from({ length: Math.min(500, COUNT - i) }, () => h.client.startExecution({ functionName: "bulk-fails", input: "{}" })));
    ids.push(...started.map((s) => s.execution.executionId));
    await h.worker.drain();
  }
  return { h, ids };
}

export async function bulkRedriveBench(record: (name: string, value: number, unit: string, baseline: number | null) => void): Promise<void> {
  const one = await failedStore();
  let started = performance.now();
  for (const id of one.ids) await one.h.client.redriveExecution(id);
  const oneByOne = COUNT / ((performance.now() - started) / 1000);
  await one.h.close();

  const bulk = await failedStore();
  const runner = new JobRunner({ store: bulk.h.store, registry: new FunctionRegistry(), clock: bulk.h.clock, owner: "bench", onWake: () => undefined, onError: () => undefined });
  started = performance.now();
  const { job } = await bulk.h.client.createBulkJob({ action: "redrive", query: { statuses: ["FAILED"] }, ratePerSecond: 10_000, batchSize: 90 }, { actor: "bench", authMethod: "none" });
  await runner.runOnce();
  const seconds = (performance.now() - started) / 1000;
  const ended = await bulk.h.store.jobs.get(job.jobId);
  await bulk.h.close();
  if (ended?.counts.done !== COUNT) throw new Error(`bulk redrive bench: the job redrove ${ended?.counts.done} of ${COUNT}`);
  record(`B1 bulk redrive job, ${COUNT} failed executions (baseline: one by one through the client)`, COUNT / seconds, "executions/s", oneByOne);
}
