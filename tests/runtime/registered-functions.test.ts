/**
 * Functions registered in the store (so the console and the CLI, which run no handlers, know
 * them) and per-execution log numbering.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution as officialWithDurableExecution } from "@aws/durable-execution-sdk-js";
import { withDurableExecution } from "../../sdk";
import { DurableClient, DurableClientError, FunctionRegistry, Worker } from "../../sdk/runtime";
import { createHarness, mustGet, type Harness } from "./helpers";
import { waitUntil } from "../support/wait";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const iso = (ms: number) => new Date(ms).toISOString();

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return DurableClientError.is(error) ? error.code : String(error);
  }
}

function registerOrders(registry: FunctionRegistry): void {
  registry.register("orders", officialWithDurableExecution(async (event: unknown) => ({ got: event })), {
    description: "Takes an order",
    executionTimeoutSeconds: 900,
  });
  registry.registerPlain("notify", () => "sent", { description: "Sends a note" });
}

describe("registered functions", () => {
  it("a worker writes its functions on the first drain, once, and again when its registry changed", async () => {
    registerOrders(h.registry);
    expect(await h.store.functions.list()).toEqual([]);
    const first = h.clock.now();
    await h.worker.drain();
    expect(await h.client.listFunctions()).toEqual([
      { name: "notify", kind: "plain", description: "Sends a note", registeredTimestamp: iso(first), lastSeenTimestamp: iso(first) },
      { name: "orders", kind: "durable", description: "Takes an order", executionTimeoutSeconds: 900, registeredTimestamp: iso(first), lastSeenTimestamp: iso(first) },
    ]);

    h.clock.advance(60_000);
    await h.worker.drain();
    expect((await h.store.functions.get("orders"))?.lastSeenTimestamp).toBe(iso(first));

    h.registry.register("billing", officialWithDurableExecution(async () => "paid"));
    await h.worker.drain();
    const now = iso(h.clock.now());
    expect(await h.store.functions.get("billing")).toEqual({ name: "billing", kind: "durable", registeredTimestamp: now, lastSeenTimestamp: now });
    expect(await h.store.functions.get("orders")).toMatchObject({ registeredTimestamp: iso(first), lastSeenTimestamp: now });
  });

  it("start() writes them too; another worker later refreshes lastSeenTimestamp and keeps registeredTimestamp", async () => {
    registerOrders(h.registry);
    const first = h.clock.now();
    h.worker.start();
    await waitUntil("the worker to register its functions", async () => (await h.store.functions.list()).length > 0, 30_000, 5);
    await h.worker.stop();
    expect((await h.store.functions.list()).map((f) => f.name)).toEqual(["notify", "orders"]);

    h.clock.advance(3_600_000);
    const registry = new FunctionRegistry();
    registry.register("orders", officialWithDurableExecution(async () => "v2"), { description: "Takes an order (v2)" });
    const second = new Worker({ store: await h.openStore(), registry, clock: h.clock });
    await second.drain();
    await second.stop();
    expect(await h.store.functions.get("orders")).toEqual({
      name: "orders",
      kind: "durable",
      description: "Takes an order (v2)",
      registeredTimestamp: iso(first),
      lastSeenTimestamp: iso(h.clock.now()),
    });
    // a function the second worker does not have stays as the first one left it
    expect(await h.store.functions.get("notify")).toMatchObject({ lastSeenTimestamp: iso(first) });
  });

  it("a client without a registry starts only durable functions the store knows, once it knows any", async () => {
    const consoleClient = new DurableClient({ store: h.store, clock: h.clock });
    // Nothing registered yet: any name is accepted (a worker may register it later).
    const early = await consoleClient.startExecution({ functionName: "not-yet-known" });
    expect(early.execution.functionName).toBe("not-yet-known");

    registerOrders(h.registry);
    await h.worker.drain();
    expect(await codeOf(consoleClient.startExecution({ functionName: "ghost" }))).toBe("FUNCTION_NOT_FOUND");
    expect(await codeOf(consoleClient.startExecution({ functionName: "notify" }))).toBe("FUNCTION_NOT_FOUND");
    expect(await codeOf(consoleClient.replayExecution(early.execution.executionId))).toBe("FUNCTION_NOT_FOUND");

    const { execution } = await consoleClient.startExecution({ functionName: "orders", input: '{"n":1}' });
    expect(execution.executionTimeoutSeconds).toBe(900);
    const explicit = await consoleClient.startExecution({ functionName: "orders", executionTimeoutSeconds: 30 });
    expect(explicit.execution.executionTimeoutSeconds).toBe(30);
    await h.worker.drain();
    expect(JSON.parse((await mustGet(h.store, execution.executionId)).result!)).toEqual({ got: { n: 1 } });
    expect(await consoleClient.listFunctions()).toEqual(await h.store.functions.list());
  });

  it("keeps a sample input as JSON text, refuses one that is not JSON or too large, and registers without one", async () => {
    const registry = new FunctionRegistry();
    const handler = officialWithDurableExecution(async () => 1);
    registry.register("orders", handler, { description: "Takes an order", sampleInput: { orderId: "A-1", items: [{ sku: "KB-01" }] } });
    registry.registerPlain("notify", () => 1, { sampleInput: "just a string" });
    registry.register("bare", handler);
    expect(registry.get("orders")?.sampleInput).toBe('{"orderId":"A-1","items":[{"sku":"KB-01"}]}');
    expect(registry.get("notify")?.sampleInput).toBe('"just a string"');
    expect(registry.get("bare")?.sampleInput).toBeUndefined();
    for (const bad of [() => 1, Symbol("x"), 10n, { big: "x".repeat(64 * 1024) }]) {
      expect(() => registry.register("bad", handler, { sampleInput: bad })).toThrow(/sampleInput of bad/);
    }
    expect(registry.has("bad")).toBe(false);

    // what the worker writes, and what a store gives back
    const worker = new Worker({ store: h.store, registry, clock: h.clock });
    await worker.drain();
    await worker.stop();
    expect(await h.store.functions.get("orders")).toMatchObject({ description: "Takes an order", sampleInput: '{"orderId":"A-1","items":[{"sku":"KB-01"}]}' });
    expect(await h.store.functions.get("notify")).toMatchObject({ sampleInput: '"just a string"' });
    expect(await h.store.functions.get("bare")).not.toHaveProperty("sampleInput");
  });

  it("refuses a description that is not a short string", () => {
    const registry = new FunctionRegistry();
    const handler = officialWithDurableExecution(async () => 1);
    expect(() => registry.register("a", handler, { description: 5 as never })).toThrow(/description of a/);
    expect(() => registry.registerPlain("b", () => 1, { description: "x".repeat(1025) })).toThrow(/description of b/);
    expect(registry.version).toBe(0);
    registry.registerPlain("b", () => 1, { description: "fine" });
    expect(registry.version).toBe(1);
  });
});

describe("log numbering", () => {
  it("numbers an execution's logs 1, 2, 3... across checkpoints and invocations", async () => {
    h.registry.register(
      "chatty",
      withDurableExecution(async (_event: unknown, ctx) => {
        ctx.logger.info("before");
        await ctx.step("one", async () => 1);
        ctx.logger.warn("between");
        await ctx.wait("pause", { seconds: 5 });
        ctx.logger.error("after");
        return "done";
      }),
    );
    const a = await h.client.startExecution({ functionName: "chatty" });
    const b = await h.client.startExecution({ functionName: "chatty" });
    await h.worker.drain();
    h.clock.advance(5_000);
    await h.worker.drain();
    for (const { execution } of [a, b]) {
      const done = await mustGet(h.store, execution.executionId);
      expect(done.status).toBe("SUCCEEDED");
      const logs = (await h.client.getLogs(execution.executionId)).items;
      expect(logs.map((l) => l.message)).toEqual(["before", "between", "after"]);
      expect(logs.map((l) => l.seq)).toEqual([1, 2, 3]);
      expect(done.logCount).toBe(3);
      // two invocations wrote them
      expect(new Set(logs.map((l) => l.requestId)).size).toBe(2);
    }
  });
});
