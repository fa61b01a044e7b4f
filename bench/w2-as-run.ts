/**
 * W2 as a user runs it (issue 15): 200 executions of 5 steps started together through
 * `DurableClient.startExecution` while a started `Worker` polls (`worker.start()`, not
 * `drain()`); each execution's end is seen through the worker's `onInvocation` hook. A new
 * SQLite file per round (WAL), its floor measured right before it with the same synchronous
 * setting, since on a shared machine the floor drifts within seconds.
 *
 * Also run alone, for profiling: `node --cpu-prof --import tsx bench/w2-as-run.ts [FULL|NORMAL]`.
 */
import { measureFloor, harness, performance, sequentialSteps, StepTimer, type Synchronous } from "./workloads";

export const W2_AS_RUN_EXECUTIONS = 200;
export const W2_AS_RUN_STEPS = 5;

export interface W2AsRunRound {
  stepsPerSecond: number;
  /** Raw single-row commits/s of this round's synchronous setting, measured just before. */
  floor: number;
  timer: StepTimer;
}

export async function w2AsRunRound(synchronous: Synchronous, measureItsFloor = true): Promise<W2AsRunRound> {
  const floor = measureItsFloor ? measureFloor(synchronous) : Number.NaN;
  const timer = new StepTimer();
  const endedIds = new Set<string>();
  let allEnded!: () => void;
  const ended = new Promise<void>((resolve) => (allEnded = resolve));
  const h = await harness({ w2: sequentialSteps(W2_AS_RUN_STEPS, timer) }, synchronous, undefined, {
    onInvocation: (execution, outcome) => {
      if (outcome === "PENDING") return;
      if (outcome !== "SUCCEEDED") throw new Error(`W2 as run: ${execution.executionId} ended ${outcome}`);
      endedIds.add(execution.executionId);
      if (endedIds.size === W2_AS_RUN_EXECUTIONS) allEnded();
    },
  });
  h.worker.start();
  // The worker's first pass (publishing its functions) is done before the clock starts.
  await h.worker.publishFunctions();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: W2_AS_RUN_EXECUTIONS }, (_, i) =>
      h.client.startExecution({ functionName: "w2", input: JSON.stringify({ key: `w2-${i}` }) }),
    ),
  );
  await ended;
  const seconds = (performance.now() - started) / 1000;
  await h.worker.stop();
  await h.close();
  return { stepsPerSecond: (W2_AS_RUN_EXECUTIONS * W2_AS_RUN_STEPS) / seconds, floor, timer };
}

/** Rounds run back to back; the round with the median ratio to its floor. */
export async function w2AsRunMedian(synchronous: Synchronous, rounds: number): Promise<W2AsRunRound> {
  await w2AsRunRound(synchronous, false); // warm: the JIT's first compile is in no figure
  const results: W2AsRunRound[] = [];
  for (let i = 0; i < rounds; i++) results.push(await w2AsRunRound(synchronous));
  results.sort((a, b) => a.stepsPerSecond / a.floor - b.stepsPerSecond / b.floor);
  return results[Math.floor(rounds / 2)]!;
}

if (process.argv[1]?.endsWith("w2-as-run.ts")) {
  const synchronous = (process.argv[2] ?? "FULL").toUpperCase() as Synchronous;
  const rounds = Number(process.argv[3] ?? 3);
  // "nofloor": rounds only, so that a profile shows the workload and not the floor's commits.
  const withFloor = process.argv[4] !== "nofloor";
  void (async () => {
    for (let i = 0; i < rounds; i++) {
      const r = await w2AsRunRound(synchronous, withFloor);
      console.log(
        `W2 as run (${synchronous}): ${r.stepsPerSecond.toFixed(0)} steps/s, floor ${r.floor.toFixed(0)}, ratio ${(r.stepsPerSecond / r.floor).toFixed(2)}, p50 ${r.timer.percentile(50).toFixed(2)} ms, p99 ${r.timer.percentile(99).toFixed(2)} ms`,
      );
    }
  })();
}
