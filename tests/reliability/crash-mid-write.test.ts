/**
 * The store survives a crash mid-write. A worker child process checkpoints heavily (dozens of
 * executions of many steps with payloads up to tens of KB, synchronous FULL, WAL) and is SIGKILLed
 * at random moments. After every kill, before anything else touches the file: a fresh connection
 * finds `PRAGMA integrity_check` ok, and no partial checkpoint is visible: every history is whole
 * and agrees with the operation records and the execution row (support/history-checks.ts).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { DurableClient } from "../../sdk/runtime";
import { SqliteStore } from "../../sdk/store/sqlite";
import type { ExecutionRecord } from "../../sdk/store/types";
import { checkWholeHistory } from "./support/history-checks";
import { pollUntil, waitUntil } from "../support/wait";
import { WorkerProcess } from "./support/processes";
import { seededRandom } from "./support/workload";

const EXECUTIONS = 48;
const STEPS = 50;
const KILLS = 6;

const dirs: string[] = [];
const stores: SqliteStore[] = [];
const workers: WorkerProcess[] = [];
afterAll(async () => {
  for (const w of workers) if (w.alive) await w.kill();
  for (const s of stores) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function integrity(path: string): { check: string; journal: string } {
  const db = new Database(path);
  try {
    const rows = db.pragma("integrity_check") as Array<{ integrity_check: string }>;
    return { check: rows.map((r) => r.integrity_check).join("; "), journal: String(db.pragma("journal_mode", { simple: true })) };
  } finally {
    db.close();
  }
}

describe("crash mid-write", () => {
  it("keeps the SQLite file intact and shows no partial checkpoint after SIGKILLs during heavy checkpointing", async () => {
    const seed = Number(process.env.CRASH_TEST_SEED ?? Math.floor(Math.random() * 1e9));
    const random = seededRandom(seed);
    const dir = mkdtempSync(join(tmpdir(), "durable-crash-"));
    dirs.push(dir);
    const storePath = join(dir, "durable.db");
    const side = { invocations: join(dir, "invocations.log"), bodies: join(dir, "bodies.log") };
    const store = new SqliteStore({ path: storePath, busyTimeoutMs: 30_000 });
    await store.init();
    stores.push(store);
    const client = new DurableClient({ store });
    const ids: string[] = [];
    for (let i = 0; i < EXECUTIONS; i++) {
      const { execution } = await client.startExecution({ functionName: "many-steps", input: JSON.stringify({ steps: STEPS, padding: 40_000, seed: i }) });
      ids.push(execution.executionId);
    }

    const eventsOf = async () => (await store.executions.list({ limit: 1000 })).items.reduce((sum, e) => sum + e.eventCount, 0);
    const checkAll = async (): Promise<{ executions: ExecutionRecord[]; problems: string[]; events: number }> => {
      const executions = (await store.executions.list({ limit: 1000 })).items;
      const problems: string[] = [];
      let events = 0;
      for (const e of executions) {
        const report = await checkWholeHistory(store, e.executionId);
        problems.push(...report.problems);
        events += report.events;
      }
      return { executions, problems, events };
    };

    let kills = 0;
    let walBytesAtKills = 0;
    let eventsWrittenDuringRuns = 0;
    let historiesChecked = 0;
    let runningAtKills = 0;
    for (let k = 0; k < KILLS; k++) {
      const worker = new WorkerProcess({ storePath, side, leaseMs: 1000 });
      workers.push(worker);
      await worker.ready;
      // Kill once the worker is well into writing: after a random number of committed events.
      const before = await eventsOf();
      const target = 100 + Math.floor(random() * 500);
      // At most 10 s: a worker that writes slowly is killed all the same.
      await pollUntil(async () => (await eventsOf()) - before >= target, 10_000, () => 5 + Math.floor(random() * 20));
      runningAtKills += (await store.executions.list({ limit: 1000, statuses: ["RUNNING"] })).items.length;
      await worker.kill();
      kills++;
      if (existsSync(`${storePath}-wal`)) walBytesAtKills += statSync(`${storePath}-wal`).size;
      const { check, journal } = integrity(storePath);
      expect(check, `integrity after kill ${kills}`).toBe("ok");
      expect(journal).toBe("wal");
      const { executions, problems, events } = await checkAll();
      historiesChecked += executions.length;
      expect(problems, `partial checkpoints visible after kill ${kills}`).toEqual([]);
      eventsWrittenDuringRuns += events - before;
    }
    // The kills landed while work was being written.
    expect(eventsWrittenDuringRuns).toBeGreaterThan(0);
    expect(runningAtKills).toBeGreaterThan(0);

    const survivor = new WorkerProcess({ storePath, side, leaseMs: 1000 });
    workers.push(survivor);
    await survivor.ready;
    await waitUntil(
      "every execution to finish",
      async () => (await store.executions.list({ limit: 1000 })).items.every((e) => e.status !== "RUNNING"),
      90_000,
      500,
    );
    expect((await survivor.stop()).code, survivor.stderr).toBe(0);
    expect(integrity(storePath).check).toBe("ok");
    const { executions, problems, events } = await checkAll();
    expect(problems).toEqual([]);
    const expectedSum = (STEPS * (STEPS - 1)) / 2;
    for (const id of ids) {
      const execution = executions.find((e) => e.executionId === id);
      expect(execution?.status).toBe("SUCCEEDED");
      expect(JSON.parse(execution!.result!)).toEqual({ sum: expectedSum });
    }
    console.log(
      `[crash mid-write] seed ${seed}: ${EXECUTIONS} executions x ${STEPS} steps, ${kills} SIGKILLs, ` +
        `${eventsWrittenDuringRuns} events committed during the killed runs, ${runningAtKills} executions mid-flight at the kills (summed), ${walBytesAtKills} WAL bytes left at kills, ` +
        `integrity_check ok ${kills + 1} times, ${historiesChecked + executions.length} history checks, ${events} events at the end`,
    );
  }, 110_000);
});
