/**
 * Starts the worker that runs the example handlers (in the runner process, for the whole run)
 * and seeds the demo executions. The console server only reads the store and writes answers.
 * The run's temp dir (store, switches) is removed at the end unless E2E_KEEP_DATA is set.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { seedDemo, startDemoRuntime } from "./demo";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const storePath = process.env.DURABLE_STORE;
  const dataDir = process.env.E2E_DATA_DIR;
  if (!storePath || !dataDir) throw new Error("DURABLE_STORE / E2E_DATA_DIR are not set (playwright.config.ts sets them)");
  const runtime = await startDemoRuntime(storePath);
  const ids = await seedDemo(runtime.client, "demo");
  writeFileSync(path.join(dataDir, "demo-ids.json"), JSON.stringify(ids, null, 2));
  return async () => {
    await runtime.stop();
    if (!process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  };
}
