/**
 * Two real runs of order-processing compared: one approved and shipped, one whose payment was
 * declined until its retries ran out. Through the console's API (route handler, redacting
 * client) and `durable diff` (in process, plain client) over the same SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerExamples } from "../../examples";
import { sampleOrder } from "../../examples/order-processing/sample-order";
import type { RunComparison } from "../../lib/compare/compare-runs";
import { createHarness, mustGet, type Harness } from "../runtime/helpers";
import { inProcessRunner } from "../cli/run-cli";

let h: Harness;
let shipped: string;
let declined: string;

const get = (path: string) => new Request(`http://console.test${path}`);

async function runUntilEnded(executionId: string): Promise<void> {
  for (let round = 0; round < 60; round++) {
    await h.worker.drain();
    const pending = (await h.store.callbacks.listPending()).items.find((c) => c.executionId === executionId);
    if (pending) await h.client.sendCallbackSuccess(pending.callbackId, JSON.stringify({ approved: true, approver: "ops" }));
    if ((await mustGet(h.store, executionId)).status !== "RUNNING") return;
    h.clock.advance(5_000);
  }
  throw new Error(`${executionId} did not end`);
}

beforeAll(async () => {
  h = await createHarness();
  registerExamples(h.registry);
  process.env.DURABLE_STORE = h.path;
  const start = async (name: string, input: unknown) =>
    (await h.client.startExecution({ functionName: "order-processing", name, input: JSON.stringify(input) })).execution.executionId;
  shipped = await start("order-shipped", sampleOrder("7001", { paymentDeclines: 1 }));
  declined = await start("order-declined", sampleOrder("7002", { paymentDeclines: 9, customerId: "cust-99" }));
  await runUntilEnded(shipped);
  await runUntilEnded(declined);
});

afterAll(async () => {
  const { durable } = await import("@/lib/server/durable");
  await (await durable()).raw.store.close();
  delete process.env.DURABLE_REDACT_PATHS;
  await h.close();
});

async function compareViaApi(a: string, b: string): Promise<Response> {
  const { GET } = await import("@/app/api/executions/compare/route");
  return GET(get(`/api/executions/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`), undefined);
}

describe("comparing two runs", () => {
  it("names the first divergence, diffs the inputs and aligns the operations by id", async () => {
    expect((await mustGet(h.store, shipped)).status).toBe("SUCCEEDED");
    expect((await mustGet(h.store, declined)).status).toBe("FAILED");
    const response = await compareViaApi(declined, shipped);
    expect(response.status).toBe(200);
    const c = (await response.json()) as RunComparison;

    expect(c.a).toMatchObject({ executionId: declined, status: "FAILED" });
    expect(c.b).toMatchObject({ executionId: shipped, status: "SUCCEEDED" });
    expect(c.firstDivergence?.message).toBe(
      "run A failed at `process-payment` (attempt 4, Payment provider declined the charge (attempt 4)); run B succeeded there (attempt 2)",
    );
    expect(c.input.changes).toEqual([
      { path: "orderId", kind: "changed", a: "7002", b: "7001" },
      { path: "customerId", kind: "changed", a: "cust-99", b: "cust-42" },
      { path: "paymentDeclines", kind: "changed", a: 9, b: 1 },
    ]);

    const byLabel = new Map(c.operations.map((p) => [p.label, p]));
    expect(byLabel.get("validate-order")?.differences).toEqual(["result"]);
    expect(byLabel.get("process-payment")).toMatchObject({ a: { status: "FAILED", attempts: 4 }, b: { status: "SUCCEEDED", attempts: 2 } });
    // What only the shipped run reached is there, marked as such.
    for (const label of ["fraud-review-hold", "create-shipment"]) {
      expect(byLabel.get(label)?.differences, label).toEqual(["presence"]);
      expect(byLabel.get(label)?.a, label).toBeUndefined();
      expect(byLabel.get(label)?.b?.status, label).toBe("SUCCEEDED");
    }
    expect(c.counts.onlyA).toBe(0);
    expect(c.counts.onlyB).toBeGreaterThanOrEqual(3);
    expect(c.operations.map((p) => p.label).slice(0, 3)).toEqual(["validate-order", "reserve-inventory", "process-payment"]);
  });

  it("compares a run with itself as the same, and refuses unknown or malformed runs", async () => {
    const same = (await (await compareViaApi(shipped, shipped)).json()) as RunComparison;
    expect(same.firstDivergence).toBeUndefined();
    expect(same.input.equal).toBe(true);
    expect(same.counts).toMatchObject({ different: 0, onlyA: 0, onlyB: 0 });

    const missing = await compareViaApi(shipped, "no-such-execution");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("EXECUTION_NOT_FOUND");
    const malformed = await compareViaApi(shipped, "not an id");
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_ERROR");
  });

  it("never shows a redacted value, nor whether it differs", async () => {
    process.env.DURABLE_REDACT_PATHS = "$.customerId";
    try {
      const c = (await (await compareViaApi(declined, shipped)).json()) as RunComparison;
      expect(c.input.changes.map((change) => change.path)).toEqual(["orderId", "paymentDeclines"]);
      expect(JSON.stringify(c)).not.toContain("cust-99");
    } finally {
      delete process.env.DURABLE_REDACT_PATHS;
    }
  });

  it("durable diff prints the same comparison, for people and as JSON", async () => {
    const { durable, json } = inProcessRunner(h.path);
    const text = await durable("diff", declined, shipped);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("first divergence: run A failed at `process-payment` (attempt 4");
    expect(text.stdout).toContain("~ paymentDeclines: 9 -> 1");
    expect(text.stdout).toMatch(/process-payment\s+Step\s+FAILED attempt 4 Error\s+SUCCEEDED attempt 2\s+status,result,error,attempts/);
    const viaApi = (await (await compareViaApi(declined, shipped)).json()) as RunComparison;
    expect(await json<RunComparison>("diff", declined, shipped)).toEqual(viaApi);
    const usage = await durable("diff", declined);
    expect(usage.code).toBe(2);
  });
});
