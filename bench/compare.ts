/**
 * C5: comparing two runs of 10,000 operations (issue 13's "stays fast"), through the console's
 * own query (both runs read through the redacting client, then lib/compare), beside the reads
 * alone as the baseline: the ratio is what the comparison adds to reading the two runs. The runs
 * share their operation ids (one seed, as two runs of one function do); run B stopped 100
 * iterations short with its map still running, so there are differences to find.
 */
import { performance } from "node:perf_hooks";
import { SqliteStore } from "../sdk/store/sqlite";
import { writeLargeExecution } from "./console-fixtures";
import { withConsoleStore, type RecordFigure } from "./console";
import { tempDbPath } from "./workloads";

const ITERATIONS = 5_000; // two operations each: 10,001 with the map
const REPEAT = 5;

const median = (samples: number[]) => [...samples].sort((x, y) => x - y)[Math.floor(samples.length / 2)]!;

export async function compareBench(record: RecordFigure): Promise<void> {
  const storePath = tempDbPath("console-compare");
  const store = new SqliteStore({ path: storePath, synchronous: "OFF" });
  await store.init();
  const a = await writeLargeExecution(store, { name: "compare-a", iterations: ITERATIONS, perCheckpoint: 500, operationIdSeed: "charge-batch" });
  const b = await writeLargeExecution(store, { name: "compare-b", iterations: ITERATIONS - 100, perCheckpoint: 500, operationIdSeed: "charge-batch", leaveRunning: true });
  await store.close();

  const { durable } = await import("../lib/server/durable");
  const { getRunComparison } = await import("../lib/server/queries/compare");
  const { loadRun } = await import("../lib/compare/load-run");
  const { compareRuns } = await import("../lib/compare/compare-runs");
  const figures = await withConsoleStore(storePath, async () => {
    const { client } = await durable();
    const reads: number[] = [];
    const compares: number[] = [];
    const diffs: number[] = [];
    let onlyA = 0;
    for (let i = 0; i <= REPEAT; i++) {
      let started = performance.now();
      const [runA, runB] = await Promise.all([loadRun(client, a.executionId), loadRun(client, b.executionId)]);
      const readMs = performance.now() - started;
      started = performance.now();
      compareRuns(runA, runB);
      const diffMs = performance.now() - started;
      started = performance.now();
      const comparison = await getRunComparison(a.executionId, b.executionId);
      JSON.stringify(comparison);
      const compareMs = performance.now() - started;
      onlyA = comparison.counts.onlyA;
      // The first round warms the caches and the JIT.
      if (i > 0) {
        reads.push(readMs);
        diffs.push(diffMs);
        compares.push(compareMs);
      }
    }
    return { readMs: median(reads), diffMs: median(diffs), compareMs: median(compares), onlyA };
  });
  if (figures.onlyA !== 200) throw new Error(`expected 200 operations only in run A, found ${figures.onlyA}`);
  record(`C5 compare two runs of ${(a.operationCount - 1).toLocaleString("en-US")} operations (reads + diff + JSON)`, figures.compareMs, "ms", figures.readMs);
  record("C5 the diff alone (lib/compare)", figures.diffMs, "ms", null);
}
