import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import { DurableClientError } from "../../sdk/runtime";
import { allEvents, createHarness, eventTypes, expectContiguous, mustGet, type Harness } from "./helpers";
import { waitUntil } from "../support/wait";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return DurableClientError.is(error) ? error.code : `not a DurableClientError: ${String(error)}`;
  }
}

describe("stop", () => {
  it("stops a suspended execution: STOPPED + ExecutionStopped, nothing runs after", async () => {
    let stepRuns = 0;
    h.registry.register(
      "slow",
      withDurableExecution(async (_e, ctx) => {
        await ctx.wait("w", { minutes: 1 });
        await ctx.step("s", async () => ++stepRuns);
        return "done";
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "slow" });
    await h.worker.drain();
    const stopped = await h.client.stopExecution(execution.arn, { ErrorType: "Operator", ErrorMessage: "enough" });
    expect(stopped.status).toBe("STOPPED");
    expect(stopped.endTimestamp).toBe(new Date(h.clock.now()).toISOString());
    expect(stopped.nextWakeAt).toBeUndefined();
    h.clock.advance(120_000);
    await h.worker.drain();
    expect(stepRuns).toBe(0);
    const events = await allEvents(h.store, execution.executionId);
    expect(eventTypes(events)).toEqual(["ExecutionStarted", "WaitStarted", "InvocationCompleted", "ExecutionStopped"]);
    expect(events[3]!.ExecutionStoppedDetails).toEqual({ Error: { Payload: { ErrorType: "Operator", ErrorMessage: "enough" } } });
    expect(await codeOf(h.client.stopExecution(execution.executionId))).toBe("INVALID_STATE");
  });
});

describe("stop during an invocation", () => {
  it("refuses the running invocation's next checkpoint: nothing it does after the stop is recorded", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inside = false;
    h.registry.register(
      "busy",
      withDurableExecution(async (_e, ctx) => {
        await ctx.step("first", async () => "one");
        await ctx.step("blocked", async () => {
          inside = true;
          await gate;
          return "two";
        });
        return "finished";
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "busy" });
    const drained = h.worker.drain();
    await waitUntil("the blocked step's body to run", () => inside, 30_000, 5);
    // Stop once the blocked step's start is durable: the invocation is mid-step.
    const blockedStarted = async () => (await h.client.getOperations(execution.executionId)).some((r) => r.operation.Name === "blocked");
    await waitUntil("the blocked step's start to be stored", blockedStarted, 30_000, 5);
    await h.client.stopExecution(execution.executionId);
    release();
    await drained;
    const row = await mustGet(h.store, execution.executionId);
    expect(row.status).toBe("STOPPED");
    expect(row.result).toBeUndefined();
    const types = eventTypes(await allEvents(h.store, execution.executionId));
    // The stop wrote the stopped invocation's end; that invocation wrote nothing after it.
    expect(types).toEqual(["ExecutionStarted", "StepStarted", "StepSucceeded", "StepStarted", "InvocationCompleted", "ExecutionStopped"]);
  });
});

// Module-level switch: the "cause" of the failure an operator fixes before redriving.
let downstreamHealthy = false;

describe("redrive", () => {
  it("replays completed steps from checkpoints and re-runs the failed one once its cause is fixed", async () => {
    const runs = { reserve: 0, charge: 0, ship: 0 };
    downstreamHealthy = false;
    h.registry.register(
      "order",
      withDurableExecution(async (_e, ctx) => {
        const reservation = await ctx.step("reserve", async () => `r-${++runs.reserve}`);
        const charge = await ctx.step(
          "charge",
          async () => {
            runs.charge++;
            if (!downstreamHealthy) throw new Error("payment service down");
            return "charged";
          },
          { retryStrategy: () => ({ shouldRetry: false }) },
        );
        const shipped = await ctx.step("ship", async () => ++runs.ship);
        return { reservation, charge, shipped };
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "order" });
    await h.worker.drain();
    const failed = await mustGet(h.store, execution.executionId);
    expect(failed.status).toBe("FAILED");
    // The operator fixes the cause, then redrives (once: a RUNNING execution cannot be redriven).
    downstreamHealthy = true;
    await h.client.redriveExecution(failed.executionId);
    expect(await codeOf(h.client.redriveExecution(failed.executionId))).toBe("INVALID_STATE");
    const row = await mustGet(h.store, execution.executionId);
    expect(row).toMatchObject({ status: "RUNNING", redriveCount: 1, nextWakeAt: h.clock.now() });
    expect(row.endTimestamp).toBeUndefined();
    expect(row.error).toBeUndefined();
    const charge = (await h.client.getOperations(execution.executionId)).find((r) => r.operation.Name === "charge")!;
    expect(charge.operation.Status).toBe("READY");
    expect(charge.operation.StepDetails?.Error).toBeUndefined();

    await h.worker.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toEqual({ reservation: "r-1", charge: "charged", shipped: 1 });
    expect(runs).toEqual({ reserve: 1, charge: 2, ship: 1 });

    const events = await allEvents(h.store, execution.executionId);
    expectContiguous(events);
    expect(eventTypes(events)).toEqual([
      "ExecutionStarted",
      "StepStarted",
      "StepSucceeded",
      "StepStarted",
      "StepFailed",
      "InvocationCompleted",
      "ExecutionFailed",
      "ExecutionRedriven",
      "StepStarted",
      "StepSucceeded",
      "StepStarted",
      "StepSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(events[7]!.ExecutionRedrivenDetails).toEqual({ RedriveCount: 1, FromStatus: "FAILED" });
    expect(events[8]!.Name).toBe("charge");
  });

  it("re-arms a timed-out callback with a fresh id; the old id is closed", async () => {
    h.registry.register(
      "approve",
      withDurableExecution(async (_e, ctx) => {
        const [answer] = await ctx.createCallback<string>("ok?", { timeout: { seconds: 30 } });
        return answer;
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "approve" });
    await h.worker.drain();
    const first = (await h.client.getOperations(execution.executionId)).find((r) => r.operation.Type === "CALLBACK")!;
    const oldId = first.operation.CallbackDetails!.CallbackId!;
    h.clock.advance(30_000);
    await h.worker.drain();
    expect((await mustGet(h.store, execution.executionId)).status).toBe("FAILED");

    await h.client.redriveExecution(execution.executionId);
    const rearmed = (await h.client.getOperations(execution.executionId)).find((r) => r.operation.Type === "CALLBACK")!;
    const newId = rearmed.operation.CallbackDetails!.CallbackId!;
    expect(rearmed.operation.Status).toBe("STARTED");
    expect(newId).not.toBe(oldId);
    expect(rearmed.runtime).toMatchObject({ callbackTimeoutAt: h.clock.now() + 30_000 });
    await h.worker.drain();
    expect(await codeOf(h.client.sendCallbackSuccess(oldId, "stale"))).toBe("CALLBACK_TIMEOUT");
    await h.client.sendCallbackSuccess(newId, "approved");
    await h.worker.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toBe("approved");
    const types = eventTypes(await allEvents(h.store, execution.executionId));
    expect(types.slice(types.indexOf("ExecutionRedriven"))).toEqual([
      "ExecutionRedriven",
      "CallbackStarted",
      "InvocationCompleted",
      "CallbackSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
  });

  it("only FAILED, TIMED_OUT or STOPPED executions can be redriven", async () => {
    h.registry.register("ok", withDurableExecution(async () => "fine"));
    const { execution } = await h.client.startExecution({ functionName: "ok" });
    expect(await codeOf(h.client.redriveExecution(execution.executionId))).toBe("INVALID_STATE");
    await h.worker.drain();
    const before = await mustGet(h.store, execution.executionId);
    expect(await codeOf(h.client.redriveExecution(execution.executionId))).toBe("INVALID_STATE");
    expect((await mustGet(h.store, execution.executionId)).version).toBe(before.version);
  });
});

describe("replay", () => {
  it("starts a new execution of the same function with the original or an edited input", async () => {
    h.registry.register("echo", withDurableExecution(async (event: { v: number }) => ({ got: event.v })));
    const { execution } = await h.client.startExecution({ functionName: "echo", input: '{"v":1}', executionTimeoutSeconds: 600 });
    await h.worker.drain();

    const same = await h.client.replayExecution(execution.executionId);
    const edited = await h.client.replayExecution(execution.arn, { input: '{"v":2}' });
    expect(same.alreadyExisted).toBe(false);
    expect(same.execution).toMatchObject({ functionName: "echo", replayOf: execution.executionId, inputPayload: '{"v":1}', executionTimeoutSeconds: 600 });
    expect(edited.execution).toMatchObject({ replayOf: execution.executionId, inputPayload: '{"v":2}' });
    expect(same.execution.executionId).not.toBe(execution.executionId);
    await h.worker.drain();
    expect(JSON.parse((await mustGet(h.store, same.execution.executionId)).result!)).toEqual({ got: 1 });
    expect(JSON.parse((await mustGet(h.store, edited.execution.executionId)).result!)).toEqual({ got: 2 });
    expect(await codeOf(h.client.replayExecution(execution.executionId, { input: "{not json" }))).toBe("VALIDATION_ERROR");
    expect(await codeOf(h.client.replayExecution("00000000-0000-0000-0000-000000000000"))).toBe("EXECUTION_NOT_FOUND");
  });
});

describe("execution names", () => {
  it("same name and input returns the existing execution; another input is a conflict", async () => {
    h.registry.register("named", withDurableExecution(async () => "x"));
    const first = await h.client.startExecution({ functionName: "named", name: "order-42", input: '{"a":1}' });
    const again = await h.client.startExecution({ functionName: "named", name: "order-42", input: '{"a":1}' });
    expect(first.alreadyExisted).toBe(false);
    expect(again.alreadyExisted).toBe(true);
    expect(again.execution.executionId).toBe(first.execution.executionId);
    expect(first.execution.arn).toBe(
      `arn:aws:lambda:us-east-1:000000000000:function:named:$LATEST/durable-execution/order-42/${first.execution.executionId}`,
    );
    expect(await codeOf(h.client.startExecution({ functionName: "named", name: "order-42", input: '{"a":2}' }))).toBe(
      "EXECUTION_ALREADY_STARTED",
    );
    const page = await h.client.listExecutions({ functionName: "named" });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).not.toHaveProperty("checkpointToken");
  });
});
