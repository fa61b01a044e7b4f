/**
 * The demo data `durable dev` seeds on an empty store: executions in every state a person should
 * see on first open, all of them real (the example functions run on a real worker and SQLite file).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRegistry } from "../../cli/functions";
import { seedDemoExecutions } from "../../cli/seed";
import { DurableClient, Worker } from "../../sdk/runtime";
import { SqliteStore } from "../../sdk/store/sqlite";
import { EXECUTION_STATUSES } from "../../sdk/types/wire";

let dir: string;
let store: SqliteStore;
let worker: Worker;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "durable-seed-"));
  process.env.DURABLE_EXAMPLE_SWITCHES = path.join(dir, "switches.json");
  store = new SqliteStore({ path: path.join(dir, "durable.db"), synchronous: "OFF" });
  await store.init();
});

afterAll(async () => {
  await worker?.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("durable dev's demo data", () => {
  it("has an execution in every status, one waiting for approval and one redriven", async () => {
    const registry = await loadRegistry(undefined, true);
    const errors: unknown[] = [];
    worker = new Worker({ store, registry, pollIntervalMs: 50, onError: (e) => errors.push(e) });
    const client = new DurableClient({ store, registry, onWake: () => worker.wake() });
    worker.start();
    const lines: string[] = [];
    await seedDemoExecutions(client, (line) => lines.push(line));
    expect(lines.at(-1)).toContain("timed out");

    const counts = await store.executions.countByStatus({});
    for (const status of EXECUTION_STATUSES) expect(counts[status], status).toBeGreaterThan(0);
    const expired = await store.executions.findByName("order-processing", "order-1005-expired");
    expect(expired?.status).toBe("TIMED_OUT");
    expect((await store.executions.findByName("inventory-sync", "inventory-lisbon"))?.redriveCount).toBe(1);
    const inbox = await store.callbacks.listPending({ functionName: "order-processing" });
    expect(inbox.items.map((c) => c.executionName)).toEqual(["order-1002"]);
    expect(errors).toEqual([]);
  }, 90_000);
});
