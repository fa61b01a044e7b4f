/**
 * Why an execution waits, and the stuck rules, on a real SQLite file with real workers and a
 * clock moved by hand: each reason is produced by what would cause it in production (a function
 * no live worker has, a callback whose heartbeats stopped, a poisoned handler, a lease whose
 * worker vanished), and each goes away when its cause does. The SIGKILLed worker process is in
 * tests/reliability/stuck-worker-killed.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { DurableClient, FunctionRegistry, Worker, type StuckCode } from "../../sdk/runtime";
import { createHarness, mustGet, type Harness } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ heartbeatIntervalMs: 1000 });
});
afterEach(async () => {
  await h.close();
});

const codes = (reasons: Array<{ code: StuckCode }>) => reasons.map((r) => r.code).sort();

/** "orders" is the function the harness worker has: a step and a one-hour timer. */
function registerOrders(): void {
  h.registry.register(
    "orders",
    withDurableExecution(async (_event, ctx) => {
      await ctx.step("reserve", async () => "ok");
      await ctx.wait("cool-off", { hours: 1 });
      return "done";
    }),
  );
}

/** Starts an execution of `functionName` through a client that has it, though no worker does. */
async function startUnregistered(functionName: string): Promise<string> {
  const registry = new FunctionRegistry().register(functionName, withDurableExecution(async () => "never runs"));
  const client = new DurableClient({ store: h.store, registry, clock: h.clock });
  return (await client.startExecution({ functionName })).execution.executionId;
}

describe("worker heartbeat rows", () => {
  it("a worker announces itself with its functions, goes dead when it stops beating, and leaves when it stops", async () => {
    registerOrders();
    await h.worker.drain();
    const [row] = await h.client.listWorkers();
    expect(row).toMatchObject({ workerId: h.worker.owner, functions: ["orders"], alive: true, pid: process.pid, heartbeatIntervalMs: 1000 });
    h.clock.advance(3001);
    expect((await h.client.listWorkers())[0]).toMatchObject({ alive: false, silentForMs: 3001 });
    await h.worker.drain();
    expect((await h.client.listWorkers())[0]?.alive).toBe(true);
    await h.worker.stop();
    expect(await h.client.listWorkers()).toEqual([]);
  });

  it("a killed worker's row stays an hour after its last beat for the diagnosis, then a live worker's beat removes it", async () => {
    const row = (workerId: string, silentForMs: number) => {
      const at = new Date(h.clock.now() - silentForMs).toISOString();
      return { workerId, host: "gone", pid: 1, functions: ["orders"], startedTimestamp: at, lastHeartbeatTimestamp: at, heartbeatIntervalMs: 1000, leaseMs: 30_000, running: 1 };
    };
    await h.store.workers.put(row("killed-long-ago", 60 * 60 * 1000 + 1));
    await h.store.workers.put(row("killed-recently", 10 * 60 * 1000));
    await h.worker.drain();
    expect((await h.client.listWorkers()).map((w) => [w.workerId, w.alive]).sort()).toEqual([
      ["killed-recently", false],
      [h.worker.owner, true],
    ].sort());
    // An hour on, the next sweep takes the other one too.
    h.clock.advance(60 * 60 * 1000);
    await h.worker.drain();
    expect((await h.client.listWorkers()).map((w) => w.workerId)).toEqual([h.worker.owner]);
  });
});

describe("stuck rules, each produced for real", () => {
  it("NO_LIVE_WORKER and, after N seconds, DUE_UNCLAIMED: a function only a stopped worker had", async () => {
    registerOrders();
    await h.worker.drain();
    const id = await startUnregistered("ghost");
    await h.worker.drain(); // the live worker passes it over: not its function

    const first = await h.client.explainExecution(id);
    expect(codes(first.stuck)).toEqual(["NO_LIVE_WORKER"]);
    expect(first.stuck[0]!.message).toContain("No live worker has function ghost registered (1 live worker, none with it)");
    expect(first.waitingOn.map((w) => w.kind)).toEqual(["due"]);

    h.clock.advance(31_000);
    await h.worker.drain();
    const later = await h.client.explainExecution(id);
    expect(codes(later.stuck)).toEqual(["DUE_UNCLAIMED", "NO_LIVE_WORKER"]);
    expect(later.stuck.find((r) => r.code === "DUE_UNCLAIMED")!.message).toMatch(/Due since .* \(31 s ago\) and no worker has claimed it/);
    // N is the caller's: with 60 s the execution is not yet overdue.
    expect(codes((await h.client.explainExecution(id, { dueGraceSeconds: 60 })).stuck)).toEqual(["NO_LIVE_WORKER"]);

    const listed = await h.client.listStuckExecutions();
    expect(listed).toMatchObject({ stuckCount: 1, scanned: 1, truncated: false });
    expect(listed.items.map((i) => i.executionId)).toEqual([id]);
    const health = await h.client.getHealth();
    expect(health).toMatchObject({ aliveWorkers: 1, liveFunctions: ["orders"], stuckCount: 1, oldestDue: { executionId: id, functionName: "ghost" } });

    // A worker with the function runs it: nothing is stuck any more.
    const registry = new FunctionRegistry().register("ghost", withDurableExecution(async () => "ran"));
    const rescuer = new Worker({ store: h.store, registry, clock: h.clock });
    await rescuer.drain();
    await rescuer.stop();
    expect((await mustGet(h.store, id)).status).toBe("SUCCEEDED");
    expect(await h.client.listStuckExecutions()).toMatchObject({ items: [], stuckCount: 0 });
  });

  it("HEARTBEAT_OVERDUE: a callback whose heartbeats stopped while no worker looked after it", async () => {
    h.registry.register(
      "approve",
      withDurableExecution(async (_event, ctx) => {
        const [answer] = await ctx.createCallback("manager-approval", { timeout: { hours: 1 }, heartbeatTimeout: { seconds: 10 } });
        return answer;
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "approve" });
    await h.worker.drain();
    const waiting = await h.client.explainExecution(execution.executionId);
    expect(waiting.stuck).toEqual([]);
    const [callback] = waiting.waitingOn;
    expect(callback).toMatchObject({ kind: "callback", operationName: "manager-approval" });
    expect(callback!.callback!.heartbeatDeadlineTimestamp).toBe(new Date(h.clock.now() + 10_000).toISOString());
    expect(callback!.callback!.timeoutTimestamp).toBe(new Date(h.clock.now() + 3_600_000).toISOString());
    expect(callback!.endedBy).toContain(callback!.callback!.callbackId);

    await h.worker.stop(); // the worker goes away; the outside system stops heartbeating
    h.clock.advance(20_000);
    const overdue = await h.client.explainExecution(execution.executionId);
    expect(codes(overdue.stuck)).toEqual(["HEARTBEAT_OVERDUE", "NO_LIVE_WORKER"]);
    expect(overdue.stuck.find((r) => r.code === "HEARTBEAT_OVERDUE")).toMatchObject({ callbackId: callback!.callback!.callbackId });
    expect(codes((await h.client.listStuckExecutions()).items[0]!.stuck)).toEqual(["HEARTBEAT_OVERDUE", "NO_LIVE_WORKER"]);

    // A worker back: the heartbeat timeout fires, the execution ends, nothing is stuck.
    await h.worker.drain();
    expect((await mustGet(h.store, execution.executionId)).status).toBe("FAILED");
    expect((await h.client.explainExecution(execution.executionId)).stuck).toEqual([]);
  });

  it("REPEATED_INVOCATION_ERRORS: a poisoned handler, with its last error", async () => {
    h.registry.register("poisoned", async () => {
      throw new TypeError("poison pill: cannot read the order");
    });
    const { execution } = await h.client.startExecution({ functionName: "poisoned" });
    await h.worker.drain();
    expect((await h.client.explainExecution(execution.executionId)).stuck).toEqual([]); // one error is not yet "repeated"
    h.clock.advance(1000);
    await h.worker.drain();
    const diagnosis = await h.client.explainExecution(execution.executionId);
    expect(diagnosis.stuck).toEqual([expect.objectContaining({ code: "REPEATED_INVOCATION_ERRORS", invocationErrors: 2 })]);
    expect(diagnosis.stuck[0]!.message).toContain("poison pill: cannot read the order");
    expect(diagnosis.waitingOn).toEqual([
      expect.objectContaining({ kind: "invocation-retry", untilTimestamp: new Date(h.clock.now() + 2000).toISOString(), text: expect.stringContaining("after 2 invocation errors in a row") }),
    ]);
    const listed = await h.client.listStuckExecutions();
    expect(listed.items[0]!.stuck[0]!.message).toContain("poison pill: cannot read the order");
    expect((await h.client.listStuckExecutions({ invocationErrorThreshold: 3 })).items).toEqual([]);
  });

  it("LEASE_NOT_RENEWED: a lease held by a worker with no heartbeat, then lapsed with nobody taking over", async () => {
    registerOrders();
    await h.worker.drain();
    const id = await startUnregistered("ghost");
    // A worker that never announced itself (it died before its first heartbeat) claims it.
    await h.store.scheduling.claimDue({ now: h.clock.now(), owner: "worker-vanished", leaseMs: 15_000, limit: 1, newToken: () => "t-1" });
    const held = await h.client.explainExecution(id);
    expect(held.stuck.find((r) => r.code === "LEASE_NOT_RENEWED")).toMatchObject({ workerId: "worker-vanished" });
    expect(held.stuck[0]!.message).toContain("has no heartbeat row");
    expect(held.waitingOn[0]).toMatchObject({ kind: "invocation", invocation: { workerId: "worker-vanished", workerAlive: false } });

    h.clock.advance(25_000);
    await h.worker.drain();
    const lapsed = await h.client.explainExecution(id);
    expect(lapsed.stuck.find((r) => r.code === "LEASE_NOT_RENEWED")!.message).toMatch(/stopped renewing it: it lapsed at .* \(10 s ago\)/);
  });
});

describe("what a RUNNING execution waits on", () => {
  it("a timer, a step retry with its attempt, a condition poll and a child execution, each with its deadline", async () => {
    h.registry.register(
      "child",
      withDurableExecution(async (_event, ctx) => {
        await ctx.wait("child-nap", { hours: 2 });
        return "child done";
      }),
    );
    h.registry.register(
      "parent",
      withDurableExecution(async (_event, ctx) => {
        await ctx.parallel([
          (c) => c.wait("nap", { minutes: 30 }),
          (c) =>
            c.step(
              "flaky",
              async () => {
                throw new Error("not yet");
              },
              { retryStrategy: () => ({ shouldRetry: true, delay: { seconds: 40 } }) },
            ),
          (c) => c.waitForCondition("until-ready", async (s: number) => s + 1, { initialState: 0, waitStrategy: () => ({ shouldContinue: true, delay: { seconds: 50 } }) }),
          (c) => c.invoke("call-child", "child", {}),
        ]);
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "parent" });
    await h.worker.drain();
    const now = h.clock.now();
    const diagnosis = await h.client.explainExecution(execution.executionId);
    expect(diagnosis.stuck).toEqual([]);
    const byKind = new Map(diagnosis.waitingOn.map((w) => [w.kind, w]));
    expect([...byKind.keys()].sort()).toEqual(["child-execution", "condition-poll", "step-retry", "timer"]);
    expect(byKind.get("timer")).toMatchObject({ operationName: "nap", untilTimestamp: new Date(now + 30 * 60_000).toISOString() });
    expect(byKind.get("step-retry")).toMatchObject({ operationName: "flaky", attempt: 2, untilTimestamp: new Date(now + 40_000).toISOString() });
    expect(byKind.get("step-retry")!.text).toContain("Retry of step flaky (attempt 2)");
    expect(byKind.get("condition-poll")).toMatchObject({ operationName: "until-ready", untilTimestamp: new Date(now + 50_000).toISOString() });
    const child = byKind.get("child-execution")!;
    expect((await mustGet(h.store, child.childExecutionId!)).functionName).toBe("child");
    // The child's own page says what it waits on.
    expect((await h.client.explainExecution(child.childExecutionId!)).waitingOn.map((w) => w.operationName)).toEqual(["child-nap"]);
    expect(diagnosis.timeoutTimestamp).toBeUndefined();
  });

  it("an invocation running now, on the named worker, under its lease", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    h.registry.register(
      "slow",
      withDurableExecution(async (_event, ctx) =>
        ctx.step("long-call", async () => {
          entered();
          await gate;
          return "ok";
        }),
      ),
    );
    const { execution } = await h.client.startExecution({ functionName: "slow" });
    const draining = h.worker.drain();
    await inside;
    const diagnosis = await h.client.explainExecution(execution.executionId);
    expect(diagnosis.waitingOn[0]).toMatchObject({ kind: "invocation", invocation: { workerId: h.worker.owner, workerAlive: true } });
    expect(diagnosis.waitingOn[0]!.text).toContain(`running on worker ${h.worker.owner}`);
    expect(diagnosis.stuck).toEqual([]);
    release();
    await draining;
    const ended = await h.client.explainExecution(execution.executionId);
    expect(ended).toMatchObject({ status: "SUCCEEDED", waitingOn: [], stuck: [] });
  });

  it("refuses a bad query with VALIDATION_ERROR and an unknown execution with EXECUTION_NOT_FOUND", async () => {
    await expect(h.client.listStuckExecutions({ dueGraceSeconds: -1 })).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    await expect(h.client.getHealth({ limit: 0 })).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    await expect(h.client.listStuckExecutions({ functionName: "no spaces allowed" })).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    await expect(h.client.explainExecution("missing-execution")).rejects.toMatchObject({ code: "EXECUTION_NOT_FOUND" });
  });
});
