import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import { DurableClient, Worker, systemClock } from "../../sdk/runtime";
import { allEvents, claimInvocation, createHarness, eventTypes, expectContiguous, mustGet, type Harness } from "./helpers";
import { waitUntil } from "../support/wait";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

describe("official SDK constructs", () => {
  it("waitForCondition polls through RETRY rounds carrying its state", async () => {
    h.registry.register(
      "poller",
      withDurableExecution(async (_e, ctx) =>
        ctx.waitForCondition<{ polls: number }>("until-3", async (state) => ({ polls: state.polls + 1 }), {
          initialState: { polls: 0 },
          waitStrategy: (state) => (state.polls >= 3 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 5 } }),
        }),
      ),
    );
    const { execution } = await h.client.startExecution({ functionName: "poller" });
    for (let i = 0; i < 5; i++) {
      await h.worker.drain();
      h.clock.advance(5000);
    }
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toEqual({ polls: 3 });
    const op = (await h.client.getOperations(execution.executionId))[1]!.operation;
    expect(op).toMatchObject({ Type: "STEP", SubType: "WaitForCondition", Status: "SUCCEEDED", StepDetails: { Attempt: 2 } });
    expectContiguous(await allEvents(h.store, execution.executionId));
  });

  it("map and parallel with waits inside branches complete with one history", async () => {
    h.registry.register(
      "fanout",
      withDurableExecution(async (_e, ctx) => {
        const mapped = await ctx.map("squares", [1, 2, 3], async (child, n) => {
          await child.wait({ seconds: n * 10 });
          return child.step("square", async () => n * n);
        });
        const both = await ctx.parallel("pair", [async (c) => c.step(async () => "a"), async (c) => c.step(async () => "b")]);
        return { squares: mapped.getResults(), pair: both.getResults() };
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "fanout" });
    for (let i = 0; i < 4; i++) {
      await h.worker.drain();
      h.clock.advance(10_000);
    }
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toEqual({ squares: [1, 4, 9], pair: ["a", "b"] });
    const events = await allEvents(h.store, execution.executionId);
    expectContiguous(events);
    expect(events.filter((e) => e.EventType === "WaitSucceeded")).toHaveLength(3);
  });

  it("waitForCallback: the submitter runs once, the answer resumes the handler", async () => {
    const submitted: string[] = [];
    h.registry.register(
      "human",
      withDurableExecution(async (_e, ctx) => {
        const verdict = await ctx.waitForCallback<string>("approval", async (callbackId) => {
          submitted.push(callbackId);
        });
        return `verdict: ${verdict}`;
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "human" });
    await h.worker.drain();
    expect(submitted).toHaveLength(1);
    await h.client.sendCallbackSuccess(submitted[0]!, "approved");
    await h.worker.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(JSON.parse(done.result!)).toBe("verdict: approved");
    expect(submitted).toHaveLength(1);
  });

  it("redrive re-runs a failed child context's body; its completed steps replay", async () => {
    const runs = { inner: 0, flaky: 0 };
    let healthy = false;
    h.registry.register(
      "nested",
      withDurableExecution(async (_e, ctx) =>
        ctx.runInChildContext("block", async (child) => {
          const a = await child.step("inner", async () => ++runs.inner);
          const b = await child.step(
            "flaky",
            async () => {
              runs.flaky++;
              if (!healthy) throw new Error("not yet");
              return "fine";
            },
            { retryStrategy: () => ({ shouldRetry: false }) },
          );
          return { a, b };
        }),
      ),
    );
    const { execution } = await h.client.startExecution({ functionName: "nested" });
    await h.worker.drain();
    expect((await mustGet(h.store, execution.executionId)).status).toBe("FAILED");
    const ctxOp = (await h.client.getOperations(execution.executionId)).find((r) => r.operation.Type === "CONTEXT")!;
    expect(ctxOp.operation.Status).toBe("FAILED");

    healthy = true;
    await h.client.redriveExecution(execution.executionId);
    const rearmed = await h.client.getOperations(execution.executionId);
    expect(rearmed.find((r) => r.operation.Type === "CONTEXT")!.operation.Status).toBe("STARTED");
    expect(rearmed.find((r) => r.operation.Name === "flaky")!.operation.Status).toBe("READY");
    await h.worker.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toEqual({ a: 1, b: "fine" });
    expect(runs).toEqual({ inner: 1, flaky: 2 });
  });
});

describe("outside answers during an invocation", () => {
  it("a callback answered while the handler still runs reaches it through a checkpoint response", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let callbackId: string | undefined;
    h.registry.register(
      "racer",
      withDurableExecution(async (_e, ctx) => {
        const results = await ctx.parallel([
          async (c) => {
            const [answer, id] = await c.createCallback<string>("cb");
            callbackId = id;
            return answer;
          },
          async (c) => c.step("slow", async () => {
            await gate;
            return "slow done";
          }),
        ]);
        return results.getResults();
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "racer" });
    const drained = h.worker.drain();
    await waitUntil("the callback to be created", () => Boolean(callbackId), 30_000, 5);
    await h.client.sendCallbackSuccess(callbackId!, "fast answer");
    release();
    await drained;
    // Let any re-invocation the answer caused run too.
    await h.worker.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toEqual(["fast answer", "slow done"]);
    // One invocation: the answer arrived in the response to the slow step's checkpoint.
    expect(done.invocationCount).toBe(1);
    expectContiguous(await allEvents(h.store, execution.executionId));
  });
});

describe("invocation client extras", () => {
  it("pages getExecutionState and stores checkpoint logs", async () => {
    h.registry.register("x", withDurableExecution(async () => "x"));
    const { execution } = await h.client.startExecution({ functionName: "x" });
    const client = await claimInvocation(h, execution.executionId, {
      token: "tok",
      visibleOperations: ([first]) => [first!, { ...first!, Id: "b" }, { ...first!, Id: "c" }],
    });
    const page1 = await client.getExecutionState({ DurableExecutionArn: execution.arn, CheckpointToken: "tok", MaxItems: 2 });
    expect(page1.Operations.map((o) => o.Id)).toEqual([execution.executionId, "b"]);
    const page2 = await client.getExecutionState({ DurableExecutionArn: execution.arn, CheckpointToken: "tok", Marker: page1.NextMarker });
    expect(page2).toEqual({ Operations: [expect.objectContaining({ Id: "c" })] });

    const response = await client.checkpoint({
      DurableExecutionArn: execution.arn,
      CheckpointToken: "tok",
      Updates: [{ Id: "s", Type: "STEP", Action: "START", Name: "step-1" }],
      Logs: [
        { Timestamp: new Date(h.clock.now()).toISOString(), Level: "INFO", Message: "hello", OperationId: "s", OperationName: "step-1", Attempt: 1 },
        { Timestamp: new Date(h.clock.now()).toISOString(), Level: "WARN", Message: "careful" },
      ],
    });
    expect((await mustGet(h.store, execution.executionId)).leaseExpiresAt).toBe(h.clock.now() + 5000);
    await client.checkpoint({
      DurableExecutionArn: execution.arn,
      CheckpointToken: response.CheckpointToken!,
      Logs: [{ Timestamp: new Date(h.clock.now()).toISOString(), Level: "ERROR", Message: "third" }],
    });
    const logs = await h.client.getLogs(execution.executionId);
    expect(logs.items.map((l) => [l.message, l.level, l.requestId])).toEqual([
      ["hello", "INFO", "req-1"],
      ["careful", "WARN", "req-1"],
      ["third", "ERROR", "req-1"],
    ]);
    expect(logs.items[0]).toMatchObject({ operationId: "s", operationName: "step-1", attempt: 1 });
    expect((await h.client.getLogs(execution.executionId, { operationId: "s" })).items).toHaveLength(1);
  });
});

describe("the poll loop", () => {
  it("start() runs work on real time; a client write wakes it at once", async () => {
    const worker = new Worker({ store: h.store, registry: h.registry, clock: systemClock, pollIntervalMs: 60_000 });
    const client = new DurableClient({ store: h.store, registry: h.registry, onWake: () => worker.wake() });
    h.registry.register(
      "live",
      withDurableExecution(async (_e, ctx) => {
        const [answer] = await ctx.createCallback<string>("go");
        return answer;
      }),
    );
    worker.start();
    try {
      const { execution } = await client.startExecution({ functionName: "live" });
      let callbackId: string | undefined;
      await waitUntil("the callback to be created and the invocation to end", async () => {
        callbackId = (await client.getOperations(execution.executionId)).find((r) => r.operation.Type === "CALLBACK")?.operation.CallbackDetails?.CallbackId;
        return callbackId !== undefined && (await mustGet(h.store, execution.executionId)).leaseOwner === undefined;
      }, 30_000, 10);
      expect(callbackId).toBeDefined();
      await client.sendCallbackSuccess(callbackId!, "now");
      await waitUntil("the execution to end", async () => (await mustGet(h.store, execution.executionId)).status !== "RUNNING", 30_000, 10);
      const done = await mustGet(h.store, execution.executionId);
      expect(done.status).toBe("SUCCEEDED");
      expect(JSON.parse(done.result!)).toBe("now");
      expect(eventTypes(await allEvents(h.store, execution.executionId))).toContain("CallbackSucceeded");
    } finally {
      await worker.stop();
    }
  });

  it("a start written through the same store object by a client that knows no worker is claimed at once, not after the poll sleep", async () => {
    const ended: string[] = [];
    const worker = new Worker({
      store: h.store,
      registry: h.registry,
      clock: systemClock,
      pollIntervalMs: 60_000,
      onInvocation: (execution, outcome) => ended.push(`${execution.executionId} ${outcome}`),
    });
    const client = new DurableClient({ store: h.store, registry: h.registry }); // no onWake
    h.registry.register("quick", withDurableExecution(async (_e, ctx) => ctx.step("only", async () => 1)));
    worker.start();
    try {
      await worker.publishFunctions(); // the first poll found nothing: the loop sleeps for a minute
      const started = await Promise.all([1, 2, 3].map(() => client.startExecution({ functionName: "quick" })));
      await waitUntil("the executions to end", async () => ended.length === 3, 30_000, 10);
      expect(ended.sort()).toEqual(started.map((s) => `${s.execution.executionId} SUCCEEDED`).sort());
    } finally {
      await worker.stop();
    }
    // Once stopped, the worker hears nothing: a new start stays due.
    const later = await client.startExecution({ functionName: "quick" });
    await new Promise((resolve) => setImmediate(resolve));
    expect((await mustGet(h.store, later.execution.executionId)).status).toBe("RUNNING");
  });
});
