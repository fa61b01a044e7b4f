/**
 * The HTTP API of "why is it waiting, and is it stuck", called as Next calls it (route handlers
 * with a Request) over a real SQLite file that a real worker announced itself in: the stuck list,
 * one execution's waits and reasons, the health summary and the worker rows; bad input is a 400
 * with a code, an unknown execution a 404, and nothing answers a method it does not serve.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDurableExecution } from "@/sdk";
import { DurableClient, FunctionRegistry, Worker, type ExecutionDiagnosis, type HealthSummary, type StuckList, type WorkerView } from "@/sdk/runtime";
import { openStore } from "@/sdk/store/open";
import type { DurableStore } from "@/sdk/store/types";
import { closeConsoleFixture } from "./support/fixture";

const dir = mkdtempSync(join(tmpdir(), "console-stuck-api-"));
process.env.DURABLE_STORE = join(dir, "durable.db");

let store: DurableStore;
let worker: Worker;
let ghostId: string;
let finishedId: string;

const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
const get = (path: string) => new Request(`http://console.test${path}`);

async function expectError(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toBeTruthy();
}

beforeAll(async () => {
  store = await openStore(process.env.DURABLE_STORE);
  const registry = new FunctionRegistry().register("orders", withDurableExecution(async () => "done"));
  // A heartbeat row counts as alive for three intervals: a long one, so that however long the
  // route modules take to load on a busy machine, the worker still counts as alive in these tests.
  worker = new Worker({ store, registry, heartbeatIntervalMs: 60_000 });
  finishedId = (await new DurableClient({ store, registry }).startExecution({ functionName: "orders" })).execution.executionId;
  await worker.drain(); // runs "orders" and writes the worker's heartbeat row
  const ghost = new FunctionRegistry().register("ghost", withDurableExecution(async () => "never runs"));
  ghostId = (await new DurableClient({ store, registry: ghost }).startExecution({ functionName: "ghost", name: "ghost-1" })).execution.executionId;
});

afterAll(async () => {
  await worker.stop();
  await closeConsoleFixture(store, dir);
});

describe("GET /api/executions/stuck", () => {
  it("lists the stuck executions with their reasons, and filters by function", async () => {
    const { GET } = await import("@/app/api/executions/stuck/route");
    const response = await GET(get("/api/executions/stuck"), undefined);
    expect(response.status).toBe(200);
    const list = (await response.json()) as StuckList;
    expect(list).toMatchObject({ stuckCount: 1, scanned: 1, truncated: false });
    expect(list.items).toEqual([expect.objectContaining({ executionId: ghostId, name: "ghost-1", functionName: "ghost" })]);
    expect(list.items[0]!.stuck.map((r) => r.code)).toEqual(["NO_LIVE_WORKER"]);
    // dueGrace=0: due at all and unclaimed counts.
    const strict = (await (await GET(get("/api/executions/stuck?dueGrace=0"), undefined)).json()) as StuckList;
    expect(strict.items[0]!.stuck.map((r) => r.code).sort()).toEqual(["DUE_UNCLAIMED", "NO_LIVE_WORKER"]);
    const other = (await (await GET(get("/api/executions/stuck?function=orders"), undefined)).json()) as StuckList;
    expect(other).toMatchObject({ items: [], stuckCount: 0 });
  });

  it("answers 400 VALIDATION_ERROR for a bad grace, limit or function name, and 405 to POST", async () => {
    const route = await import("@/app/api/executions/stuck/route");
    for (const query of ["dueGrace=-1", "dueGrace=soon", "limit=0", "function=not%20a%20name"]) {
      await expectError(await route.GET(get(`/api/executions/stuck?${query}`), undefined), 400, "VALIDATION_ERROR");
    }
    const refused = await route.POST(new Request("http://console.test/api/executions/stuck", { method: "POST" }), undefined);
    expect(refused.status).toBe(405);
    expect(refused.headers.get("allow")).toBe("GET");
  });
});

describe("GET /api/executions/:id/waiting", () => {
  it("says what a RUNNING execution waits on and why it is stuck", async () => {
    const { GET } = await import("@/app/api/executions/[id]/waiting/route");
    const diagnosis = (await (await GET(get(`/api/executions/${ghostId}/waiting`), ctx({ id: ghostId }))).json()) as ExecutionDiagnosis;
    expect(diagnosis).toMatchObject({ executionId: ghostId, status: "RUNNING" });
    expect(diagnosis.waitingOn.map((w) => w.kind)).toEqual(["due"]);
    expect(diagnosis.stuck[0]!.message).toContain("No live worker has function ghost registered");
  });

  it("answers an ended execution with nothing to wait on, an unknown one with 404 and a malformed id with 400", async () => {
    const { GET } = await import("@/app/api/executions/[id]/waiting/route");
    const ended = (await (await GET(get(`/api/executions/${finishedId}/waiting`), ctx({ id: finishedId }))).json()) as ExecutionDiagnosis;
    expect(ended).toMatchObject({ status: "SUCCEEDED", waitingOn: [], stuck: [] });
    await expectError(await GET(get("/api/executions/no-such-run/waiting"), ctx({ id: "no-such-run" })), 404, "EXECUTION_NOT_FOUND");
    await expectError(await GET(get("/api/executions/bad%20id/waiting"), ctx({ id: "bad id" })), 400, "VALIDATION_ERROR");
  });
});

describe("GET /api/health and /api/workers", () => {
  it("sums up workers alive, their functions, the oldest due execution and the stuck count", async () => {
    const { GET } = await import("@/app/api/health/route");
    const health = (await (await GET(get("/api/health"), undefined)).json()) as HealthSummary;
    expect(health).toMatchObject({ aliveWorkers: 1, liveFunctions: ["orders"], stuckCount: 1, oldestDue: { executionId: ghostId, name: "ghost-1" } });
    const workers = await import("@/app/api/workers/route");
    const body = (await (await workers.GET(get("/api/workers"), undefined)).json()) as { workers: WorkerView[] };
    expect(body.workers).toEqual([expect.objectContaining({ workerId: worker.owner, alive: true, functions: ["orders"] })]);
    await expectError(await GET(get("/api/health?dueGrace=x"), undefined), 400, "VALIDATION_ERROR");
  });
});
