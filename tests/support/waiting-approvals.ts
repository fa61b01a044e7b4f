/**
 * A SQLite store with executions waiting for an approval, for tests that answer callbacks through
 * the built console: `count` order-processing executions started and run (on a manual clock, the
 * hold skipped) until each waits on its `approval` callback, plus one fan-out execution that
 * SUCCEEDED. The worker is stopped and the store closed before it returns.
 */
import { loadRegistry } from "../../cli/functions";
import { DurableClient, Worker } from "../../sdk/runtime";
import { SqliteStore } from "../../sdk/store/sqlite";
import { ManualClock } from "../../sdk/testing";

export interface WaitingApprovals {
  waiting: Array<{ executionId: string; callbackId: string }>;
  succeededExecutionId: string;
}

export async function seedWaitingApprovals(storeFile: string, count: number): Promise<WaitingApprovals> {
  const store = new SqliteStore({ path: storeFile });
  await store.init();
  const registry = await loadRegistry(undefined, true);
  const clock = new ManualClock();
  const worker = new Worker({ store, registry, clock });
  const client = new DurableClient({ store, registry, clock });
  try {
    const started: string[] = [];
    for (let i = 0; i < count; i++) {
      const order = { orderId: `W-${i}`, customerId: "c", items: [{ sku: "a", quantity: 1, unitPrice: 2 }], holdSeconds: 1 };
      started.push((await client.startExecution({ functionName: "order-processing", name: `waiting-${i}`, input: JSON.stringify(order) })).execution.executionId);
    }
    const done = (await client.startExecution({ functionName: "fan-out", input: JSON.stringify({ recipients: ["a@x.io"] }) })).execution;
    await worker.drain();
    clock.advanceTo(clock.now() + 5_000);
    await worker.drain();
    const waiting = [];
    for (const executionId of started) {
      const callback = (await client.getOperations(executionId)).find((r) => r.operation.Type === "CALLBACK");
      const callbackId = callback?.operation.CallbackDetails?.CallbackId;
      if (!callbackId) throw new Error(`seeding did not reach the approval callback of ${executionId}`);
      waiting.push({ executionId, callbackId });
    }
    return { waiting, succeededExecutionId: done.executionId };
  } finally {
    await store.close();
  }
}
