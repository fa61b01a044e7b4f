/**
 * A real worker running the example functions over a real SQLite store (or DynamoDB Local), for
 * `durable dev`'s demo data set (cli/seed.ts) to run on. Used by the e2e global setup (the worker lives in the
 * Playwright runner process while the console, a separate `next start`, reads the same file).
 */
import { registerExamples } from "../../examples";
import { DurableClient, FunctionRegistry, Worker } from "../../sdk/runtime";
import { DynamoStore, parseDynamoUrl } from "../../sdk/store/dynamodb";
import { openStore } from "../../sdk/store/open";
import type { DurableStore } from "../../sdk/store/types";

export interface DemoRuntime {
  store: DurableStore;
  client: DurableClient;
  worker: Worker;
  stop(): Promise<void>;
}

export function exampleRegistry(): FunctionRegistry {
  return registerExamples(new FunctionRegistry());
}

/**
 * Playwright's loader compiles static imports only, so the DynamoDB store (which openStore loads
 * lazily) is constructed here directly when the journeys run on DynamoDB.
 */
async function openE2eStore(storePath: string): Promise<DurableStore> {
  if (!storePath.startsWith("dynamodb://")) return openStore(storePath);
  const store = new DynamoStore(parseDynamoUrl(storePath));
  await store.init();
  return store;
}

export async function startDemoRuntime(storePath: string): Promise<DemoRuntime> {
  const store = await openE2eStore(storePath);
  const registry = exampleRegistry();
  const worker = new Worker({ store, registry, pollIntervalMs: 100, onError: (error) => console.error("[e2e worker]", error) });
  const client = new DurableClient({ store, registry, onWake: () => worker.wake() });
  worker.start();
  return {
    store,
    client,
    worker,
    async stop() {
      await worker.stop();
      await store.close();
    },
  };
}
