/**
 * W2 on DynamoDB Local: 500 executions x 5 steps run by 1 and then by 3 `durable worker`
 * processes sharing one table, and the ratio. Runs when BENCH_DYNAMODB=1 (and then requires Java)
 * or, unless BENCH_DYNAMODB=0, whenever `java` is on PATH; the output says which.
 *
 * The executions are created first and held by a gate (a lease that lapses at one instant), so
 * every worker process is up and polling before the clock starts: the figure is processing, not
 * process start-up. Beside steps/s it prints where the CPU went (DynamoDB Local's JVM, the worker
 * processes, this process), read from /proc: that says where the bottleneck is.
 *
 * Alone: `node --import tsx bench/dynamodb.ts`.
 */
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DurableClient, FunctionRegistry } from "../sdk/runtime";
import { javaAvailable, freshDynamoStore, startDynamoLocal, type DynamoLocal } from "../support/dynamodb-local";
import { WorkerProcess } from "../support/worker-process";
import { functions } from "./fixtures/w2-functions";

type Recorder = (name: string, value: number, unit: string, baseline: number | null, target?: string) => void;

const EXECUTIONS = 500;
const STEPS = 5;
const CONCURRENCY = 64;
const GATE_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TICKS = 100; // USER_HZ on Linux

/** CPU seconds used so far by every process of these process groups (or pids), from /proc. */
function cpuSeconds(match: (pid: number, pgrp: number) => boolean): number {
  let ticks = 0;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // after "pid (comm) ": state ppid pgrp ... utime is field 14 overall = index 11 here
      if (match(Number(name), Number(fields[2]))) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / TICKS;
}

export interface W2Run {
  workers: number;
  seconds: number;
  stepsPerSecond: number;
  cpu: { dynamodbLocal: number; workers: number; bench: number };
}

async function runW2(local: DynamoLocal, javaPid: number, workerCount: number): Promise<W2Run> {
  const store = await freshDynamoStore(local, "bench");
  const registry = new FunctionRegistry();
  registry.register("w2", functions.w2 as never);
  const client = new DurableClient({ store, registry });
  const workers: WorkerProcess[] = [];
  try {
    for (let i = 0; i < EXECUTIONS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, EXECUTIONS - i) }, (_, j) => client.startExecution({ functionName: "w2", input: JSON.stringify({ key: `w2-${i + j}` }) })),
      );
    }
    // The gate: every execution leased until `opensAt`; workers take them over when it lapses.
    const opensAt = Date.now() + GATE_MS;
    let gated = 0;
    while (gated < EXECUTIONS) {
      const batch = await store.scheduling.claimDue({ now: Date.now(), owner: "bench-gate", leaseMs: opensAt - Date.now(), limit: 100, newToken: () => `gate-${gated}-${Math.random()}` });
      if (batch.length === 0) throw new Error(`only ${gated} of ${EXECUTIONS} executions could be gated`);
      gated += batch.length;
    }
    for (let i = 0; i < workerCount; i++) {
      workers.push(
        new WorkerProcess({
          storeUrl: local.url(store.table),
          functionsModule: path.join(__dirname, "fixtures", "w2-functions.ts"),
          leaseMs: 15_000,
          concurrency: CONCURRENCY,
          noExamples: true,
          env: { DURABLE_RETENTION_DAYS: "0" },
        }),
      );
    }
    await Promise.all(workers.map((w) => w.ready));
    if (Date.now() > opensAt - 500) throw new Error(`the worker processes took longer than the ${GATE_MS} ms gate to start`);
    await sleep(opensAt - Date.now());

    const groups = new Set(workers.map((w) => w.pgid!));
    const inWorkers = (_pid: number, pgrp: number) => groups.has(pgrp);
    const cpu0 = { java: cpuSeconds((pid) => pid === javaPid), workers: cpuSeconds(inWorkers), bench: process.cpuUsage() };
    const started = Date.now();
    for (;;) {
      const counts = await store.executions.countByStatus({ functionName: "w2" });
      if (counts.RUNNING === 0) {
        if (counts.SUCCEEDED !== EXECUTIONS) throw new Error(`W2 ended with ${JSON.stringify(counts)}`);
        break;
      }
      if (Date.now() - started > 600_000) throw new Error(`W2 with ${workerCount} workers not done after 10 minutes: ${JSON.stringify(counts)}`);
      await sleep(100);
    }
    const seconds = (Date.now() - started) / 1000;
    const bench = process.cpuUsage(cpu0.bench);
    return {
      workers: workerCount,
      seconds,
      stepsPerSecond: (EXECUTIONS * STEPS) / seconds,
      cpu: {
        dynamodbLocal: cpuSeconds((pid) => pid === javaPid) - cpu0.java,
        workers: cpuSeconds(inWorkers) - cpu0.workers,
        bench: (bench.user + bench.system) / 1e6,
      },
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await store.deleteTable().catch(() => undefined);
    await store.close();
  }
}

function describeRun(run: W2Run): string {
  const share = (s: number) => `${s.toFixed(1)} s (${((s / run.seconds) * 100).toFixed(0)}% of a core, ${((s * 1000) / (EXECUTIONS * STEPS)).toFixed(1)} ms/step)`;
  return (
    `  ${run.workers} worker process${run.workers > 1 ? "es" : ""}: ${run.stepsPerSecond.toFixed(0)} steps/s (${run.seconds.toFixed(1)} s); CPU: ` +
    `DynamoDB Local ${share(run.cpu.dynamodbLocal)}, workers ${share(run.cpu.workers)}, bench ${share(run.cpu.bench)}`
  );
}

/** A fresh JVM compiles as it goes: some work first, so neither measured run pays for the warm-up. */
async function warmUp(local: DynamoLocal): Promise<void> {
  const store = await freshDynamoStore(local, "warm");
  const registry = new FunctionRegistry();
  registry.register("w2", functions.w2 as never);
  const client = new DurableClient({ store, registry });
  try {
    for (let round = 0; round < 6; round++) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => client.startExecution({ functionName: "w2", input: JSON.stringify({ key: `${round}-${i}` }) })));
      await store.executions.list({ limit: 100 });
      await store.scheduling.claimDue({ now: Date.now(), owner: "warm", leaseMs: 60_000, limit: 50, newToken: () => String(Math.random()) });
    }
  } finally {
    await store.deleteTable().catch(() => undefined);
    await store.close();
  }
}

export async function dynamoBench(record: Recorder): Promise<void> {
  const mode = process.env.BENCH_DYNAMODB;
  if (mode === "0") {
    console.log("W2 on DynamoDB Local: skipped (BENCH_DYNAMODB=0)");
    return;
  }
  if (!javaAvailable()) {
    if (mode === "1") throw new Error("BENCH_DYNAMODB=1 but java is not on PATH (apt-get install -y openjdk-17-jre-headless)");
    console.log("W2 on DynamoDB Local: skipped, java is not on PATH (install openjdk-17-jre-headless; BENCH_DYNAMODB=1 makes it required)");
    return;
  }
  console.log(`W2 on DynamoDB Local: running (${mode === "1" ? "BENCH_DYNAMODB=1" : "java is on PATH; BENCH_DYNAMODB=0 skips it"}), ${os.cpus().length} cores`);
  const local = await startDynamoLocal();
  try {
    const javaPid = local.pid;
    await warmUp(local);
    const one = await runW2(local, javaPid, 1);
    console.log(describeRun(one));
    const three = await runW2(local, javaPid, 3);
    console.log(describeRun(three));
    console.log(`  3 workers vs 1: x${(three.stepsPerSecond / one.stepsPerSecond).toFixed(2)}`);
    record("W2 on DynamoDB Local, 1 worker process", one.stepsPerSecond, "steps/s", null);
    record("W2 on DynamoDB Local, 3 worker processes (baseline: 1 worker)", three.stepsPerSecond, "steps/s", one.stepsPerSecond);
    record("W2 on DynamoDB Local, CPU per step in DynamoDB Local (3 workers)", (three.cpu.dynamodbLocal * 1000) / (EXECUTIONS * STEPS), "ms", null);
    record("W2 on DynamoDB Local, CPU per step in the workers (3 workers)", (three.cpu.workers * 1000) / (EXECUTIONS * STEPS), "ms", null);
  } finally {
    await local.stop();
  }
}

if (require.main === module) {
  const figures: Array<Record<string, unknown>> = [];
  dynamoBench((name, value, unit, baseline) => figures.push({ name, value, unit, baseline, ratio: baseline ? value / baseline : null })).then(
    () => console.table(figures),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
