/**
 * Starts the worker that runs the example handlers (in the runner process, for the whole run)
 * and seeds the demo executions. The console server only reads the store and writes answers.
 * The run's temp dir (store, switches) is removed at the end unless E2E_KEEP_DATA is set.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { writeLargeExecution } from "../../bench/console-fixtures";
import { seedDemoExecutions } from "../../cli/seed";
import { startDemoRuntime } from "./demo";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const storePath = process.env.DURABLE_STORE;
  const dataDir = process.env.E2E_DATA_DIR;
  if (!storePath || !dataDir) throw new Error("DURABLE_STORE / E2E_DATA_DIR are not set (playwright.config.ts sets them)");
  const runtime = await startDemoRuntime(storePath);
  const ids = await seedDemoExecutions(runtime.client);
  // A 100,000-event execution (a map of 25,000 iterations) for the scale journeys, written
  // through the runtime's checkpoint processing; its function is registered like any other.
  if (process.env.E2E_SKIP_SCALE) {
    writeFileSync(path.join(dataDir, "demo-ids.json"), JSON.stringify(ids, null, 2));
    return async () => {
      await runtime.stop();
      if (!process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const now = new Date().toISOString();
  await runtime.store.functions.put([
    { name: "bulk-charge", kind: "durable", description: "Charges a batch of orders in a map (25,000 iterations)", registeredTimestamp: now, lastSeenTimestamp: now },
  ]);
  const huge = await writeLargeExecution(runtime.store, { functionName: "bulk-charge", name: "charge-batch-2026-03", iterations: 25_000, perCheckpoint: 1000 });
  const large = { huge: huge.executionId, hugeMap: huge.mapOperationId, hugeEvents: String(huge.eventCount) };
  writeFileSync(path.join(dataDir, "demo-ids.json"), JSON.stringify({ ...ids, ...large }, null, 2));
  return async () => {
    await runtime.stop();
    if (!process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  };
}
