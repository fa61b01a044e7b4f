/**
 * Fuzz: thousands of malformed requests to the running console (the built app, `next start`)
 * over a real SQLite store. Every answer must be a 4xx with a machine-readable code, none a 5xx,
 * and the store must be unchanged afterwards (checksum of its contents).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteStore } from "../../sdk/store/sqlite";
import { DurableClient, FunctionRegistry, Worker } from "../../sdk/runtime";
import { exampleFunctions } from "../../examples";
import { ManualClock } from "../../sdk/testing";
import { startConsoleServer, type ConsoleServer } from "../support/console-server";
import { storeChecksum } from "../support/store-checksum";
import { seededRandom } from "../support/seeded-random";
import { generate, type FuzzRequest, type FuzzTargets } from "./malformed-requests";

const REQUESTS = 5000;
const CONCURRENCY = 8;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-fuzz-"));
const storeFile = path.join(dir, "fuzz.db");
let server: ConsoleServer;
let targets: FuzzTargets;

/** Seeds executions in several states, including one waiting on a callback, then stops the worker. */
async function seed(): Promise<FuzzTargets> {
  const store = new SqliteStore({ path: storeFile });
  await store.init();
  const registry = new FunctionRegistry();
  for (const fn of exampleFunctions) fn.plain ? registry.registerPlain(fn.name, fn.handler as never) : registry.register(fn.name, fn.handler as never);
  const clock = new ManualClock();
  const worker = new Worker({ store, registry, clock });
  const client = new DurableClient({ store, registry, clock });
  const order = { orderId: "F-1", customerId: "c", items: [{ sku: "a", quantity: 1, unitPrice: 2 }], holdSeconds: 1 };
  const waiting = (await client.startExecution({ functionName: "order-processing", input: JSON.stringify(order) })).execution;
  const done = (await client.startExecution({ functionName: "fan-out", input: JSON.stringify({ recipients: ["a@x.io"] }) })).execution;
  await worker.drain();
  clock.advanceTo(clock.now() + 5_000);
  await worker.drain();
  const callback = (await client.getOperations(waiting.executionId)).find((r) => r.operation.Type === "CALLBACK");
  await store.close();
  if (!callback?.operation.CallbackDetails?.CallbackId) throw new Error("seeding did not reach the approval callback");
  return { executionId: done.executionId, runningExecutionId: waiting.executionId, callbackId: callback.operation.CallbackDetails.CallbackId };
}

async function send(request: FuzzRequest, base: string) {
  const res = await fetch(`${base}${request.path}`, {
    method: request.method,
    headers: request.body !== undefined ? { "content-type": request.contentType ?? "application/json", origin: base } : { origin: base },
    body: request.body,
  });
  const text = await res.text();
  let code: unknown;
  try {
    code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: res.status, code };
}

describe("console API fuzz", () => {
  beforeAll(async () => {
    targets = await seed();
    server = await startConsoleServer({ DURABLE_STORE: storeFile, DURABLE_EXAMPLE_SWITCHES: path.join(dir, "switches.json") });
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`answers ${REQUESTS} malformed requests with 4xx codes and changes nothing`, async () => {
    const before = storeChecksum(storeFile);
    const requests = generate(REQUESTS, targets, seededRandom(20261127));
    const outcomes = new Map<string, number>();
    const failures: string[] = [];
    let next = 0;
    const work = async () => {
      while (next < requests.length) {
        const request = requests[next++];
        const { status, code } = await send(request, server.url);
        outcomes.set(`${status} ${String(code)}`, (outcomes.get(`${status} ${String(code)}`) ?? 0) + 1);
        if (status < 400 || status >= 500 || typeof code !== "string") {
          if (failures.length < 20) failures.push(`${request.kind} ${request.method} ${request.path.slice(0, 120)} ${(request.body ?? "").slice(0, 80)} -> ${status} ${String(code)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, work));
    console.log(`fuzz: ${requests.length} requests; outcomes:`, Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1])));
    expect(failures).toEqual([]);
    expect(storeChecksum(storeFile)).toBe(before);
  }, 600_000);
});
