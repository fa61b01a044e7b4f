/**
 * `npm run bench`: speed and memory of the durable core, each figure beside a baseline measured
 * in the same run (the machine is noisy: ratios hold, absolute times do not).
 * Writes bench/results/latest.json as [{ name, value, unit, baseline, ratio }].
 */
import fs from "node:fs";
import path from "node:path";
import { withDurableExecution } from "../sdk";
import { bulkRedriveBench } from "./bulk";
import { compareBench } from "./compare";
import { consoleBench } from "./console";
import { dynamoBench } from "./dynamodb";
import { remoteW1Bench } from "./remote";
import { w2AsRunMedian, W2_AS_RUN_EXECUTIONS, W2_AS_RUN_STEPS } from "./w2-as-run";
import { harness, ManualClock, measureFloor, performance, runToCompletion, sequentialSteps, StepTimer } from "./workloads";

interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  target?: string;
}

const figures: Figure[] = [];
function record(name: string, value: number, unit: string, baseline: number | null, target?: string): void {
  figures.push({ name, value: round(value), unit, baseline: baseline === null ? null : round(baseline), ratio: baseline ? round(value / baseline, 3) : null, target });
}
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * W1 runs nine rounds, each right after its own floor measurement: on a shared machine the
 * floor drifts within seconds, so a ratio is only meaningful between neighbours. The median
 * round is reported.
 */
const W1_ROUNDS = 9;

async function w1(): Promise<{ seconds: number; floor: number }> {
  const rounds: Array<{ stepsPerSecond: number; floor: number; seconds: number; timer: StepTimer }> = [];
  // A worker runs warm: one unmeasured round first, so the JIT's first compile is not in a figure.
  const warm = await harness({ w1: sequentialSteps(300, new StepTimer()) }, "OFF");
  await runToCompletion(warm, [(await warm.client.startExecution({ functionName: "w1", input: JSON.stringify({ key: "warm" }) })).execution.executionId]);
  await warm.close();
  for (let round = 0; round < W1_ROUNDS; round++) {
    const floor = measureFloor("FULL");
    const timer = new StepTimer();
    const h = await harness({ w1: sequentialSteps(1000, timer) }, "FULL");
    const started = performance.now();
    const { execution } = await h.client.startExecution({ functionName: "w1", input: JSON.stringify({ key: "w1" }) });
    await runToCompletion(h, [execution.executionId]);
    const seconds = (performance.now() - started) / 1000;
    await h.close();
    rounds.push({ stepsPerSecond: 1000 / seconds, floor, seconds, timer });
  }
  rounds.sort((a, b) => a.stepsPerSecond / a.floor - b.stepsPerSecond / b.floor);
  const median = rounds[Math.floor(W1_ROUNDS / 2)];
  record("floor: raw single-row commits (WAL, synchronous=FULL), W1's round", median.floor, "commits/s", median.floor);
  record("W1 1,000 sequential steps", median.stepsPerSecond, "steps/s", median.floor, "ratio >= 0.5");
  record("W1 per-step p50", median.timer.percentile(50), "ms", 1000 / median.floor);
  record("W1 per-step p99", median.timer.percentile(99), "ms", 1000 / median.floor);
  return { seconds: median.seconds, floor: median.floor };
}

async function w2(): Promise<void> {
  const floor = measureFloor("FULL");
  record("floor: raw single-row commits (WAL, synchronous=FULL), W2's round", floor, "commits/s", floor);
  const timer = new StepTimer();
  const h = await harness({ w2: sequentialSteps(5, timer) }, "FULL");
  const started = performance.now();
  // Started together: the starts share commits, as concurrent checkpoints do.
  const started500 = await Promise.all(
    Array.from({ length: 500 }, (_, i) => h.client.startExecution({ functionName: "w2", input: JSON.stringify({ key: `w2-${i}` }) })),
  );
  const ids = started500.map((s) => s.execution.executionId);
  await runToCompletion(h, ids);
  const seconds = (performance.now() - started) / 1000;
  await h.close();
  record("W2 500 executions x 5 steps", 2500 / seconds, "steps/s", floor);
  record("W2 per-step p50", timer.percentile(50), "ms", 1000 / floor);
  record("W2 per-step p99", timer.percentile(99), "ms", 1000 / floor);
}

/**
 * W2 as a user runs it (w2-as-run.ts): rounds each beside its own floor, the median round
 * reported, with synchronous=FULL (the default) and with the NORMAL opt-in. NORMAL's figure
 * stands beside the FULL floor of its round too: what the opt-in buys against the default's disk.
 */
const W2_AS_RUN_ROUNDS = 5;

async function w2AsRun(): Promise<void> {
  const shape = `${W2_AS_RUN_EXECUTIONS} executions x ${W2_AS_RUN_STEPS} steps, worker.start()`;
  const full = await w2AsRunMedian("FULL", W2_AS_RUN_ROUNDS);
  record("floor: raw single-row commits (WAL, synchronous=FULL), W2 as run's round", full.floor, "commits/s", full.floor);
  record(`W2 as run ${shape}`, full.stepsPerSecond, "steps/s", full.floor, "ratio >= 2.2");
  record("W2 as run per-step p50", full.timer.percentile(50), "ms", 1000 / full.floor);
  record("W2 as run per-step p99", full.timer.percentile(99), "ms", 1000 / full.floor);
  const normal = await w2AsRunMedian("NORMAL", W2_AS_RUN_ROUNDS);
  const fullFloor = measureFloor("FULL");
  record("floor: raw single-row commits (WAL, synchronous=NORMAL), W2 as run's round", normal.floor, "commits/s", fullFloor);
  record(`W2 as run, synchronous=NORMAL (beside the FULL floor)`, normal.stepsPerSecond, "steps/s", fullFloor);
  record("W2 as run, synchronous=NORMAL, beside its own floor", normal.stepsPerSecond, "steps/s", normal.floor);
  record("W2 as run, synchronous=NORMAL, per-step p50", normal.timer.percentile(50), "ms", null);
  record("W2 as run, synchronous=NORMAL, per-step p99", normal.timer.percentile(99), "ms", null);
}

/**
 * W3, the replay factor: rounds of the same 1,000 steps run straight and then suspended by a wait
 * every 100 steps, back to back on a fresh store each, so the two share the disk's mood. The
 * round with the median ratio is reported, after one unmeasured round (the replay path's first
 * compile is in no figure).
 */
const W3_ROUNDS = 5;

async function w3(): Promise<void> {
  const run = async (waitEvery: number) => {
    const h = await harness({ w3: sequentialSteps(1000, new StepTimer(), waitEvery) }, "FULL", new ManualClock());
    const started = performance.now();
    const { execution } = await h.client.startExecution({ functionName: "w3", input: JSON.stringify({ key: "w3" }) });
    await runToCompletion(h, [execution.executionId]);
    const seconds = (performance.now() - started) / 1000;
    const invocations = (await h.store.executions.get(execution.executionId))?.invocationCount ?? 0;
    await h.close();
    return { seconds, invocations };
  };
  await run(100);
  const rounds: Array<{ straight: number; suspended: number; invocations: number }> = [];
  for (let i = 0; i < W3_ROUNDS; i++) {
    const straight = await run(0);
    const suspended = await run(100);
    rounds.push({ straight: straight.seconds, suspended: suspended.seconds, invocations: suspended.invocations });
  }
  rounds.sort((a, b) => a.suspended / a.straight - b.suspended / b.straight);
  const median = rounds[Math.floor(W3_ROUNDS / 2)];
  record("W3 1,000 steps, suspended every 100 (waits skipped), beside them run straight", median.suspended, "s", median.straight, "ratio <= 1.1");
  record("W3 invocations", median.invocations, "count", null);
}

async function suspendedMemory(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const waitsADay = withDurableExecution(async (_input: unknown, context) => {
    await context.step("before", async () => 1);
    await context.wait("a-day", { days: 1 });
    return "done";
  });
  const h = await harness({ sleeper: waitsADay }, "NORMAL");
  const startBatch = async (count: number) => {
    for (let i = 0; i < count; i++) await h.client.startExecution({ functionName: "sleeper", input: "{}" });
    await h.worker.drain();
  };
  const heap = () => {
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed / (1024 * 1024);
  };
  await startBatch(10);
  const before = heap();
  await startBatch(9990);
  const after = heap();
  const running = await h.store.executions.countByStatus({});
  await h.close();
  record("heap with 10 suspended executions", before, "MB", null);
  record("heap growth for 10,000 suspended executions", after - before, "MB", 50, "value < 50 MB");
  if (running.RUNNING !== 10000) throw new Error(`expected 10,000 suspended executions, found ${running.RUNNING}`);
  if (!gc) console.warn("run with --expose-gc for exact heap figures");
}

/**
 * BENCH_ONLY=w1,w2-as-run,w3 runs only the named parts (comma-separated: w1, remote, w2,
 * w2-as-run, w3, memory, console, compare, bulk, dynamodb); W1 always runs when remote does, as
 * its baseline. Without it, everything runs.
 */
const only = process.env.BENCH_ONLY?.split(",").map((part) => part.trim());
const runs = (part: string) => !only || only.includes(part);

async function main(): Promise<void> {
  const { seconds: w1Seconds } = runs("w1") || runs("remote") ? await w1() : { seconds: 0 };
  // W1 with its handler out of process over the Lambda API, beside this run's in-process W1.
  if (runs("remote")) await remoteW1Bench(record, w1Seconds);
  if (runs("w2")) await w2();
  if (runs("w2-as-run")) await w2AsRun();
  if (runs("w3")) await w3();
  if (runs("memory")) await suspendedMemory();
  // The console's budgets (C1: list over 1M executions, C2: a 100,000-event history).
  if (runs("console")) await consoleBench(record);
  // C5: two runs of 10,000 operations compared.
  if (runs("compare")) await compareBench(record);
  // B1: a bulk redrive job over 10,000 failed executions, against redriving them one by one.
  if (runs("bulk")) await bulkRedriveBench(record);
  // W2 on DynamoDB Local with 1 and 3 worker processes (when Java is there, or BENCH_DYNAMODB=1).
  if (runs("dynamodb")) await dynamoBench(record);

  console.table(figures.map((f) => ({ name: f.name, value: f.value, unit: f.unit, baseline: f.baseline ?? "", ratio: f.ratio ?? "", target: f.target ?? "" })));
  const out = path.join(__dirname, "results", "latest.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(figures.map(({ target: _t, ...f }) => f), null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
