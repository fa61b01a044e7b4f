/**
 * The runtime on DynamoDB Local: a map wider than one 100-item transaction completes, because our
 * SDK sends checkpoints no larger than the store can write atomically, and the runtime commits a
 * larger checkpoint (the official SDK does not know the limit) as consecutive parts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDurableExecution as officialWithDurableExecution } from "@aws/durable-execution-sdk-js";
import { withDurableExecution } from "../../sdk";
import { DurableClient, FunctionRegistry, InvocationClient, Worker } from "../../sdk/runtime";
import type { DynamoStore } from "../../sdk/store/dynamodb";
import type { CheckpointRequest } from "../../sdk/types/wire";
import { ManualClock } from "../../sdk/testing/manual-clock";
import { freshDynamoStore, startDynamoLocal, type DynamoLocal } from "../../support/dynamodb-local";

let local: DynamoLocal | undefined;
let store: DynamoStore;
beforeAll(async () => {
  local = await startDynamoLocal();
  store = await freshDynamoStore(local, "rt");
}, 90_000);
afterAll(async () => {
  await store?.close();
  await local?.stop();
});

/** Counts the updates each store transaction writes, and the updates each checkpoint request carries. */
function watchCheckpoints(store: DynamoStore) {
  const perTransaction: number[] = [];
  const transact = store.transact.bind(store);
  store.transact = ((id, options, build) =>
    transact(id, options, (snapshot) => {
      const built = build(snapshot);
      perTransaction.push(built.mutation.putOperations?.length ?? 0);
      return built;
    })) as typeof store.transact;
  return { perTransaction, restore: () => void (store.transact = transact) };
}

const sumOfDoubles = String(2 * ((149 * 150) / 2));

describe("runtime on DynamoDB", () => {
  it("runs a 150-item map started all at once, each checkpoint within one transaction", async () => {
    const registry = new FunctionRegistry().register(
      "wide-map",
      withDurableExecution(async (_input: unknown, ctx) => {
        const result = await ctx.map("all-at-once", Array.from({ length: 150 }, (_, i) => i), async (item, n: number) =>
          item.step(async () => n * 2),
        );
        return result.getResults().reduce((sum: number, n) => sum + (n as number), 0);
      }),
    );
    const watched = watchCheckpoints(store);
    const worker = new Worker({ store, registry, maxConcurrency: 4 });
    const client = new DurableClient({ store, registry });
    const { execution } = await client.startExecution({ functionName: "wide-map" });
    await worker.drain();
    watched.restore();
    const ended = await client.getExecution(execution.executionId);
    expect(ended.status).toBe("SUCCEEDED");
    expect(ended.result).toBe(sumOfDoubles);
    expect(Math.max(...watched.perTransaction)).toBeLessThanOrEqual(store.maxUpdatesPerCheckpoint);
    await worker.stop();
  }, 120_000);

  it("runs the same map written with the official SDK: its larger checkpoints are committed in parts", async () => {
    const requestSizes: number[] = [];
    const registry = new FunctionRegistry().register(
      "official-wide-map",
      officialWithDurableExecution(async (_input: unknown, ctx) => {
        const result = await ctx.map("all-at-once", Array.from({ length: 150 }, (_, i) => i), async (item, n: number) =>
          item.step(async () => n * 2),
        );
        return result.getResults().reduce((sum: number, n) => sum + (n as number), 0);
      }) as never,
    );
    const watched = watchCheckpoints(store);
    // Sees each request the official SDK sends, before the runtime splits it.
    const checkpoint = InvocationClient.prototype.checkpoint;
    InvocationClient.prototype.checkpoint = function (this: InvocationClient, request: CheckpointRequest) {
      requestSizes.push(request.Updates?.length ?? 0);
      return checkpoint.call(this, request);
    };
    const worker = new Worker({ store, registry, maxConcurrency: 4 });
    const client = new DurableClient({ store, registry });
    const { execution } = await client.startExecution({ functionName: "official-wide-map" });
    try {
      await worker.drain();
    } finally {
      InvocationClient.prototype.checkpoint = checkpoint;
      watched.restore();
    }
    const ended = await client.getExecution(execution.executionId);
    expect(ended.status).toBe("SUCCEEDED");
    expect(ended.result).toBe(sumOfDoubles);
    // The official SDK did send checkpoints over the limit, and none reached the store whole.
    expect(Math.max(...requestSizes)).toBeGreaterThan(store.maxUpdatesPerCheckpoint);
    expect(Math.max(...watched.perTransaction)).toBeLessThanOrEqual(store.maxUpdatesPerCheckpoint);
    const operations = await client.getOperations(execution.executionId);
    expect(operations.filter((r) => r.operation.Type === "STEP" && r.operation.Status === "SUCCEEDED")).toHaveLength(150);
    await worker.stop();
  }, 120_000);

  it("says which executions are stuck and why from the same heartbeat rows and reads as on SQLite", async () => {
    const clock = new ManualClock(Date.now());
    const registry = new FunctionRegistry()
      .register("ddb-orders", withDurableExecution(async () => "done"))
      .register("ddb-poisoned", async () => {
        throw new TypeError("poison pill on DynamoDB");
      });
    const worker = new Worker({ store, registry, clock, maxInvocationRetries: 5 });
    const client = new DurableClient({ store, registry, clock });
    const poisoned = (await client.startExecution({ functionName: "ddb-poisoned" })).execution.executionId;
    const ghostRegistry = new FunctionRegistry().register("ddb-ghost", withDurableExecution(async () => "never runs"));
    const ghost = (await new DurableClient({ store, registry: ghostRegistry, clock }).startExecution({ functionName: "ddb-ghost" })).execution.executionId;
    await worker.drain();
    clock.advance(1000);
    await worker.drain();

    expect((await client.listWorkers()).find((w) => w.workerId === worker.owner)).toMatchObject({ alive: true, functions: ["ddb-orders", "ddb-poisoned"] });
    const poisonedReasons = (await client.listStuckExecutions({ functionName: "ddb-poisoned" })).items[0]!.stuck;
    expect(poisonedReasons).toEqual([expect.objectContaining({ code: "REPEATED_INVOCATION_ERRORS", invocationErrors: 2, message: expect.stringContaining("poison pill on DynamoDB") })]);
    const ghostList = await client.listStuckExecutions({ functionName: "ddb-ghost", dueGraceSeconds: 0 });
    expect(ghostList.items.map((i) => [i.executionId, i.stuck.map((r) => r.code).sort()])).toEqual([[ghost, ["DUE_UNCLAIMED", "NO_LIVE_WORKER"]]]);
    expect((await client.explainExecution(poisoned)).waitingOn).toEqual([expect.objectContaining({ kind: "invocation-retry", untilTimestamp: new Date(clock.now() + 2000).toISOString() })]);
    const health = await client.getHealth();
    expect(health.liveFunctions).toEqual(expect.arrayContaining(["ddb-orders", "ddb-poisoned"]));
    expect(health.stuckCount).toBeGreaterThanOrEqual(2);
    await worker.stop();
    expect((await client.listWorkers()).some((w) => w.workerId === worker.owner)).toBe(false);
  }, 60_000);

  it("reruns from a step after a 150-item map: the map's 300 checkpoints are carried in writes DynamoDB can take", async () => {
    let itemRuns = 0;
    const registry = new FunctionRegistry().register(
      "map-then-sum",
      withDurableExecution(async (_input: unknown, ctx) => {
        const result = await ctx.map("double", Array.from({ length: 150 }, (_, i) => i), async (item, n: number) =>
          item.step(async () => {
            itemRuns++;
            return n * 2;
          }),
        );
        return ctx.step("sum", async () => result.getResults().reduce((sum: number, n) => sum + (n as number), 0));
      }),
    );
    const worker = new Worker({ store, registry, maxConcurrency: 4 });
    const client = new DurableClient({ store, registry });
    const { execution } = await client.startExecution({ functionName: "map-then-sum" });
    await worker.drain();
    const sum = (await client.getOperations(execution.executionId)).find((r) => r.operation.Name === "sum")!;
    itemRuns = 0;
    const fork = await client.forkExecution(execution.executionId, { fromOperationId: sum.operation.Id });
    expect(fork.carriedOperationIds.length).toBeGreaterThan(300);
    await worker.drain();
    const ended = await client.getExecution(fork.execution.executionId);
    expect(ended.status).toBe("SUCCEEDED");
    expect(ended.result).toBe(sumOfDoubles);
    expect(itemRuns).toBe(0);
  }, 120_000);

  it("records where replay ended and answers the same cost figures as on SQLite", async () => {
    const clock = new ManualClock(Math.ceil(Date.now() / 1000) * 1000);
    const registry = new FunctionRegistry().register(
      "costed-on-dynamodb",
      withDurableExecution(async (_input: unknown, ctx) => {
        clock.advance(100);
        await ctx.step("work", async () => {
          clock.advance(2000);
          return "x".repeat(100);
        });
        await ctx.wait("pause", { seconds: 10 });
        return "done";
      }),
    );
    const worker = new Worker({ store, registry, clock });
    const client = new DurableClient({ store, registry, clock });
    const { execution } = await client.startExecution({ functionName: "costed-on-dynamodb", input: "{}" });
    await worker.drain();
    clock.advance(10_000);
    await worker.drain();
    await worker.stop();
    const cost = await client.getExecutionCost(execution.executionId);
    expect(cost.status).toBe("SUCCEEDED");
    expect(cost.figures).toMatchObject({
      invocations: 2,
      computeMs: 2200,
      replayMs: 100,
      replayMeasuredInvocations: 1,
      waitingMs: 10_000,
      operations: 3,
      payloadBytes: 2 + 102 + 6,
    });
  });
});
