/**
 * The console's journeys over HTTP with DynamoDB as the store: the built console (`next start`)
 * and a worker both on a DynamoDB Local table. Start an order, answer its approval from the
 * approvals inbox, see it ship; redrive a failed sync once its cause is fixed; stop a waiting
 * order; list with filters and page the history — the same API the pages use.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleFunctions } from "../../examples";
import { setSwitch } from "../../examples/support/switches";
import { FunctionRegistry, Worker } from "../../sdk/runtime";
import type { DynamoStore } from "../../sdk/store/dynamodb";
import { startConsoleServer, type ConsoleServer } from "../../support/console-server";
import { freshDynamoStore, startDynamoLocal, type DynamoLocal } from "../../support/dynamodb-local";
import { waitFor } from "../support/wait";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "console-dynamo-"));
process.env.DURABLE_EXAMPLE_SWITCHES = path.join(dir, "switches.json");
let local: DynamoLocal | undefined;
let store: DynamoStore;
let worker: Worker;
let server: ConsoleServer;

async function api<T>(method: "GET" | "POST", route: string, body?: unknown): Promise<{ status: number; data: T }> {
  const res = await fetch(`${server.url}${route}`, {
    method,
    headers: { "content-type": "application/json", origin: server.url },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, data: (await res.json()) as T };
}

const eventually = <T>(check: () => Promise<T | undefined>, what: string) => waitFor(what, check, 45_000, 250);

interface Execution {
  executionId: string;
  status: string;
  result?: string;
}
const statusOf = async (id: string) => (await api<Execution>("GET", `/api/executions/${id}`)).data;
const reach = (id: string, status: string) => eventually(async () => ((await statusOf(id)).status === status ? true : undefined), `${id} ${status}`);

describe("the console on DynamoDB", () => {
  beforeAll(async () => {
    local = await startDynamoLocal();
    store = await freshDynamoStore(local, "console");
    const registry = new FunctionRegistry();
    for (const fn of exampleFunctions) fn.plain ? registry.registerPlain(fn.name, fn.handler as never) : registry.register(fn.name, fn.handler as never);
    worker = new Worker({ store, registry, pollIntervalMs: 100 });
    worker.start();
    const url = `dynamodb://${store.table}?region=us-east-1&endpoint=${encodeURIComponent(local.endpoint)}`;
    server = await startConsoleServer({
      DURABLE_STORE: url,
      DURABLE_EXAMPLE_SWITCHES: process.env.DURABLE_EXAMPLE_SWITCHES!,
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    });
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    await worker?.stop();
    await store?.close();
    await local?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("starts an order, answers its approval from the inbox, and sees it ship", async () => {
    const order = { orderId: "D-1", customerId: "c", items: [{ sku: "a", quantity: 2, unitPrice: 4 }], holdSeconds: 1 };
    const started = await api<{ executionId: string }>("POST", "/api/executions", { functionName: "order-processing", input: JSON.stringify(order), name: "dynamo-order-1" });
    expect(started.status).toBe(201);
    const id = started.data.executionId;
    const pending = await eventually(async () => {
      const inbox = await api<{ items: Array<{ executionId: string; callbackId: string; name?: string }> }>("GET", "/api/approvals");
      return inbox.data.items.find((item) => item.executionId === id);
    }, "the approval in the inbox");
    expect(pending.name).toBe("approval");
    const answered = await api("POST", `/api/callbacks/${encodeURIComponent(pending.callbackId)}/succeed`, { result: JSON.stringify({ approved: true, approver: "ops" }) });
    expect(answered.status).toBe(200);
    await reach(id, "SUCCEEDED");
    expect(JSON.parse((await statusOf(id)).result!)).toMatchObject({ status: "SHIPPED", shipment: { shipmentId: "shp-D-1" } });
    // answering again changes nothing and says why
    const again = await api<{ error: { code: string } }>("POST", `/api/callbacks/${encodeURIComponent(pending.callbackId)}/succeed`, { result: "{}" });
    expect(again.data.error.code).toBe("CALLBACK_TIMEOUT");
  }, 120_000);

  it("redrives a failed sync once its cause is fixed, and stops a waiting order", async () => {
    setSwitch("warehouse-dyn-up", false);
    const sync = await api<{ executionId: string }>("POST", "/api/executions", { functionName: "inventory-sync", input: JSON.stringify({ warehouse: "dyn", skus: ["x"] }) });
    await reach(sync.data.executionId, "FAILED");
    setSwitch("warehouse-dyn-up", true);
    expect((await api("POST", `/api/executions/${sync.data.executionId}/redrive`)).status).toBe(200);
    await reach(sync.data.executionId, "SUCCEEDED");

    const hold = { orderId: "D-2", customerId: "c", items: [{ sku: "a", quantity: 1, unitPrice: 1 }], holdSeconds: 3600 };
    const waiting = await api<{ executionId: string }>("POST", "/api/executions", { functionName: "order-processing", input: JSON.stringify(hold) });
    await eventually(async () => {
      const history = await api<{ events: Array<{ EventType: string }> }>("GET", `/api/executions/${waiting.data.executionId}/history`);
      return history.data.events?.some((e) => e.EventType === "WaitStarted") ? true : undefined;
    }, "the order to wait");
    expect((await api("POST", `/api/executions/${waiting.data.executionId}/stop`, {})).status).toBe(200);
    expect((await statusOf(waiting.data.executionId)).status).toBe("STOPPED");
  }, 120_000);

  it("lists with filters and cursors through the indexes", async () => {
    const failed = await api<{ items: Execution[] }>("GET", "/api/executions?status=SUCCEEDED&function=inventory-sync");
    expect(failed.status).toBe(200);
    expect(failed.data.items.length).toBeGreaterThanOrEqual(1);
    expect(failed.data.items.every((e) => e.status === "SUCCEEDED")).toBe(true);
    const first = await api<{ items: Execution[]; nextCursor?: string }>("GET", "/api/executions?limit=1");
    expect(first.data.items).toHaveLength(1);
    expect(first.data.nextCursor).toBeTruthy();
    const second = await api<{ items: Execution[] }>("GET", `/api/executions?limit=1&cursor=${encodeURIComponent(first.data.nextCursor!)}`);
    expect(second.data.items[0].executionId).not.toBe(first.data.items[0].executionId);
  }, 60_000);
});
