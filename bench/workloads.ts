import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { withDurableExecution } from "../sdk";
import { DurableClient, FunctionRegistry, Worker, type Clock, type WorkerOptions } from "../sdk/runtime";
import { SqliteStore } from "../sdk/store/sqlite";
import { TERMINAL_EXECUTION_STATUSES } from "../sdk/types/wire";
import { ManualClock } from "../sdk/testing";

export type Synchronous = "FULL" | "NORMAL" | "OFF";

export function tempDbPath(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `durable-bench-${label}-`));
  return path.join(dir, "bench.db");
}

/** The floor: raw better-sqlite3 single-row commits per second, WAL, same synchronous setting. */
export function measureFloor(synchronous: Synchronous, commits = 2000): number {
  const db = new Database(tempDbPath("floor"));
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous}`);
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  const insert = db.prepare("INSERT INTO t (v) VALUES (?)");
  const started = performance.now();
  for (let i = 0; i < commits; i++) insert.run(`row-${i}`);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return commits / seconds;
}

export interface Harness {
  store: SqliteStore;
  worker: Worker;
  client: DurableClient;
  clock: Clock;
  close(): Promise<void>;
}

export async function harness(
  handlers: Record<string, unknown>,
  synchronous: Synchronous,
  clock: Clock = { now: () => Date.now() },
  workerOptions: Partial<WorkerOptions> = {},
): Promise<Harness> {
  const store = new SqliteStore({ path: tempDbPath("run"), synchronous });
  await store.init();
  const registry = new FunctionRegistry();
  for (const [name, handler] of Object.entries(handlers)) registry.register(name, handler as never);
  const worker = new Worker({ store, registry, clock, maxConcurrency: 128, onError: () => undefined, ...workerOptions });
  const client = new DurableClient({ store, registry, clock });
  return { store, worker, client, clock, close: () => store.close() };
}

/** Per-step latencies measured inside the handler, first execution of each step only. */
export class StepTimer {
  readonly samples: number[] = [];
  #last = new Map<string, number>();

  mark(key: string): void {
    const now = performance.now();
    const last = this.#last.get(key);
    if (last !== undefined) this.samples.push(now - last);
    this.#last.set(key, now);
  }

  percentile(p: number): number {
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
  }
}

export function sequentialSteps(steps: number, timer: StepTimer, waitEvery = 0) {
  return withDurableExecution(async (input: { key: string }, context) => {
    for (let i = 0; i < steps; i++) {
      if (waitEvery > 0 && i > 0 && i % waitEvery === 0) await context.wait({ seconds: 60 });
      await context.step(async () => {
        timer.mark(input.key);
        return i;
      });
    }
    return steps;
  });
}

/** Runs until every started execution has ended; with a ManualClock, skips waits instead of sleeping. */
export async function runToCompletion(h: Harness, executionIds: string[]): Promise<void> {
  for (;;) {
    await h.worker.drain();
    const pending = [];
    for (const id of executionIds) {
      const execution = await h.store.executions.get(id);
      if (execution && !TERMINAL_EXECUTION_STATUSES.includes(execution.status)) pending.push(id);
    }
    if (pending.length === 0) return;
    const next = await h.store.scheduling.nextWakeAt();
    if (next === undefined) throw new Error(`${pending.length} executions wait on nothing`);
    if (h.clock instanceof ManualClock) h.clock.advanceTo(next);
    else await new Promise((resolve) => setTimeout(resolve, Math.max(1, next - Date.now())));
  }
}

export { ManualClock, performance };
