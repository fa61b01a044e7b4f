/**
 * `durable cost <id>` and `durable cost --function f`, in this process over a real SQLite file
 * whose execution a worker on a manual clock ran (so its compute time is known exactly).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { DurableClient, FunctionRegistry, Worker } from "../../sdk/runtime";
import type { ExecutionCost, FunctionCost } from "../../sdk/runtime/cost/types";
import { SqliteStore } from "../../sdk/store/sqlite";
import { ManualClock } from "../../sdk/testing/manual-clock";
import { inProcessRunner } from "./run-cli";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-cli-cost-"));
const dbPath = path.join(dir, "cli.db");
const { durable, json } = inProcessRunner(dbPath);

let store: SqliteStore;
let executionId: string;

beforeAll(async () => {
  store = new SqliteStore({ path: dbPath });
  await store.init();
  const clock = new ManualClock(Math.ceil(Date.now() / 1000) * 1000);
  const registry = new FunctionRegistry().register(
    "priced",
    withDurableExecution(async (_input: unknown, ctx) =>
      ctx.step("work", async () => {
        clock.advance(1500);
        return "done";
      }),
    ),
  );
  const worker = new Worker({ store, registry, clock, retentionDays: null });
  ({ execution: { executionId } } = await new DurableClient({ store, registry, clock }).startExecution({ functionName: "priced" }));
  await worker.drain();
  await worker.stop();
});

afterAll(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("durable cost", () => {
  it("answers one execution's figures, limits and estimate as JSON, at the memory size given", async () => {
    const cost = await json<ExecutionCost>("cost", executionId, "--memory-mb", "1024");
    expect(cost.figures).toMatchObject({ invocations: 1, computeMs: 1500, operations: 2 });
    expect(cost.estimate.memoryMb).toBe(1024);
    expect(cost.estimate.lines.find((l) => l.item === "compute")!.quantity).toBeCloseTo(1.5, 9);
    expect(cost.limits.find((l) => l.limit === "invocation")).toMatchObject({ value: 1500, max: 900_000 });
  });

  it("prints the figures, each limit and the estimate for people", async () => {
    const r = await durable("cost", executionId);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^compute\s+1\.5 s$/m);
    expect(r.stdout).toMatch(/^longest invocation\s+1\.5 s\s+15m 00s\s+0\.2%\s+ok$/m);
    expect(r.stdout).toMatch(/Estimate on Lambda \(us-east-1, 128 MB, 14 days retained, prices of \d{4}-\d\d-\d\d\)/);
  });

  it("sums a function's newest executions", async () => {
    const cost = await json<FunctionCost>("cost", "--function", "priced", "--last", "10");
    expect(cost).toMatchObject({ functionName: "priced", executions: 1, totals: { computeMs: 1500 } });
    expect(cost.estimatePerRun).toBeGreaterThan(0);
  });

  it("refuses bad usage and bad values, naming the flag", async () => {
    expect((await durable("cost")).code).toBe(2);
    expect((await durable("cost", executionId, "--function", "priced")).code).toBe(2);
    expect((await durable("cost", executionId, "--last", "3")).code).toBe(2);
    const small = await durable("cost", executionId, "--memory-mb", "64", "--json");
    expect(small.code).toBe(2);
    expect(small.stderr).toContain("--memory-mb");
    const missing = await durable("cost", "no-such-execution", "--json");
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { code: "EXECUTION_NOT_FOUND" } });
  });
});
