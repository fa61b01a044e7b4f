/**
 * The console's "resume safely" API, called as Next calls it over a real SQLite file: the redrive
 * preview with its determinism check (against the code the console has: the bundled examples),
 * the redrive refused with 409 NON_DETERMINISTIC unless forced (audited either way), rerun from a
 * step, and the check of a function's recent executions.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDurableExecution } from "@/sdk";
import { registerExamples } from "@/examples";
import { sampleOrder } from "@/examples/order-processing/sample-order";
import { DurableClient } from "@/sdk/runtime/client";
import { FunctionRegistry } from "@/sdk/runtime/registry";
import { Worker } from "@/sdk/runtime/worker";
import { openStore } from "@/sdk/store/open";
import type { DurableStore } from "@/sdk/store/types";
import type { RedrivePlanView, RerunResult } from "@/lib/resume-types";
import { closeConsoleFixture } from "./support/fixture";

const dir = mkdtempSync(join(tmpdir(), "console-resume-"));
process.env.DURABLE_STORE = join(dir, "durable.db");

let store: DurableStore;
let client: DurableClient;
/** order-processing, run by the examples' code, stopped while it waits. */
let compatibleId: string;
/** order-processing, run by an older version of the code whose first step had another name. */
let legacyId: string;

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const get = (path: string) => new Request(`http://console.test${path}`);
const post = (path: string, body?: unknown) =>
  new Request(`http://console.test${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

async function runWith(registry: FunctionRegistry, input: string): Promise<string> {
  const worker = new Worker({ store, registry, retentionDays: null });
  const { execution } = await client.startExecution({ functionName: "order-processing", input });
  await worker.drain();
  await worker.stop();
  await client.stopExecution(execution.executionId, { ErrorType: "Operator", ErrorMessage: "paused for the test" });
  return execution.executionId;
}

beforeAll(async () => {
  store = await openStore(process.env.DURABLE_STORE);
  client = new DurableClient({ store });
  const input = JSON.stringify(sampleOrder("A-1", { holdSeconds: 600 }));
  compatibleId = await runWith(registerExamples(new FunctionRegistry()), input);
  const legacy = new FunctionRegistry().register(
    "order-processing",
    withDurableExecution(async (_input: unknown, c) => {
      await c.step("check-order", async () => "ok");
      await c.wait("hold", { minutes: 10 });
    }),
  );
  legacyId = await runWith(legacy, input);
});

afterAll(() => closeConsoleFixture(store, dir));

describe("GET /api/executions/:id/redrive-preview", () => {
  it("says what the redrive would do and that today's code replays the history", async () => {
    const { GET } = await import("@/app/api/executions/[id]/redrive-preview/route");
    const response = await GET(get(`/api/executions/${compatibleId}/redrive-preview`), ctx(compatibleId));
    expect(response.status).toBe(200);
    const plan = (await response.json()) as RedrivePlanView;
    expect(plan.preview.fromStatus).toBe("STOPPED");
    const byName = Object.fromEntries(plan.preview.operations.map((op) => [op.name, op.plan]));
    expect(byName).toMatchObject({ "validate-order": "REPLAY", "reserve-inventory": "REPLAY", "fraud-review-hold": "CONTINUE" });
    expect(plan.determinism).toMatchObject({ verdict: "compatible", end: { reason: "SUSPENDED" } });
  });

  it("names the mismatch for a history today's code does not replay", async () => {
    const { GET } = await import("@/app/api/executions/[id]/redrive-preview/route");
    const plan = (await (await GET(get(`/api/executions/${legacyId}/redrive-preview`), ctx(legacyId))).json()) as RedrivePlanView;
    expect(plan.determinism).toMatchObject({ verdict: "mismatch", mismatch: { path: "1", recorded: { name: "check-order" }, found: { name: "validate-order" } } });
  });
});

describe("POST /api/executions/:id/redrive against today's code", () => {
  it("refuses a mismatch with 409 NON_DETERMINISTIC (audited, nothing changed) and redrives when forced", async () => {
    const { POST } = await import("@/app/api/executions/[id]/redrive/route");
    const refused = await POST(post(`/api/executions/${legacyId}/redrive`), ctx(legacyId));
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("NON_DETERMINISTIC");
    expect((await client.getExecution(legacyId)).status).toBe("STOPPED");
    const forced = await POST(post(`/api/executions/${legacyId}/redrive`, { force: true }), ctx(legacyId));
    expect(forced.status).toBe(200);
    expect((await client.getExecution(legacyId)).status).toBe("RUNNING");
    const audit = (await client.listAudit({ executionId: legacyId, limit: 10 })).items;
    expect(audit.map((a) => [a.action, a.outcome, a.errorCode])).toEqual([
      ["execution.redrive", "succeeded", undefined],
      ["execution.redrive", "failed", "NON_DETERMINISTIC"],
    ]);
    expect(audit[0]!.details).toMatchObject({ force: true });
    expect((await POST(post(`/api/executions/${legacyId}/redrive`, { force: "yes" }), ctx(legacyId))).status).toBe(400);
  });
});

describe("POST /api/executions/:id/rerun", () => {
  it("forks from a step with an edited input, links to its source, and is audited", async () => {
    const { POST } = await import("@/app/api/executions/[id]/rerun/route");
    const from = (await client.getOperations(compatibleId)).find((r) => r.operation.Name === "fraud-review-hold")!.operation.Id;
    const input = JSON.stringify(sampleOrder("A-2", { holdSeconds: 600 }));
    const response = await POST(post(`/api/executions/${compatibleId}/rerun`, { fromOperationId: from, input }), ctx(compatibleId));
    expect(response.status).toBe(201);
    const fork = (await response.json()) as RerunResult;
    expect(fork.carriedOperationIds.length).toBeGreaterThan(0);
    const created = await client.getExecution(fork.executionId);
    expect(created).toMatchObject({ replayOf: compatibleId, inputPayload: input, status: "RUNNING" });
    const audit = (await client.listAudit({ executionId: compatibleId, limit: 5 })).items[0]!;
    expect(audit).toMatchObject({ action: "execution.rerun", outcome: "succeeded", details: { fromOperationId: from, newExecutionId: fork.executionId, editedInput: true } });

    const unknown = await POST(post(`/api/executions/${compatibleId}/rerun`, { fromOperationId: "nope" }), ctx(compatibleId));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("OPERATION_NOT_FOUND");
    expect((await POST(post(`/api/executions/${compatibleId}/rerun`, {}), ctx(compatibleId))).status).toBe(400);
  });
});

describe("GET determinism checks", () => {
  it("checks one execution or a function's newest ones; 409 CODE_UNAVAILABLE for a function the console has no code of", async () => {
    const one = await import("@/app/api/executions/[id]/determinism/route");
    expect(await (await one.GET(get(`/api/executions/${compatibleId}/determinism`), ctx(compatibleId))).json()).toMatchObject({ verdict: "compatible" });
    const fn = await import("@/app/api/functions/determinism/route");
    const summary = (await (await fn.GET(get("/api/functions/determinism?function=order-processing&last=50"), undefined as never)).json()) as {
      checked: number;
      mismatches: Array<{ executionId: string }>;
    };
    expect(summary.checked).toBeGreaterThanOrEqual(2);
    expect(summary.mismatches.map((m) => m.executionId)).toEqual([legacyId]);
    expect((await fn.GET(get("/api/functions/determinism?function=order-processing&last=0"), undefined as never)).status).toBe(400);

    // A function the console has no code for (its workers run elsewhere).
    const elsewhere = new DurableClient({ store, registry: new FunctionRegistry().register("billing", withDurableExecution(async () => "ok")) });
    const { execution } = await elsewhere.startExecution({ functionName: "billing" });
    const unavailable = await one.GET(get(`/api/executions/${execution.executionId}/determinism`), ctx(execution.executionId));
    expect(unavailable.status).toBe(409);
    expect(((await unavailable.json()) as { error: { code: string } }).error.code).toBe("CODE_UNAVAILABLE");
    const { GET } = await import("@/app/api/executions/[id]/redrive-preview/route");
    await elsewhere.stopExecution(execution.executionId);
    const plan = (await (await GET(get(`/api/executions/${execution.executionId}/redrive-preview`), ctx(execution.executionId))).json()) as RedrivePlanView;
    expect(plan.determinism.verdict).toBe("unavailable");
  });
});

describe("without the console's code, a worker that has it checks", () => {
  /** A billing run whose first step the code deployed now calls "reserve-stock". */
  const billing = (reserve: string) =>
    withDurableExecution(async (_input: unknown, c) => {
      await c.step(reserve, async () => "reserved");
      await c.step("charge", async () => {
        throw new Error("card declined");
      }, { retryStrategy: () => ({ shouldRetry: false }) });
    });

  it("answers the redrive preview as checking, then with the worker's mismatch, and the redrive is refused on it unless forced", async () => {
    const recorded = new Worker({ store, registry: new FunctionRegistry().register("invoicing", billing("reserve")), retentionDays: null });
    await recorded.publishFunctions();
    const { execution } = await client.startExecution({ functionName: "invoicing" });
    await recorded.drain();
    await recorded.stop();
    const id = execution.executionId;
    expect((await client.getExecution(id)).status).toBe("FAILED");
    const { GET } = await import("@/app/api/executions/[id]/redrive-preview/route");
    const preview = async () => ((await (await GET(get(`/api/executions/${id}/redrive-preview`), ctx(id))).json()) as RedrivePlanView).determinism;

    // No live worker has the function: nothing to ask.
    expect(await preview()).toMatchObject({ verdict: "unavailable", message: expect.stringContaining("no live worker has registered it") });

    const deployed = new Worker({ store, registry: new FunctionRegistry().register("invoicing", billing("reserve-stock")), retentionDays: null });
    // Its heartbeat row, as `deployed.start()` writes it (not started here, so the test runs its job by hand).
    const now = new Date().toISOString();
    await store.workers.put({ workerId: deployed.owner, host: "test", pid: process.pid, functions: ["invoicing"], startedTimestamp: now, lastHeartbeatTimestamp: now, heartbeatIntervalMs: 60_000, leaseMs: 30_000, running: 0 });
    expect(await preview()).toMatchObject({ verdict: "checking" });
    expect(await deployed.jobs.runOnce()).toBe(true);
    expect(await preview()).toMatchObject({ verdict: "mismatch", mismatch: { recorded: { name: "reserve" }, found: { name: "reserve-stock" } } });

    // The function-wide check: 202 while a worker checks, then its summary.
    const fn = await import("@/app/api/functions/determinism/route");
    const asked = await fn.GET(get("/api/functions/determinism?function=invoicing&last=5"), undefined as never);
    expect(asked.status).toBe(202);
    const { jobId } = (await asked.json()) as { jobId: string };
    expect(await deployed.jobs.runOnce()).toBe(true);
    const answered = await fn.GET(get(`/api/functions/determinism?function=invoicing&check=${jobId}`), undefined as never);
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ status: "done", summary: { checked: 1, compatible: 0, mismatches: [{ executionId: id }] } });
    expect((await fn.GET(get("/api/functions/determinism?function=invoicing&check=job-nope"), undefined as never)).status).toBe(404);

    const { POST } = await import("@/app/api/executions/[id]/redrive/route");
    const refused = await POST(post(`/api/executions/${id}/redrive`), ctx(id));
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("NON_DETERMINISTIC");
    expect((await client.getExecution(id)).status).toBe("FAILED");
    expect((await POST(post(`/api/executions/${id}/redrive`, { force: true }), ctx(id))).status).toBe(200);
    await deployed.stop();
    await store.workers.remove(deployed.owner);
  });
});
