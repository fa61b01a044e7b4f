/**
 * The Functions page's figures: counts by status over the whole store, and for the recent window
 * (every execution in it, exactly: no sample) success rate, duration p50/p95 and executions over
 * time — over a real SQLite file whose executions have known start times, ends and outcomes.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeConsoleFixture } from "./support/fixture";
import { buildNewExecution } from "@/sdk/runtime/execution-factory";
import { newExecutionId } from "@/sdk/runtime/ids";
import { openStore } from "@/sdk/store/open";
import type { DurableStore } from "@/sdk/store/types";
import type { ExecutionStatus } from "@/sdk/types/wire";
import type { FunctionSummary } from "@/lib/types";

const dir = mkdtempSync(join(tmpdir(), "console-fn-stats-"));
process.env.DURABLE_STORE = join(dir, "durable.db");

const MIN = 60_000;
const HOUR = 60 * MIN;
// A fixed "now" on an hour boundary plus 30 minutes, so bucket positions are exact.
const NOW = Date.parse("2026-03-10T12:30:00.000Z");
let store: DurableStore;

async function put(functionName: string, name: string, startedAgoMs: number, status: ExecutionStatus, durationMs?: number) {
  const created = buildNewExecution({ executionId: newExecutionId(), functionName, name, now: NOW - startedAgoMs });
  const execution = { ...created.execution, status };
  delete execution.nextWakeAt;
  if (durationMs !== undefined) execution.endTimestamp = new Date(NOW - startedAgoMs + durationMs).toISOString();
  await store.executions.create({ ...created, execution });
}

beforeAll(async () => {
  store = await openStore(process.env.DURABLE_STORE);
  // pay: 4 in the last hour (3 succeeded 100/200/300 ms, 1 failed 1 s), 2 earlier today, 1 last week.
  await put("pay", "p1", 5 * MIN, "SUCCEEDED", 100);
  await put("pay", "p2", 10 * MIN, "SUCCEEDED", 200);
  await put("pay", "p3", 12 * MIN, "SUCCEEDED", 300);
  await put("pay", "p4", 40 * MIN, "FAILED", 1000);
  await put("pay", "p5", 3 * HOUR, "SUCCEEDED", 5000);
  await put("pay", "p6", 3 * HOUR + 10 * MIN, "RUNNING");
  await put("pay", "p7", 8 * 24 * HOUR, "STOPPED", 50);
  // ship: nothing recent.
  await put("ship", "s1", 30 * 24 * HOUR, "SUCCEEDED", 10);
});

afterAll(() => closeConsoleFixture(store, dir));

describe("percentiles and buckets", () => {
  it("uses nearest-rank percentiles", async () => {
    const { percentileOf } = await import("@/lib/server/queries/function-stats");
    expect(percentileOf([], 50)).toBeUndefined();
    expect(percentileOf([7], 95)).toBe(7);
    expect(percentileOf([1, 2, 3, 4], 50)).toBe(2);
    expect(percentileOf(Array.from({ length: 100 }, (_, i) => i + 1), 95)).toBe(95);
  });

  it("puts each row in its bar, with the bar's own percentiles, and running rows without a duration", async () => {
    const { summarizeWindow } = await import("@/lib/server/queries/function-stats");
    const rows: [number, "SUCCEEDED" | "FAILED" | "RUNNING", number | null][] = [
      [NOW - 50 * MIN, "SUCCEEDED", 10],
      [NOW - 50 * MIN + 1, "FAILED", 30],
      [NOW - 50 * MIN + 2, "RUNNING", null],
      [NOW - MIN, "SUCCEEDED", 500],
    ];
    const stats = summarizeWindow(rows, "1h", NOW);
    expect(stats.sampled).toBe(4);
    expect(stats.truncated).toBe(false);
    expect(stats.coveredFrom).toBe(stats.from);
    expect(stats.counts).toMatchObject({ SUCCEEDED: 2, FAILED: 1, RUNNING: 1 });
    expect(stats.finished).toBe(3);
    expect(stats.durationP50Ms).toBe(30);
    const bar = stats.buckets.find((b) => b.start === NOW - 50 * MIN)!;
    expect(bar).toMatchObject({ SUCCEEDED: 1, FAILED: 1, RUNNING: 1, p50Ms: 10, p95Ms: 30 });
  });
});

describe("listFunctionSummaries", () => {
  it("counts all time, and computes the last hour's success rate, durations and bars", async () => {
    const { listFunctionSummaries } = await import("@/lib/server/queries/functions");
    const summaries = await listFunctionSummaries({ range: "1h", now: NOW });
    const pay = summaries.find((fn) => fn.functionName === "pay")!;
    expect(pay.total).toBe(7);
    expect(pay.counts).toMatchObject({ SUCCEEDED: 4, FAILED: 1, RUNNING: 1, STOPPED: 1 });

    const w = pay.window!;
    expect(w.sampled).toBe(4);
    expect(w.truncated).toBe(false);
    expect(w.counts).toMatchObject({ SUCCEEDED: 3, FAILED: 1, RUNNING: 0 });
    expect(w.successRate).toBe(0.75);
    expect(w.durationP50Ms).toBe(200);
    expect(w.durationP95Ms).toBe(1000);
    // 2-minute bars on fixed boundaries, covering the hour up to now.
    expect(w.bucketMs).toBe(2 * MIN);
    expect(w.buckets[0]!.start % (2 * MIN)).toBe(0);
    expect(w.buckets.at(-1)!.start).toBeLessThanOrEqual(NOW);
    expect(w.buckets.reduce((n, b) => n + b.SUCCEEDED + b.FAILED, 0)).toBe(4);
    const failedBar = w.buckets.find((b) => b.FAILED > 0)!;
    expect(failedBar.start).toBe(NOW - 40 * MIN);
    expect(failedBar.p50Ms).toBe(1000);
  });

  it("widens to the day: the running execution counts, without a duration", async () => {
    const { listFunctionSummaries } = await import("@/lib/server/queries/functions");
    const pay = (await listFunctionSummaries({ range: "24h", now: NOW })).find((fn) => fn.functionName === "pay")!;
    expect(pay.window!.sampled).toBe(6);
    expect(pay.window!.counts.RUNNING).toBe(1);
    expect(pay.window!.finished).toBe(5);
    expect(pay.window!.durationP95Ms).toBe(5000);
    expect(pay.window!.buckets).toHaveLength(25);
    expect(pay.window!.bucketMs).toBe(HOUR);
  });

  it("gives a function with only old executions an empty window", async () => {
    const { listFunctionSummaries } = await import("@/lib/server/queries/functions");
    const ship = (await listFunctionSummaries({ range: "7d", now: NOW })).find((fn) => fn.functionName === "ship")!;
    expect(ship.total).toBe(1);
    expect(ship.window!.sampled).toBe(0);
    expect(ship.window!.successRate).toBeUndefined();
    expect(ship.window!.durationP50Ms).toBeUndefined();
  });
});

describe("exact figures past the old 1,000-execution sample", () => {
  it("counts all 1,500 executions in range and takes percentiles over all of them", async () => {
    // bulk: 1,500 executions in the last hour, 1,000 newer ones fast (10 ms) and 500 older ones
    // slow (1,000 ms, every fifth FAILED). The newest 1,000 alone would say p95 = 10 ms, 0 failed.
    const { listFunctionSummaries } = await import("@/lib/server/queries/functions");
    for (let i = 0; i < 1500; i++) {
      const older = i >= 1000;
      await put("bulk", `b${i}`, 1000 + i * 1000, older && i % 5 === 0 ? "FAILED" : "SUCCEEDED", older ? 1000 : 10);
    }
    const bulk = (await listFunctionSummaries({ range: "1h", now: NOW })).find((fn) => fn.functionName === "bulk")!;
    const w = bulk.window!;
    expect(w.sampled).toBe(1500);
    expect(w.truncated).toBe(false);
    expect(w.coveredFrom).toBe(new Date(NOW - HOUR).toISOString());
    expect(w.counts.SUCCEEDED + w.counts.FAILED).toBe(1500);
    expect(w.counts.FAILED).toBe(100);
    expect(w.finished).toBe(1500);
    expect(w.successRate).toBeCloseTo(1400 / 1500, 10);
    expect(w.durationP50Ms).toBe(10);
    expect(w.durationP95Ms).toBe(1000);
    expect(w.buckets.reduce((n, b) => n + b.SUCCEEDED + b.FAILED, 0)).toBe(1500);
  });
});

describe("GET /api/functions", () => {
  it("takes a range and refuses an unknown one with 400 VALIDATION_ERROR", async () => {
    const { GET } = await import("@/app/api/functions/route");
    const ok = await GET(new Request("http://console.test/api/functions?range=7d"), undefined as never);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as FunctionSummary[];
    expect(body.find((fn) => fn.functionName === "pay")!.window!.range).toBe("7d");
    const bad = await GET(new Request("http://console.test/api/functions?range=2d"), undefined as never);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_ERROR");
  });
});
