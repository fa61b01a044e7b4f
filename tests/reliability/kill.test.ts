/**
 * The kill test: hundreds of executions (the examples, with approvals answered by the test, and an
 * at-most-once fixture) run by `durable worker` child processes on one SQLite file (synchronous
 * FULL), each worker SIGKILLed at a random moment and replaced by a new one (a new lease owner:
 * the dead one's leases must lapse). Afterwards every execution must have ended with the right
 * result, no at-most-once step body ran twice in one attempt, no checkpointed outcome was lost or
 * changed, and every history is whole (see support/history-checks.ts).
 *
 * "One InvocationCompleted per invocation", precisely: the worker logs each invocation (request
 * id, pid) when it calls the handler. Every invocation whose prelude committed (invocationCount)
 * has exactly one InvocationCompleted, none twice: its own, or, for one cut by a kill, the one the
 * next claim wrote for it (error Runtime.InvocationLost). Every logged invocation has one; a lost
 * one ran in a killed worker (or was fenced in a live one), or never reached its handler (killed
 * after its prelude: not logged, at most one per kill). See support/verify.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DurableClient } from "../../sdk/runtime";
import { SqliteStore } from "../../sdk/store/sqlite";
import type { ExecutionRecord } from "../../sdk/store/types";
import { allEvents, checkWholeHistory } from "./support/history-checks";
import { countInterruptedAttempts, repeatedBodyRuns, verifyHistories, verifyResults } from "./support/verify";
import { checkAcked, OutcomeObserver, readSideRecords } from "./support/observer";
import { pollUntil, sleep, waitUntil } from "../support/wait";
import { WorkerProcess } from "./support/processes";
import { planExecutions, seededRandom, startApprover, startPlanned, warehouseSwitches } from "./support/workload";

const EXECUTIONS = 330;
const WAVES = 6;
const KILLS = 12;
const LEASE_MS = 1500;
const SURVIVOR_LEASE_MS = 6000;

const dirs: string[] = [];
const stores: SqliteStore[] = [];
const workers: WorkerProcess[] = [];
afterAll(async () => {
  for (const w of workers) if (w.alive) await w.kill();
  for (const s of stores) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("kill test", () => {
  it(`runs ${EXECUTIONS} executions through ${KILLS} SIGKILLed workers without losing or repeating anything`, async () => {
    const seed = Number(process.env.KILL_TEST_SEED ?? Math.floor(Math.random() * 1e9));
    console.log(`[kill test] seed ${seed} (set KILL_TEST_SEED to repeat)`);
    const random = seededRandom(seed);
    const dir = mkdtempSync(join(tmpdir(), "durable-kill-"));
    dirs.push(dir);
    const storePath = join(dir, "durable.db");
    const side = { invocations: join(dir, "invocations.log"), bodies: join(dir, "bodies.log") };
    const switches = join(dir, "switches.json");
    writeFileSync(switches, JSON.stringify(warehouseSwitches));
    const store = new SqliteStore({ path: storePath, synchronous: "FULL", busyTimeoutMs: 30_000 });
    await store.init();
    stores.push(store);
    const client = new DurableClient({ store });
    const observer = new OutcomeObserver(store);
    const problems: string[] = [];

    const plans = planExecutions(EXECUTIONS, random, "kt");
    const waveSize = Math.ceil(plans.length / WAVES);
    const waves = Array.from({ length: WAVES }, (_, i) => plans.slice(i * waveSize, (i + 1) * waveSize));
    let nextWave = 0;
    await startPlanned(client, waves[nextWave++]!);

    const approver = startApprover(store, client, plans);

    const spawnWorker = (leaseMs = LEASE_MS) => {
      const worker = new WorkerProcess({ storePath, side, leaseMs, env: { DURABLE_EXAMPLE_SWITCHES: switches } });
      workers.push(worker);
      return worker;
    };

    let kills = 0;
    let inFlightAtKills = 0;
    for (let k = 0; k < KILLS; k++) {
      const worker = spawnWorker();
      await worker.ready;
      if (k % 2 === 1 && nextWave < waves.length) await startPlanned(client, waves[nextWave++]!);
      await sleep(250 + Math.floor(random() * 1500));
      // A random moment, but one with invocations in flight (wait for some if the worker is idle);
      // every third kill waits for an at-most-once step body to be running.
      const busy = async () => (k % 3 === 0 ? atMostOnceBodyRunning(store, worker.owner!) : (await leasedBy(store, worker.owner!)).length > 0);
      await pollUntil(busy, 3000, 5);
      const inFlight = (await leasedBy(store, worker.owner!)).length;
      inFlightAtKills += inFlight;
      await worker.kill();
      kills++;
      await observer.observe();
    }
    while (nextWave < waves.length) await startPlanned(client, waves[nextWave++]!);

    // The survivor holds longer leases: a stall of this busy machine must not fence it (a fenced
    // invocation in a live worker is legitimate, but this test could not tell it from a lost one).
    const survivor = spawnWorker(SURVIVOR_LEASE_MS);
    await survivor.ready;
    let executions: ExecutionRecord[] = [];
    await waitUntil(
      "every execution to finish",
      async () => {
        executions = await observer.observe();
        return executions.length >= plans.length && executions.every((e) => e.status !== "RUNNING");
      },
      90_000,
      1000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${await describeStuck(store, executions)}\nsurvivor stderr:\n${survivor.stderr.slice(0, 2000)}`);
    });
    await approver.stop();
    problems.push(...approver.problems);
    const exit = await survivor.stop();
    expect(exit.code, survivor.stderr).toBe(0);
    executions = await observer.observe();

    // 1. every execution ended with the right result
    const sideRecords = readSideRecords(side.bodies, side.invocations);
    const { children } = verifyResults(executions, plans, sideRecords.bodies, problems);
    expect(approver.answered.size).toBe(plans.filter((p) => p.functionName === "order-processing").length);

    // 2. at-most-once: no (execution, step, attempt) body ran twice
    const runs = repeatedBodyRuns(sideRecords.bodies);
    expect(runs.repeated, "at-most-once step bodies that ran twice in one attempt").toEqual([]);

    // 3. no checkpointed outcome lost or changed, acknowledged step results all stored
    problems.push(...observer.problems, ...(await checkAcked(store, sideRecords.acked)));

    // 4. whole histories, and invocations matched against what the workers really ran
    const killedPids = new Set(workers.filter((w) => w.killed).map((w) => w.pid));
    const f = await verifyHistories(store, executions, sideRecords, { killedPids, kills }, problems);
    const interrupted = await countInterruptedAttempts(store, plans.filter((p) => p.functionName === "at-most-once").map((p) => p.executionId!));

    const stderrLines = workers.flatMap((w) => w.stderr.split("\n").filter((line) => line.trim().length > 0));
    console.log(
      [
        `[kill test] executions: ${executions.length} (${plans.length} started by the test, ${children} chained children), all checked for status SUCCEEDED and the expected result`,
        `[kill test] kills: ${kills} SIGKILLs with ${inFlightAtKills} executions leased by the killed workers at the kills (summed), ${workers.length} worker processes (lease ${LEASE_MS} ms)`,
        `[kill test] invocations: ${f.invocations} counted, ${f.completed} with InvocationCompleted (lost ones: ${f.cutByKill} cut by a kill, ${f.fenced} fenced, ${f.preludeOnly} killed between prelude and handler)`,
        `[kill test] at-most-once: ${sideRecords.bodies.length} step body runs, ${runs.distinct} distinct (execution, step, attempt), ${runs.repeated.length} repeated, ${interrupted} attempts interrupted by kills`,
        `[kill test] approvals answered: ${approver.answered.size}; acknowledged step results checked: ${sideRecords.acked.length}`,
        `[kill test] outcome observations: ${observer.observations} passes, ${observer.comparisons} finished outcomes compared with earlier observations`,
        `[kill test] worker stderr: ${stderrLines.length} lines${stderrLines.length ? ` (first: ${stderrLines[0]!.slice(0, 200)})` : ""}`,
        `[kill test] histories checked: ${executions.length}, ${f.events} events, ${f.operations} operations; problems: ${problems.length}`,
      ].join("\n"),
    );
    expect(problems).toEqual([]);
    expect(f.completed, "every invocation has an InvocationCompleted").toBe(f.invocations);
    // The lost-invocation rule was exercised: kills cut invocations mid-flight.
    expect(f.cutByKill + f.preludeOnly, "invocations cut by kills").toBeGreaterThan(0);
    expect(kills).toBeGreaterThanOrEqual(10);
    // The at-most-once check was not vacuous: some kill cut a started attempt.
    expect(interrupted, "attempts interrupted by kills").toBeGreaterThan(0);
    expect(executions.length).toBeGreaterThanOrEqual(300);
  }, 150_000);
});

describe("a plain chained-invoke target cut off by a kill", () => {
  it("is called again by the next worker, and its one answer completes the caller", async () => {
    const dir = mkdtempSync(join(tmpdir(), "durable-kill-plain-"));
    dirs.push(dir);
    const storePath = join(dir, "durable.db");
    const side = { invocations: join(dir, "invocations.log"), bodies: join(dir, "bodies.log") };
    const store = new SqliteStore({ path: storePath, busyTimeoutMs: 30_000 });
    await store.init();
    stores.push(store);
    const first = new WorkerProcess({ storePath, side, leaseMs: 1000 });
    workers.push(first);
    await first.ready;
    const { execution } = await new DurableClient({ store }).startExecution({ functionName: "calls-slow-plain", input: JSON.stringify({ key: "k1" }) });
    const plainRuns = () => (existsSync(side.bodies) ? readFileSync(side.bodies, "utf8") : "").split("\n").filter((l) => l.startsWith("plain k1"));
    await waitUntil("the plain target to be running", () => plainRuns().length === 1, 30_000, 20);
    await first.kill();

    const second = new WorkerProcess({ storePath, side, leaseMs: SURVIVOR_LEASE_MS });
    workers.push(second);
    await second.ready;
    await waitUntil("the caller to finish", async () => (await store.executions.get(execution.executionId))?.status !== "RUNNING", 30_000);
    const done = (await store.executions.get(execution.executionId))!;
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toEqual({ answeredBy: second.pid });
    expect(plainRuns().map((line) => Number(line.split(" ")[2]))).toEqual([first.pid, second.pid]);
    const events = await allEvents(store, execution.executionId);
    expect(events.filter((e) => e.EventType === "ChainedInvokeSucceeded").length).toBe(1);
    // The killed worker's invocation got its InvocationCompleted from the second worker's claim,
    // before anything the second invocation wrote; it is the only one with an error.
    const completed = events.filter((e) => e.EventType === "InvocationCompleted");
    const details = completed.map((e) => e.InvocationCompletedDetails as { RequestId: string; Error?: { Payload?: { ErrorType?: string; ErrorMessage?: string } } });
    expect(completed.length).toBe(done.invocationCount);
    const lost = details.filter((d) => d.Error !== undefined);
    expect(lost.map((d) => d.Error?.Payload?.ErrorType)).toEqual(["Runtime.InvocationLost"]);
    expect(lost[0]!.Error?.Payload?.ErrorMessage).toContain(second.owner!);
    const invocationLog = readFileSync(side.invocations, "utf8").split("\n").filter((l) => l.startsWith("start "));
    const firstRun = invocationLog.find((l) => l.endsWith(` ${first.pid}`))!.split(" ")[2];
    expect(lost[0]!.RequestId).toBe(firstRun);
    const lostAt = completed.find((e) => (e.InvocationCompletedDetails as { RequestId: string }).RequestId === firstRun)!.EventId;
    expect(events.filter((e) => e.EventId < lostAt && e.EventType === "ChainedInvokeSucceeded")).toEqual([]);
    expect((await checkWholeHistory(store, execution.executionId)).problems).toEqual([]);
    expect((await second.stop()).code, second.stderr).toBe(0);
  }, 60_000);
});

/** Executions whose lease `owner` holds right now (invocations in flight in that worker). */
async function leasedBy(store: SqliteStore, owner: string): Promise<ExecutionRecord[]> {
  const running = (await store.executions.list({ limit: 1000, statuses: ["RUNNING"] })).items;
  return running.filter((e) => e.leaseOwner === owner && (e.leaseExpiresAt ?? 0) > Date.now());
}

/** Is an at-most-once step STARTED (its body running) in an execution `owner` holds? */
async function atMostOnceBodyRunning(store: SqliteStore, owner: string): Promise<boolean> {
  for (const execution of await leasedBy(store, owner)) {
    if (execution.functionName !== "at-most-once") continue;
    if ((await store.operations.list(execution.executionId)).some((r) => r.operation.Type === "STEP" && r.operation.Status === "STARTED")) return true;
  }
  return false;
}

/** What the executions still RUNNING are waiting for (a failure message). */
async function describeStuck(store: SqliteStore, executions: ExecutionRecord[]): Promise<string> {
  const now = Date.now();
  const lines: string[] = [];
  for (const e of executions.filter((x) => x.status === "RUNNING").slice(0, 10)) {
    const ops = (await store.operations.list(e.executionId)).map((r) => `${r.operation.Type}:${r.operation.Name ?? ""}:${r.operation.Status}`);
    lines.push(
      `${e.functionName} ${e.name} ${e.executionId} wake ${e.nextWakeAt === undefined ? "none" : e.nextWakeAt - now} ms, lease ${e.leaseOwner ?? "none"} ` +
        `(${e.leaseExpiresAt === undefined ? "-" : e.leaseExpiresAt - now} ms), invocations ${e.invocationCount}; ops ${ops.join(", ")}`,
    );
  }
  return `still RUNNING (first 10):\n${lines.join("\n")}`;
}
