/**
 * The console's HTTP API, called as Next calls it (route handler functions with a Request) over a
 * real SQLite file: validation answers 400 with a code, unknown things 404, wrong states 409,
 * never a stack trace; and the actions really change the store.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeConsoleFixture } from "./support/fixture";
import { DurableClient } from "@/sdk/runtime/client";
import { openStore } from "@/sdk/store/open";
import type { DurableStore } from "@/sdk/store/types";

const dir = mkdtempSync(join(tmpdir(), "console-api-"));
process.env.DURABLE_STORE = join(dir, "durable.db");

let store: DurableStore;
let client: DurableClient;
let runningId: string;

const ctx = <P extends Record<string, string>>(params: P) => ({ params: Promise.resolve(params) });
const get = (path: string) => new Request(`http://console.test${path}`);
const post = (path: string, body?: unknown) =>
  new Request(`http://console.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toBeTruthy();
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
}

beforeAll(async () => {
  store = await openStore(process.env.DURABLE_STORE);
  client = new DurableClient({ store });
  runningId = (await client.startExecution({ functionName: "order-processing", name: "api-order-1", input: '{"orderId":"1"}' })).execution.executionId;
  await client.startExecution({ functionName: "fan-out", name: "api-fan-1", input: "{}" });
});

afterAll(() => closeConsoleFixture(store, dir));

describe("GET /api/executions", () => {
  it("lists newest first and filters by status, function and any part of the name", async () => {
    const { GET } = await import("@/app/api/executions/route");
    const all = (await (await GET(get("/api/executions"), undefined as never)).json()) as { items: Array<{ name: string }> };
    expect(all.items.map((e) => e.name)).toEqual(["api-fan-1", "api-order-1"]);
    const filtered = (await (await GET(get("/api/executions?status=RUNNING&function=order-processing&q=api-"), undefined as never)).json()) as {
      items: Array<{ name: string; checkpointToken?: string }>;
    };
    expect(filtered.items.map((e) => e.name)).toEqual(["api-order-1"]);
    expect(filtered.items[0]).not.toHaveProperty("checkpointToken");
    const inTheMiddle = (await (await GET(get("/api/executions?q=I-FAN"), undefined as never)).json()) as { items: Array<{ name: string }> };
    expect(inTheMiddle.items.map((e) => e.name)).toEqual(["api-fan-1"]);
  });

  it("answers 400 VALIDATION_ERROR for a from later than its to, on the list and the counts", async () => {
    const { GET } = await import("@/app/api/executions/route");
    const counts = await import("@/app/api/executions/counts/route");
    const range = "from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z";
    for (const response of [await GET(get(`/api/executions?${range}`), undefined as never), await counts.GET(get(`/api/executions/counts?${range}`), undefined as never)]) {
      await expectError(response.clone(), 400, "VALIDATION_ERROR");
      const body = (await response.json()) as { error: { message: string; details: Array<{ path: string; message: string }> } };
      expect(body.error.details).toEqual([{ path: "from", message: "is later than to" }]);
      expect(body.error.message).toContain("from is later than to");
    }
  });

  it("answers 400 VALIDATION_ERROR naming a bad status or time", async () => {
    const { GET } = await import("@/app/api/executions/route");
    const response = await GET(get("/api/executions?status=DONE&from=soon"), undefined as never);
    await expectError(response.clone(), 400, "VALIDATION_ERROR");
    const body = (await response.json()) as { error: { details: Array<{ path: string }> } };
    expect(body.error.details.map((d) => d.path).sort()).toEqual(["from", "status"]);
  });

  it("answers 400 for a cursor it never made", async () => {
    const { GET } = await import("@/app/api/executions/route");
    await expectError(await GET(get("/api/executions?cursor=bm9wZQ"), undefined as never), 400, "INVALID_CURSOR");
  });

  it("counts per status under the same filters", async () => {
    const { GET } = await import("@/app/api/executions/counts/route");
    const counts = (await (await GET(get("/api/executions/counts?function=fan-out"), undefined as never)).json()) as Record<string, number>;
    expect(counts).toMatchObject({ RUNNING: 1, SUCCEEDED: 0, FAILED: 0 });
  });
});

describe("one execution", () => {
  it("reads it by id and answers 404 EXECUTION_NOT_FOUND for an unknown id", async () => {
    const { GET } = await import("@/app/api/executions/[id]/route");
    const found = (await (await GET(get(`/api/executions/${runningId}`), ctx({ id: runningId }))).json()) as { name: string; input: string };
    expect(found).toMatchObject({ name: "api-order-1", input: '{"orderId":"1"}' });
    await expectError(await GET(get("/api/executions/nope"), ctx({ id: "nope" })), 404, "EXECUTION_NOT_FOUND");
  });

  it("lists operations and history of a new execution", async () => {
    const ops = await import("@/app/api/executions/[id]/operations/route");
    const history = await import("@/app/api/executions/[id]/history/route");
    const operations = (await (await ops.GET(get(""), ctx({ id: runningId }))).json()) as Array<{ Type: string }>;
    expect(operations.map((o) => o.Type)).toEqual(["EXECUTION"]);
    const page = (await (await history.GET(get(`/api/executions/${runningId}/history`), ctx({ id: runningId }))).json()) as {
      events: Array<{ EventType: string }>;
    };
    expect(page.events.map((e) => e.EventType)).toEqual(["ExecutionStarted"]);
    await expectError(await history.GET(get(`/api/executions/${runningId}/history?limit=0`), ctx({ id: runningId })), 400, "VALIDATION_ERROR");
  });
});

describe("actions", () => {
  it("refuses to redrive a running execution (409) and stops it, which the store records", async () => {
    const redrive = await import("@/app/api/executions/[id]/redrive/route");
    await expectError(await redrive.POST(post(`/api/executions/${runningId}/redrive`), ctx({ id: runningId })), 409, "INVALID_STATE");

    const stop = await import("@/app/api/executions/[id]/stop/route");
    const response = await stop.POST(post(`/api/executions/${runningId}/stop`, { error: { ErrorMessage: "duplicate" } }), ctx({ id: runningId }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe("STOPPED");
    const stored = await store.executions.get(runningId);
    expect(stored?.status).toBe("STOPPED");
    expect(stored?.error?.ErrorMessage).toBe("duplicate");
  });

  it("starts executions, validating the body first", async () => {
    const { POST } = await import("@/app/api/executions/route");
    await expectError(await POST(post("/api/executions", "{not json"), undefined as never), 400, "VALIDATION_ERROR");
    await expectError(await POST(post("/api/executions", { functionName: "fan-out", input: "{oops" }), undefined as never), 400, "VALIDATION_ERROR");
    await expectError(await POST(post("/api/executions", { functionName: "fan out" }), undefined as never), 400, "VALIDATION_ERROR");
    const created = await POST(post("/api/executions", { functionName: "fan-out", name: "api-fan-2", input: '{"recipients":[]}' }), undefined as never);
    expect(created.status).toBe(201);
    const { executionId } = (await created.json()) as { executionId: string };
    expect((await store.executions.get(executionId))?.inputPayload).toBe('{"recipients":[]}');
    // Same name, same input: idempotent (200, nothing new).
    const again = await POST(post("/api/executions", { functionName: "fan-out", name: "api-fan-2", input: '{"recipients":[]}' }), undefined as never);
    expect(again.status).toBe(200);
  });

  it("answers 413 PAYLOAD_TOO_LARGE for an input over 6 MB, saying how large it is, and starts nothing", async () => {
    const { POST } = await import("@/app/api/executions/route");
    const before = (await store.executions.list({ limit: 1000 })).items.length;
    const sevenMegabytes = `{"data":"${"x".repeat(7 * 1024 * 1024 - 11)}"}`;
    const response = await POST(post("/api/executions", { functionName: "fan-out", input: sevenMegabytes }), undefined as never);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: "PAYLOAD_TOO_LARGE", message: "Input is 7.0 MB; the limit is 6 MB" } });
    // Too large and not JSON either: the size is what is said (the text is not parsed).
    const notJson = await POST(post("/api/executions", { functionName: "fan-out", input: `{${"x".repeat(7 * 1024 * 1024)}` }), undefined as never);
    await expectError(notJson, 413, "PAYLOAD_TOO_LARGE");
    expect((await store.executions.list({ limit: 1000 })).items.length).toBe(before);
  });

  it("answers 404 for an unknown callback and 400 for a malformed one", async () => {
    const succeed = await import("@/app/api/callbacks/[callbackId]/succeed/route");
    await expectError(await succeed.POST(post("/api/callbacks/AAAA/succeed", { result: "true" }), ctx({ callbackId: "AAAA" })), 404, "CALLBACK_NOT_FOUND");
    await expectError(await succeed.POST(post("/api/callbacks/a%20b/succeed"), ctx({ callbackId: "a b" })), 400, "VALIDATION_ERROR");
    await expectError(await succeed.POST(post("/api/callbacks/AAAA/succeed", { result: "{x" }), ctx({ callbackId: "AAAA" })), 400, "VALIDATION_ERROR");
  });

  it("refuses an answer whose body did not arrive whole before anything else, never reading it as no answer", async () => {
    const succeed = await import("@/app/api/callbacks/[callbackId]/succeed/route");
    const body = JSON.stringify({ result: '{"approved":true}' });
    const cut = new Request("http://console.test/api/callbacks/AAAA/succeed", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(body.length + 25) },
      body,
    });
    await expectError(await succeed.POST(cut, ctx({ callbackId: "AAAA" })), 400, "BODY_UNREADABLE");
    const lost = new Request("http://console.test/api/callbacks/AAAA/succeed", { method: "POST", headers: { "content-length": "31" }, body: "" });
    await expectError(await succeed.POST(lost, ctx({ callbackId: "AAAA" })), 400, "BODY_UNREADABLE");
    const notUtf8 = new Request("http://console.test/api/callbacks/AAAA/succeed", { method: "POST", body: new Uint8Array([0x7b, 0xc0, 0xaf, 0x7d]) });
    await expectError(await succeed.POST(notUtf8, ctx({ callbackId: "AAAA" })), 400, "VALIDATION_ERROR");
  });
});

describe("bulk actions", () => {
  it("stops the running ones and reports why the others were not", async () => {
    const a = (await client.startExecution({ functionName: "fan-out", name: "bulk-a" })).execution.executionId;
    const { POST } = await import("@/app/api/executions/bulk/route");
    const response = await POST(post("/api/executions/bulk", { action: "stop", executionIds: [a, runningId] }), undefined as never);
    expect(response.status).toBe(200);
    const result = (await response.json()) as { succeeded: number; failed: number; results: Array<{ executionId: string; ok: boolean; error?: { code: string } }> };
    expect(result.succeeded).toBe(1);
    expect(result.results.find((r) => r.executionId === runningId)?.error?.code).toBe("INVALID_STATE");
    expect((await store.executions.get(a))?.status).toBe("STOPPED");
    await expectError(await POST(post("/api/executions/bulk", { action: "delete", executionIds: [a] }), undefined as never), 400, "VALIDATION_ERROR");
  });
});

describe("approvals inbox and functions", () => {
  it("pages pending callbacks and refuses a cursor it never made", async () => {
    const { GET } = await import("@/app/api/approvals/route");
    const page = (await (await GET(get("/api/approvals"), undefined as never)).json()) as { items: unknown[] };
    expect(page.items).toEqual([]);
    await expectError(await GET(get("/api/approvals?cursor=bm9wZQ"), undefined as never), 400, "VALIDATION_ERROR");
    await expectError(await GET(get("/api/approvals?function=no%20such"), undefined as never), 400, "VALIDATION_ERROR");
  });

  it("summarises functions that have executions, with counts", async () => {
    const { GET } = await import("@/app/api/functions/route");
    const functions = (await (await GET(get("/api/functions"), undefined as never)).json()) as Array<{ functionName: string; total: number }>;
    expect(functions.map((f) => f.functionName)).toEqual(["fan-out", "order-processing"]);
    expect(functions.find((f) => f.functionName === "fan-out")?.total).toBeGreaterThanOrEqual(2);
  });
});

describe("start options", () => {
  it("lists startable functions with the description and sample input their worker registered", async () => {
    const now = new Date().toISOString();
    await store.functions.put([
      { name: "order-processing", kind: "durable", description: "Takes orders", sampleInput: '{"orderId":"A-1"}', registeredTimestamp: now, lastSeenTimestamp: now },
      { name: "bare", kind: "durable", registeredTimestamp: now, lastSeenTimestamp: now },
      { name: "notify", kind: "plain", description: "Not startable", sampleInput: "{}", registeredTimestamp: now, lastSeenTimestamp: now },
    ]);
    const { GET } = await import("@/app/api/functions/start-options/route");
    const response = await GET(get("/api/functions/start-options"), undefined as never);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      { functionName: "bare" },
      { functionName: "fan-out" },
      { functionName: "order-processing", description: "Takes orders", sampleInput: '{"orderId":"A-1"}' },
    ]);
    const names = await import("@/app/api/functions/names/route");
    expect(await (await names.GET(get("/api/functions/names"), undefined as never)).json()).toEqual(["bare", "fan-out", "order-processing"]);
  });
});
