/**
 * The console's cost API, called as Next calls it over a real SQLite file: one execution's figures
 * (run by a worker on a manual clock, so they are known exactly), a function's, and bad input.
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
import type { DurableStore } from "@/sdk/store/types";
import { ManualClock } from "@/sdk/testing/manual-clock";
import type { ExecutionCost, FunctionCost } from "@/sdk/runtime/cost/types";
import { closeConsoleFixture } from "./support/fixture";

const dir = mkdtempSync(join(tmpdir(), "console-cost-"));
process.env.DURABLE_STORE = join(dir, "durable.db");

let store: DurableStore;
let executionId: string;

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const get = (path: string) => new Request(`http://console.test${path}`);

beforeAll(async () => {
  store = await openStore(process.env.DURABLE_STORE);
  const clock = new ManualClock(Math.ceil(Date.now() / 1000) * 1000);
  const registry = new FunctionRegistry().register(
    "billed",
    withDurableExecution(async (_input: unknown, c) => {
      clock.advance(50);
      await c.wait("pause", { seconds: 30 });
      await c.step("work", async () => {
        clock.advance(1000);
        return "done";
      });
    }),
  );
  const client = new DurableClient({ store, registry, clock });
  const worker = new Worker({ store, registry, clock, retentionDays: null });
  ({ execution: { executionId } } = await client.startExecution({ functionName: "billed", input: "{}" }));
  await worker.drain();
  clock.advance(30_000);
  await worker.drain();
  await worker.stop();
});

afterAll(() => closeConsoleFixture(store, dir));

describe("GET /api/executions/:id/cost", () => {
  it("answers the figures, each limit, and the estimate at the memory size asked for", async () => {
    const { GET } = await import("@/app/api/executions/[id]/cost/route");
    const response = await GET(get(`/api/executions/${executionId}/cost?memoryMb=2048&retentionDays=30`), ctx(executionId));
    expect(response.status).toBe(200);
    const cost = (await response.json()) as ExecutionCost;
    expect(cost).toMatchObject({ executionId, functionName: "billed", status: "SUCCEEDED" });
    // Invocation 1: 50 ms, then the wait; invocation 2: 50 ms replaying, 1000 ms in "work".
    expect(cost.figures).toMatchObject({ invocations: 2, computeMs: 1100, replayMs: 50, waitingMs: 30_000, lifetimeMs: 31_100, operations: 3 });
    expect(cost.limits.map((l) => l.limit)).toEqual(["invocation", "operationPayload", "input", "result", "history", "lifetime"]);
    expect(cost.estimate).toMatchObject({ memoryMb: 2048, retentionDays: 30 });
    expect(cost.estimate.lines.find((l) => l.item === "compute")!.quantity).toBeCloseTo(1.1 * 2, 9);
  });

  it("refuses a memory size Lambda does not offer, and an unknown execution", async () => {
    const { GET } = await import("@/app/api/executions/[id]/cost/route");
    const bad = await GET(get(`/api/executions/${executionId}/cost?memoryMb=64`), ctx(executionId));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_ERROR");
    const unknown = await GET(get(`/api/executions/nope/cost`), ctx("nope"));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("EXECUTION_NOT_FOUND");
  });
});

describe("GET /api/functions/cost", () => {
  it("sums the function's newest executions and says what one run costs", async () => {
    const { GET } = await import("@/app/api/functions/cost/route");
    const response = await GET(get(`/api/functions/cost?function=billed&last=5`), undefined);
    expect(response.status).toBe(200);
    const cost = (await response.json()) as FunctionCost;
    expect(cost).toMatchObject({ functionName: "billed", executions: 1, totals: { computeMs: 1100 }, averages: { computeMs: 1100 } });
    expect(cost.estimatePerRun).toBeCloseTo(cost.estimate.total, 15);
    expect((await GET(get(`/api/functions/cost?function=billed&last=0`), undefined)).status).toBe(400);
    expect((await GET(get(`/api/functions/cost`), undefined)).status).toBe(400);
  });
});
