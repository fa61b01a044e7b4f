/**
 * The runtime on DynamoDB Local: a map wider than one 100-item transaction completes, because the
 * SDK sends checkpoints no larger than the store can write atomically.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { DurableClient, FunctionRegistry, Worker } from "../../sdk/runtime";
import type { DynamoStore } from "../../sdk/store/dynamodb";
import { freshDynamoStore, startDynamoLocal, type DynamoLocal } from "../support/dynamodb-local";

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
    const updatesPerCheckpoint: number[] = [];
    const transact = store.transact.bind(store);
    store.transact = ((id, options, build) =>
      transact(id, options, (snapshot) => {
        const built = build(snapshot);
        updatesPerCheckpoint.push(built.mutation.putOperations?.length ?? 0);
        return built;
      })) as typeof store.transact;
    const worker = new Worker({ store, registry, maxConcurrency: 4 });
    const client = new DurableClient({ store, registry });
    const { execution } = await client.startExecution({ functionName: "wide-map" });
    await worker.drain();
    const ended = await client.getExecution(execution.executionId);
    expect(ended.status).toBe("SUCCEEDED");
    expect(ended.result).toBe(String(2 * ((149 * 150) / 2)));
    expect(Math.max(...updatesPerCheckpoint)).toBeLessThanOrEqual(store.maxUpdatesPerCheckpoint);
    await worker.stop();
  }, 120_000);
});
