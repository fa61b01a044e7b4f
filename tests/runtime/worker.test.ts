import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution, type DurableExecutionInvocationInput } from "@aws/durable-execution-sdk-js";
import { InvocationClient, Worker, newCallbackId, newExecutionId } from "../../sdk/runtime";
import { isDurableExecutionClientError } from "../../sdk/errors/durable-execution-client-error";
import { allEvents, claimInvocation, createHarness, eventTypes, expectContiguous, mustGet, type Harness } from "./helpers";
import { waitUntil } from "../support/wait";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

describe("execution timeout", () => {
  it("times out a waiting execution at start + timeout: TIMED_OUT, ExecutionTimedOut, no invocation", async () => {
    h.registry.register("patient", withDurableExecution(async (_e, ctx) => ctx.wait("long", { hours: 1 })), { executionTimeoutSeconds: 60 });
    const { execution } = await h.client.startExecution({ functionName: "patient" });
    expect(execution.executionTimeoutSeconds).toBe(60);
    await h.worker.drain();
    expect((await mustGet(h.store, execution.executionId)).nextWakeAt).toBe(h.clock.now() + 60_000);
    h.clock.advance(60_000);
    await h.worker.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("TIMED_OUT");
    expect(done.error).toMatchObject({ ErrorType: "ExecutionTimedOut" });
    expect(done.invocationCount).toBe(1);
    const events = await allEvents(h.store, execution.executionId);
    expect(eventTypes(events)).toEqual(["ExecutionStarted", "WaitStarted", "InvocationCompleted", "ExecutionTimedOut"]);
    expect(events[0]!.ExecutionStartedDetails).toMatchObject({ ExecutionTimeout: 60 });
  });

  it("a start parameter overrides the registered timeout", async () => {
    h.registry.register("patient", withDurableExecution(async (_e, ctx) => ctx.wait({ hours: 1 })), { executionTimeoutSeconds: 60 });
    const { execution } = await h.client.startExecution({ functionName: "patient", executionTimeoutSeconds: 7200 });
    await h.worker.drain();
    h.clock.advance(3600_000);
    await h.worker.drain();
    expect((await mustGet(h.store, execution.executionId)).status).toBe("SUCCEEDED");
  });
});

describe("invocation errors", () => {
  it("re-invokes with backoff after a crashed invocation, then succeeds", async () => {
    let crashes = 2;
    const wrapped = withDurableExecution(async (_e, ctx) => ctx.step("work", async () => "done"));
    h.registry.register("crashy", async (event: DurableExecutionInvocationInput, context: Parameters<typeof wrapped>[1]) => {
      if (crashes-- > 0) throw new Error("sandbox crashed");
      return wrapped(event, context);
    });
    const { execution } = await h.client.startExecution({ functionName: "crashy" });
    await h.worker.drain();
    let row = await mustGet(h.store, execution.executionId);
    expect(row.status).toBe("RUNNING");
    expect(row.nextWakeAt).toBe(h.clock.now() + 1000);
    h.clock.advance(1000);
    await h.worker.drain();
    row = await mustGet(h.store, execution.executionId);
    expect(row.nextWakeAt).toBe(h.clock.now() + 2000);
    h.clock.advance(2000);
    await h.worker.drain();
    row = await mustGet(h.store, execution.executionId);
    expect(row.status).toBe("SUCCEEDED");
    const events = await allEvents(h.store, execution.executionId);
    expectContiguous(events);
    expect(eventTypes(events)).toEqual([
      "ExecutionStarted",
      "InvocationCompleted",
      "InvocationCompleted",
      "StepStarted",
      "StepSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(events[1]!.InvocationCompletedDetails).toMatchObject({ Error: { Payload: { ErrorType: "Error", ErrorMessage: "sandbox crashed" } } });
    expect(events[5]!.InvocationCompletedDetails).not.toHaveProperty("Error");
  });

  it("fails the execution after three re-invocations", async () => {
    h.registry.register("doomed", async () => {
      throw new Error("always");
    });
    const { execution } = await h.client.startExecution({ functionName: "doomed" });
    for (let i = 0; i < 4; i++) {
      await h.worker.drain();
      h.clock.advance(10_000);
    }
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("FAILED");
    expect(done.invocationCount).toBe(4);
    expect(done.error).toMatchObject({ ErrorMessage: "always" });
    expect(eventTypes(await allEvents(h.store, execution.executionId))).toEqual([
      "ExecutionStarted",
      "InvocationCompleted",
      "InvocationCompleted",
      "InvocationCompleted",
      "InvocationCompleted",
      "ExecutionFailed",
    ]);
  });
});

describe("restarts", () => {
  it("timers of a dropped worker fire under a new worker on the same file", async () => {
    let tail = 0;
    const registry = h.registry.register(
      "nap",
      withDurableExecution(async (_e, ctx) => {
        await ctx.wait({ minutes: 10 });
        return ctx.step("tail", async () => ++tail);
      }),
    );
    const storeA = await h.openStore();
    const first = new Worker({ store: storeA, registry, clock: h.clock });
    const { execution } = await h.client.startExecution({ functionName: "nap" });
    await first.drain();
    // The first worker is dropped (never stopped); a new one starts later on the same file.
    await storeA.close();
    h.clock.advance(10 * 60_000);
    const storeB = await h.openStore();
    const second = new Worker({ store: storeB, registry, clock: h.clock });
    await second.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(tail).toBe(1);
  });

  it("a killed worker's lease expires and another worker replays from its checkpoints", async () => {
    const runs = { first: 0, hang: 0 };
    const registry = h.registry.register(
      "fragile",
      withDurableExecution(async (_e, ctx) => {
        await ctx.step("first", async () => ++runs.first);
        return ctx.step("hang", async () => {
          runs.hang++;
          // The first worker "dies" inside this step: it never returns.
          if (runs.hang === 1) await new Promise(() => undefined);
          return "finished";
        });
      }),
    );
    const storeA = await h.openStore();
    const doomed = new Worker({ store: storeA, registry, clock: h.clock, leaseMs: 15_000 });
    const { execution } = await h.client.startExecution({ functionName: "fragile" });
    // What the dead worker's leftovers do against its closed store (fail) does not matter.
    void doomed.drain().catch(() => undefined);
    // It dies once the hanging step's START checkpoint (sent without waiting) is stored: closing
    // the store before would fail that checkpoint, and with it the invocation, instead.
    const hangStored = async () => (await h.store.operations.list(execution.executionId)).some((r) => r.operation.Name === "hang");
    await waitUntil("the hanging step's start to be stored", async () => runs.hang > 0 && (await hangStored()), 30_000, 5);
    await storeA.close();

    const storeB = await h.openStore();
    const rescuer = new Worker({ store: storeB, registry, clock: h.clock, leaseMs: 15_000 });
    await rescuer.drain();
    expect((await mustGet(h.store, execution.executionId)).status).toBe("RUNNING");
    h.clock.advance(15_000);
    await rescuer.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(runs).toEqual({ first: 1, hang: 2 });
    expect(done.invocationCount).toBe(2);
  });
});

describe("fencing", () => {
  it("a stale checkpoint token is refused; the current holder's checkpoint lands", async () => {
    h.registry.register("fenced", withDurableExecution(async () => "x"));
    const { execution } = await h.client.startExecution({ functionName: "fenced" });
    const deps = { newCallbackId, newExecutionId };
    const [claimA] = await h.store.scheduling.claimDue({ now: h.clock.now(), owner: "A", leaseMs: 1000, limit: 1, newToken: () => "token-A" });
    const ops = await h.store.operations.list(execution.executionId);
    const common = { store: h.store, clock: h.clock, operations: ops, visibleOperations: ops.map((r) => r.operation), leaseMs: 1000, deps };
    const clientA = new InvocationClient({ ...common, execution: claimA!, requestId: "req-A" });
    h.clock.advance(1000);
    const [claimB] = await h.store.scheduling.claimDue({ now: h.clock.now(), owner: "B", leaseMs: 1000, limit: 1, newToken: () => "token-B" });
    const clientB = new InvocationClient({ ...common, execution: claimB!, requestId: "req-B" });
    const update = { Id: "c4ca4238a0b92382", Type: "STEP" as const, Action: "START" as const, SubType: "Step", Name: "s" };

    const before = await mustGet(h.store, execution.executionId);
    const refused = await clientA.checkpoint({ DurableExecutionArn: execution.arn, CheckpointToken: "token-A", Updates: [update] }).catch((e: unknown) => e);
    expect(isDurableExecutionClientError(refused)).toBe(true);
    expect((refused as { scope: string }).scope).toBe("INVOCATION");
    expect(clientA.fenced).toBe(true);
    expect((await mustGet(h.store, execution.executionId)).version).toBe(before.version);

    const accepted = await clientB.checkpoint({ DurableExecutionArn: execution.arn, CheckpointToken: "token-B", Updates: [update] });
    expect(accepted.CheckpointToken).toBeDefined();
    expect(accepted.CheckpointToken).not.toBe("token-B");
    expect(accepted.NewExecutionState!.Operations).toEqual([expect.objectContaining({ Id: update.Id, Status: "STARTED" })]);
    // The rotated token is now the only valid one.
    const again = await clientB.checkpoint({ DurableExecutionArn: execution.arn, CheckpointToken: "token-B", Updates: [] }).catch((e: unknown) => e);
    expect(isDurableExecutionClientError(again)).toBe(true);
  });

  it("an invalid update is refused with an EXECUTION-scoped error and nothing is written", async () => {
    h.registry.register("bad", withDurableExecution(async () => "x"));
    const { execution } = await h.client.startExecution({ functionName: "bad" });
    const client = await claimInvocation(h, execution.executionId, { token: "t1", owner: "A", leaseMs: 1000, requestId: "r" });
    const before = await mustGet(h.store, execution.executionId);
    const error = await client
      .checkpoint({
        DurableExecutionArn: execution.arn,
        CheckpointToken: "t1",
        Updates: [
          { Id: "a", Type: "STEP", Action: "START" },
          { Id: "b", Type: "WAIT", Action: "RETRY" },
        ],
      })
      .catch((e: unknown) => e);
    expect(isDurableExecutionClientError(error)).toBe(true);
    expect((error as { scope: string }).scope).toBe("EXECUTION");
    expect((error as Error).message).toMatch(/RETRY is not valid for WAIT/);
    const after = await mustGet(h.store, execution.executionId);
    expect(after.version).toBe(before.version);
    expect(await h.store.operations.list(execution.executionId)).toHaveLength(1);
  });
});
