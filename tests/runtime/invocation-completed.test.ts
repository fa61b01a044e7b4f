/**
 * Every invocation gets exactly one InvocationCompleted, including one that could not write its
 * own because it was cut off (its worker vanished, the lease lapsed, another worker claimed the
 * execution). Real SQLite, real Workers in this process; the "vanished"
 * worker is one whose clock stands still while the other's runs an hour ahead, so its lease has
 * lapsed for the other (the multi-process SIGKILL version is tests/reliability/kill.test.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { Worker } from "../../sdk/runtime";
import { isoAt } from "../../sdk/runtime/clock";
import type { HistoryEvent } from "../../sdk/types/wire";
import { allEvents, createHarness, eventTypes, hookStore, ManualClock, mustGet, type Harness } from "./helpers";
import { waitUntil } from "../support/wait";

const harnesses: Harness[] = [];
const workers: Worker[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  for (const h of harnesses.splice(0)) await h.close();
});

type InvocationDetails = { RequestId: string; StartTimestamp: string; EndTimestamp: string; Error?: { Payload?: { ErrorType?: string; ErrorMessage?: string } } };
const invocations = (events: HistoryEvent[]) =>
  events.filter((e) => e.EventType === "InvocationCompleted").map((e) => e.InvocationCompletedDetails as InvocationDetails);

/** Waits (a few event-loop turns at a time) until the step's START checkpoint (sent without waiting) is stored. */
async function stepStored(h: Harness, executionId: string, name: string): Promise<void> {
  await waitUntil(`step ${name} to be stored`, async () => (await h.store.operations.list(executionId)).some((r) => r.operation.Name === name), 30_000, 5);
}

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

describe("InvocationCompleted for invocations that could not write their own", () => {
  it("the next claim writes it for an invocation cut off by a lapsed lease, before its own events; the cut one's late completion is refused", async () => {
    const h = await createHarness({ leaseMs: 5_000 });
    harnesses.push(h);
    const entered = gate();
    const release = gate();
    const requestIds: string[] = [];
    let calls = 0;
    h.registry.register(
      "cut",
      withDurableExecution(async (_e, ctx) => {
        requestIds.push(ctx.lambdaContext.awsRequestId);
        const n = ++calls;
        await ctx.step("work", async () => {
          if (n === 1) {
            entered.open();
            await release.wait;
          }
          return `done by ${n}`;
        });
        return "finished";
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "cut", input: "{}" });
    const firstStart = h.clock.now();
    const first = h.worker.drain();
    await entered.wait;
    await stepStored(h, execution.executionId, "work");

    // Another worker, for which the first one's lease lapsed long ago, claims the execution.
    const laterClock = new ManualClock(firstStart + 3_600_000);
    const second = new Worker({ store: h.store, registry: h.registry, clock: laterClock, owner: "second-worker", retentionDays: null });
    workers.push(second);
    await second.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");

    // The first invocation wakes up: its checkpoints and its completion are refused.
    release.open();
    await first;
    const events = await allEvents(h.store, execution.executionId);
    const completed = invocations(events);
    expect(completed).toHaveLength(2);
    expect(completed.map((c) => c.RequestId)).toEqual(requestIds);
    const [lost, finished] = completed;
    expect(lost).toMatchObject({ StartTimestamp: isoAt(firstStart), EndTimestamp: isoAt(laterClock.now()) });
    expect(lost!.Error?.Payload?.ErrorType).toBe("Runtime.InvocationLost");
    expect(lost!.Error?.Payload?.ErrorMessage).toContain("second-worker");
    expect(finished!.Error).toBeUndefined();
    // The lost one's end comes first among what the claiming invocation wrote.
    const lostIndex = events.findIndex((e) => e.EventType === "InvocationCompleted");
    expect(eventTypes(events.slice(0, lostIndex))).toEqual(["ExecutionStarted", "StepStarted"]);
    // At least once: the second invocation runs the STARTED step's body again and ends it.
    expect(eventTypes(events.slice(lostIndex + 1))).toEqual(["StepSucceeded", "InvocationCompleted", "ExecutionSucceeded"]);
    expect(done.invocationCount).toBe(2);
    expect(JSON.parse((await h.store.operations.list(execution.executionId)).find((r) => r.operation.Name === "work")!.operation.StepDetails!.Result!)).toBe("done by 2");
  });

  it("a stop writes the running invocation's end (it records nothing more), and a redrive's claim reports nothing as lost", async () => {
    const h = await createHarness();
    harnesses.push(h);
    const entered = gate();
    const release = gate();
    let calls = 0;
    h.registry.register(
      "stopped-mid-flight",
      withDurableExecution(async (_e, ctx) => {
        const n = ++calls;
        await ctx.step("slow", async () => {
          if (n === 1) {
            entered.open();
            await release.wait;
          }
          return n;
        });
        return "after redrive";
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "stopped-mid-flight", input: "{}" });
    const running = h.worker.drain();
    await entered.wait;
    await stepStored(h, execution.executionId, "slow");
    const stopAt = h.clock.now();
    await h.client.stopExecution(execution.executionId);
    release.open();
    await running;
    expect((await mustGet(h.store, execution.executionId)).openInvocation).toBeUndefined();
    const afterStop = await allEvents(h.store, execution.executionId);
    expect(eventTypes(afterStop)).toEqual(["ExecutionStarted", "StepStarted", "InvocationCompleted", "ExecutionStopped"]);
    expect(invocations(afterStop)[0]).toMatchObject({ EndTimestamp: isoAt(stopAt), Error: { Payload: { ErrorType: "Runtime.InvocationStopped" } } });

    await h.client.redriveExecution(execution.executionId);
    await h.worker.drain();
    expect((await mustGet(h.store, execution.executionId)).status).toBe("SUCCEEDED");
    const completed = invocations(await allEvents(h.store, execution.executionId));
    expect(completed.map((c) => c.Error?.Payload?.ErrorType)).toEqual(["Runtime.InvocationStopped", undefined]);
  });

  it("an invocation that completes itself leaves no open mark: later claims write no extra InvocationCompleted", async () => {
    const h = await createHarness();
    harnesses.push(h);
    h.registry.register(
      "waits",
      withDurableExecution(async (_e, ctx) => {
        await ctx.wait("pause", { seconds: 5 });
        return ctx.step("after", async () => "ok");
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "waits", input: "{}" });
    await h.worker.drain();
    const opMark = async () => (await mustGet(h.store, execution.executionId)).openInvocation;
    expect(await opMark()).toBeUndefined();
    h.clock.advance(5_000);
    await h.worker.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    const completed = invocations(await allEvents(h.store, execution.executionId));
    expect(completed).toHaveLength(2);
    expect(completed.every((c) => c.Error === undefined)).toBe(true);
    expect(await opMark()).toBeUndefined();
  });

  it("marks the open invocation on the execution row: the EXECUTION operation (which holds the input) is not rewritten", async () => {
    const h = await createHarness();
    harnesses.push(h);
    h.registry.register(
      "pauses",
      withDurableExecution(async (_e, ctx) => {
        await ctx.wait("pause", { seconds: 5 });
        return "ok";
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "pauses", input: JSON.stringify({ big: "x".repeat(10_000) }) });
    const rewrites: string[] = [];
    const marks: unknown[] = [];
    const watched = hookStore(h.store, {
      transact: (real, id, options, build) =>
        real.transact(id, options, (snapshot) => {
          const built = build(snapshot);
          for (const r of built.mutation.putOperations ?? []) if (r.operation.Type === "EXECUTION") rewrites.push(r.operation.Type);
          if (built.mutation.execution?.openInvocation !== undefined) marks.push(built.mutation.execution.openInvocation);
          return built;
        }),
    });
    const worker = new Worker({ store: watched, registry: h.registry, clock: h.clock, retentionDays: null });
    workers.push(worker);
    await worker.drain();
    expect((await mustGet(h.store, execution.executionId)).status).toBe("RUNNING");
    expect(rewrites).toEqual([]); // one invocation: prelude, checkpoint, completion
    expect(marks).toEqual([{ requestId: expect.any(String), startedAt: h.clock.now() }, null]);
    h.clock.advance(5_000);
    await worker.drain();
    expect((await mustGet(h.store, execution.executionId)).status).toBe("SUCCEEDED");
    expect(rewrites).toEqual(["EXECUTION"]); // only the end rewrites it (status SUCCEEDED)
  });

  it("honours a mark an older version left on the EXECUTION operation", async () => {
    const h = await createHarness({ leaseMs: 5_000 });
    harnesses.push(h);
    h.registry.register("resumes", withDurableExecution(async (_e, ctx) => ctx.step("only", async () => "ok")));
    const { execution } = await h.client.startExecution({ functionName: "resumes", input: "{}" });
    const opId = (await h.store.operations.list(execution.executionId)).find((r) => r.operation.Type === "EXECUTION")!.operation.Id;
    // As an older worker left it: claimed, its prelude's mark on the operation, then it vanished.
    const startedAt = h.clock.now() - 60_000;
    await h.store.transact(execution.executionId, { readOperationIds: [opId] }, (snapshot) => {
      const record = snapshot.operations.get(opId)!;
      return {
        mutation: {
          putOperations: [{ ...record, runtime: { ...record.runtime, openInvocation: { requestId: "old-request", startedAt } } }],
          execution: { leaseOwner: "old-worker", leaseExpiresAt: startedAt + 5_000, checkpointToken: "old-token" },
        },
      };
    });
    await h.worker.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    const completed = invocations(await allEvents(h.store, execution.executionId));
    expect(completed.map((c) => [c.RequestId, c.Error?.Payload?.ErrorType])).toEqual([
      ["old-request", "Runtime.InvocationLost"],
      [expect.any(String), undefined],
    ]);
    const execOp = (await h.store.operations.list(execution.executionId)).find((r) => r.operation.Type === "EXECUTION")!;
    expect(execOp.runtime?.openInvocation).toBeUndefined();
  });
});
