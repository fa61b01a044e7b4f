/**
 * Two workers, one store. The checkpoint token is the fencing token: once another owner has
 * claimed an execution, the first owner's checkpoints and lease renewals are refused and write
 * nothing, so an execution is never advanced by two invocations.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DurableClient, FunctionRegistry, InvocationClient, newCheckpointToken, newRequestId, newCallbackId, newExecutionId } from "../../sdk/runtime";
import { SqliteStore } from "../../sdk/store/sqlite";
import type { DurableStore, ExecutionRecord } from "../../sdk/store/types";
import { allEvents } from "./support/history-checks";
import { readSideRecords } from "./support/observer";
import { waitUntil, WorkerProcess } from "./support/processes";
import { verifyHistories, verifyResults, repeatedBodyRuns } from "./support/verify";
import { planExecutions, seededRandom, startApprover, startPlanned, warehouseSwitches } from "./support/workload";

const dirs: string[] = [];
const stores: SqliteStore[] = [];
const workers: WorkerProcess[] = [];
afterAll(async () => {
  for (const w of workers) if (w.alive) await w.kill();
  for (const s of stores) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "durable-two-workers-"));
  dirs.push(dir);
  return dir;
}

async function openStore(path: string): Promise<SqliteStore> {
  const store = new SqliteStore({ path, busyTimeoutMs: 30_000 });
  await store.init();
  stores.push(store);
  return store;
}

/** Everything one execution consists of, for "nothing changed" comparisons. */
async function snapshot(store: DurableStore, executionId: string) {
  return JSON.stringify([await store.executions.get(executionId), await store.operations.list(executionId), await allEvents(store, executionId)]);
}

function invocationClient(store: DurableStore, execution: ExecutionRecord, operations: Awaited<ReturnType<DurableStore["operations"]["list"]>>, leaseMs: number) {
  return new InvocationClient({
    store,
    clock: { now: () => Date.now() },
    execution,
    operations,
    visibleOperations: operations.map((r) => r.operation),
    requestId: newRequestId(),
    leaseMs,
    deps: { newCallbackId, newExecutionId },
  });
}

describe("two workers, one store", () => {
  it("refuses the checkpoint of an owner whose lease another connection has re-claimed", async () => {
    const path = join(tempDir(), "durable.db");
    const storeA = await openStore(path);
    const storeB = await openStore(path);
    const registry = new FunctionRegistry().register("fenced", async () => ({ Status: "PENDING" }));
    const client = new DurableClient({ store: storeA, registry });
    const { execution } = await client.startExecution({ functionName: "fenced", input: "{}" });
    const id = execution.executionId;
    const t = Date.now();

    const [claimedByA] = await storeA.scheduling.claimDue({ now: t, owner: "A", leaseMs: 1000, limit: 10, newToken: newCheckpointToken });
    expect(claimedByA?.executionId).toBe(id);
    // While A's lease holds, B cannot claim the execution.
    expect(await storeB.scheduling.claimDue({ now: t + 500, owner: "B", leaseMs: 1000, limit: 10, newToken: newCheckpointToken })).toEqual([]);
    const a = invocationClient(storeA, claimedByA!, await storeA.operations.list(id), 1000);
    const stepUpdate = (name: string) => ({ Id: `op-${name}`, Type: "STEP" as const, Action: "SUCCEED" as const, Name: name, SubType: "Step", Payload: JSON.stringify(name) });
    const first = await a.checkpoint({ DurableExecutionArn: execution.arn, CheckpointToken: claimedByA!.checkpointToken!, Updates: [stepUpdate("by-a")] });

    // A stalls; its lease lapses and B claims the execution with a fresh token.
    const [claimedByB] = await storeB.scheduling.claimDue({ now: t + 5000, owner: "B", leaseMs: 60_000, limit: 10, newToken: newCheckpointToken });
    expect(claimedByB?.executionId).toBe(id);
    expect(claimedByB!.checkpointToken).not.toBe(first.CheckpointToken);
    const before = await snapshot(storeB, id);

    // A's next checkpoint presents its (now stale) token: refused, nothing written.
    await expect(a.checkpoint({ DurableExecutionArn: execution.arn, CheckpointToken: first.CheckpointToken!, Updates: [stepUpdate("late-a")] })).rejects.toThrow(
      /Invalid Checkpoint Token/,
    );
    expect(a.fenced).toBe(true);
    expect(await a.renewLease()).toBe(false);
    // Even A's older token, and a raw store write with it, are refused.
    await expect(
      storeA.transact(id, { checkpointToken: claimedByA!.checkpointToken! }, () => ({ mutation: { execution: { nextWakeAt: 0 } } })),
    ).rejects.toMatchObject({ code: "STALE_CHECKPOINT_TOKEN" });
    expect(await snapshot(storeA, id)).toBe(before);

    // B, the current owner, advances the execution.
    const b = invocationClient(storeB, claimedByB!, await storeB.operations.list(id), 60_000);
    await b.checkpoint({ DurableExecutionArn: execution.arn, CheckpointToken: claimedByB!.checkpointToken!, Updates: [stepUpdate("by-b")] });
    const names = (await storeA.operations.list(id)).map((r) => r.operation.Name).filter(Boolean);
    expect(names).toEqual(["by-a", "by-b"]);
    const row = await storeA.executions.get(id);
    expect(row?.leaseOwner).toBe("B");
  });

  it("fences a worker process that stalls past its lease: the other process finishes the execution, the stale checkpoint is refused", async () => {
    const dir = tempDir();
    const storePath = join(dir, "durable.db");
    const markerDir = join(dir, "markers");
    mkdirSync(markerDir);
    const side = { invocations: join(dir, "invocations.log"), bodies: join(dir, "bodies.log"), markerDir };
    const store = await openStore(storePath);
    const client = new DurableClient({ store });
    // 3 s, not 1: the process that is not blocked must not lose its own lease to a stall of
    // this busy machine (it would claim the execution again and fence itself).
    const first = new WorkerProcess({ storePath, side, leaseMs: 3000 });
    const second = new WorkerProcess({ storePath, side, leaseMs: 3000 });
    workers.push(first, second);
    await Promise.all([first.ready, second.ready]);

    for (const key of ["contended-1", "contended-2"]) {
      const { execution } = await client.startExecution({ functionName: "block-first-run", name: key, input: JSON.stringify({ key }) });
      const id = execution.executionId;
      await waitUntil(`${key} to finish`, async () => (await store.executions.get(id))?.status !== "RUNNING", 60_000);
      // The blocked process wakes up and tries to checkpoint; wait until it has given up.
      await waitUntil(
        `${key}: the blocked invocation to end`,
        () => (readSideRecords(side.bodies, side.invocations).invocations.get(id) ?? []).every((run) => run.end !== undefined),
        30_000,
      );

      const lines = readFileSync(side.bodies, "utf8").split("\n").filter((l) => l.includes(id));
      const blockedPid = Number(lines.find((l) => l.startsWith("blocking"))?.split(" ")[2]);
      const runs = lines.filter((l) => l.startsWith("body")).map((l) => Number(l.split(" ")[4]));
      expect(new Set([first.pid, second.pid]).has(blockedPid)).toBe(true);
      const otherPid = blockedPid === first.pid ? second.pid : first.pid;
      expect(runs.sort()).toEqual([blockedPid, otherPid].sort());

      const finished = (await store.executions.get(id))!;
      expect(finished.status).toBe("SUCCEEDED");
      // The result is the other process's: the blocked one's step outcome was never recorded.
      expect(JSON.parse(finished.result!)).toEqual({ ranBy: `ran-by-${otherPid}` });
      const events = await allEvents(store, id);
      expect(events.filter((e) => e.EventType === "StepSucceeded").length).toBe(1);
      // Two invocations ran (both preludes committed); the blocked one's InvocationCompleted was
      // written for it by the other's claim (Runtime.InvocationLost), its own completion refused.
      const completed = events.filter((e) => e.EventType === "InvocationCompleted");
      expect(completed.map((e) => (e.InvocationCompletedDetails as { Error?: { Payload?: { ErrorType?: string } } }).Error?.Payload?.ErrorType)).toEqual([
        "Runtime.InvocationLost",
        undefined,
      ]);
      expect(events[events.length - 1]!.EventType).toBe("ExecutionSucceeded");
      expect(finished.invocationCount).toBe(2);
      const logged = readSideRecords(side.bodies, side.invocations).invocations.get(id)!;
      expect(logged.map((run) => [run.pid, run.end]).sort()).toEqual(
        [
          [blockedPid, "threw"],
          [otherPid, "SUCCEEDED"],
        ].sort(),
      );
    }
    // Both processes live on.
    expect(first.alive && second.alive).toBe(true);
  }, 90_000);

  it("runs a few dozen executions through two live worker processes with no duplicated or overlapping invocations", async () => {
    const dir = tempDir();
    const storePath = join(dir, "durable.db");
    const side = { invocations: join(dir, "invocations.log"), bodies: join(dir, "bodies.log") };
    const switches = join(dir, "switches.json");
    writeFileSync(switches, JSON.stringify(warehouseSwitches));
    const store = await openStore(storePath);
    const client = new DurableClient({ store });
    const options = { storePath, side, leaseMs: 6000, concurrency: 4, env: { DURABLE_EXAMPLE_SWITCHES: switches } };
    const pair = [new WorkerProcess(options), new WorkerProcess(options)];
    workers.push(...pair);
    await Promise.all(pair.map((w) => w.ready));

    const plans = planExecutions(48, seededRandom(48), "tw");
    await startPlanned(client, plans);
    const approver = startApprover(store, client, plans);
    let executions: ExecutionRecord[] = [];
    await waitUntil(
      "every execution to finish",
      async () => {
        executions = (await store.executions.list({ limit: 1000 })).items;
        return executions.length >= plans.length && executions.every((e) => e.status !== "RUNNING");
      },
      90_000,
      500,
    );
    await approver.stop();
    for (const w of pair) expect((await w.stop()).code, w.stderr).toBe(0);

    const problems = [...approver.problems];
    const sideRecords = readSideRecords(side.bodies, side.invocations);
    verifyResults(executions, plans, sideRecords.bodies, problems);
    expect(repeatedBodyRuns(sideRecords.bodies).repeated).toEqual([]);
    const figures = await verifyHistories(store, executions, sideRecords, { killedPids: new Set(), kills: 0 }, problems);
    expect(problems).toEqual([]);
    // Both processes did work.
    const pids = new Set([...sideRecords.invocations.values()].flat().map((run) => run.pid));
    expect(pids).toEqual(new Set(pair.map((w) => w.pid)));
    console.log(
      `[two workers] executions: ${executions.length}, invocations: ${figures.invocations} (${figures.completed} completed, ${figures.fenced} fenced), ` +
        `events checked: ${figures.events}, worker pids: ${[...pids].join(", ")}`,
    );
  }, 110_000);
});
