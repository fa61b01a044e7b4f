import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import { allEvents, createHarness, eventTypes, expectContiguous, mustGet, type Harness } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

describe("sequential steps", () => {
  it("runs steps once, in one invocation, with a contiguous history", async () => {
    const ran: string[] = [];
    h.registry.register(
      "two-steps",
      withDurableExecution(async (event: { n: number }, ctx) => {
        const a = await ctx.step("double", async () => {
          ran.push("double");
          return event.n * 2;
        });
        const b = await ctx.step("plus-one", async () => {
          ran.push("plus-one");
          return a + 1;
        });
        return { result: b };
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "two-steps", input: JSON.stringify({ n: 20 }) });
    await h.worker.drain();

    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toEqual({ result: 41 });
    expect(done.endTimestamp).toBeDefined();
    expect(done.checkpointToken).toBeUndefined();
    expect(done.leaseOwner).toBeUndefined();
    expect(done.nextWakeAt).toBeUndefined();
    expect(ran).toEqual(["double", "plus-one"]);

    const events = await allEvents(h.store, execution.executionId);
    expectContiguous(events);
    expect(eventTypes(events)).toEqual([
      "ExecutionStarted",
      "StepStarted",
      "StepSucceeded",
      "StepStarted",
      "StepSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(events[0]!.ExecutionStartedDetails).toEqual({ Input: { Payload: JSON.stringify({ n: 20 }) } });
    expect(events[2]).toMatchObject({ Name: "double", SubType: "Step", StepSucceededDetails: { Result: { Payload: "40" }, RetryDetails: {} } });
    expect(events[5]!.InvocationCompletedDetails).toMatchObject({ RequestId: expect.any(String) });
    expect(events[5]!.Id).toBeUndefined();
    expect(events[6]!.ExecutionSucceededDetails).toEqual({ Result: { Payload: JSON.stringify({ result: 41 }) } });
    expect(done.eventCount).toBe(7);

    const ops = await h.client.getOperations(execution.executionId);
    expect(ops.map((r) => [r.seq, r.operation.Type, r.operation.Name, r.operation.Status])).toEqual([
      [1, "EXECUTION", undefined, "SUCCEEDED"],
      [2, "STEP", "double", "SUCCEEDED"],
      [3, "STEP", "plus-one", "SUCCEEDED"],
    ]);
  });

  it("a handler that throws ends the execution FAILED with ExecutionFailed after InvocationCompleted", async () => {
    h.registry.register(
      "boom",
      withDurableExecution(async () => {
        throw new TypeError("bad input");
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "boom" });
    await h.worker.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("FAILED");
    expect(done.error).toMatchObject({ ErrorType: "TypeError", ErrorMessage: "bad input" });
    const events = await allEvents(h.store, execution.executionId);
    expect(eventTypes(events)).toEqual(["ExecutionStarted", "InvocationCompleted", "ExecutionFailed"]);
    // The invocation carries the handler's error too, as on the official runner (getInvocations()).
    expect(events[1]!.InvocationCompletedDetails).toMatchObject({ Error: { Payload: { ErrorType: "TypeError", ErrorMessage: "bad input" } } });
  });
});

describe("waits", () => {
  it("suspends at a wait (PENDING, nothing due) and resumes once the clock passes its end", async () => {
    let after = 0;
    h.registry.register(
      "sleepy",
      withDurableExecution(async (_event, ctx) => {
        await ctx.step("before", async () => "x");
        await ctx.wait("nap", { hours: 2 });
        return ctx.step("after", async () => ++after);
      }),
    );
    const { execution } = await h.client.startExecution({ functionName: "sleepy" });
    const started = h.clock.now();
    await h.worker.drain();

    let row = await mustGet(h.store, execution.executionId);
    expect(row.status).toBe("RUNNING");
    expect(row.nextWakeAt).toBe(started + 2 * 3600 * 1000);
    expect(row.leaseOwner).toBeUndefined();
    expect(row.checkpointToken).toBeUndefined();
    expect(h.worker.running).toBe(0);
    const wait = (await h.client.getOperations(execution.executionId)).find((r) => r.operation.Name === "nap")!;
    expect(wait.operation).toMatchObject({ Type: "WAIT", Status: "STARTED", WaitDetails: { ScheduledEndTimestamp: new Date(started + 7_200_000).toISOString() } });

    h.clock.advance(3600 * 1000);
    await h.worker.drain();
    expect((await mustGet(h.store, execution.executionId)).status).toBe("RUNNING");
    expect(after).toBe(0);

    h.clock.advance(3600 * 1000);
    await h.worker.drain();
    row = await mustGet(h.store, execution.executionId);
    expect(row.status).toBe("SUCCEEDED");
    expect(row.result).toBe("1");
    expect(row.invocationCount).toBe(2);
    const events = await allEvents(h.store, execution.executionId);
    expectContiguous(events);
    expect(eventTypes(events)).toEqual([
      "ExecutionStarted",
      "StepStarted",
      "StepSucceeded",
      "WaitStarted",
      "InvocationCompleted",
      "WaitSucceeded",
      "StepStarted",
      "StepSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(events[3]!.WaitStartedDetails).toEqual({ Duration: 7200, ScheduledEndTimestamp: new Date(started + 7_200_000).toISOString() });
    expect(events[5]!.WaitSucceededDetails).toEqual({ Duration: 7200 });
  });
});

describe("step retries", () => {
  it("RETRY -> PENDING -> READY across invocations, StepFailed carries RetryDetails", async () => {
    let attempts = 0;
    h.registry.register(
      "flaky",
      withDurableExecution(async (_event, ctx) =>
        ctx.step(
          "call",
          async (stepCtx) => {
            attempts++;
            if (stepCtx.attempt < 3) throw new Error(`nope ${stepCtx.attempt}`);
            return `ok on ${stepCtx.attempt}`;
          },
          { retryStrategy: (_e, attempt) => ({ shouldRetry: attempt < 5, delay: { seconds: 10 * attempt } }) },
        ),
      ),
    );
    const { execution } = await h.client.startExecution({ functionName: "flaky" });
    await h.worker.drain();
    let op = (await h.client.getOperations(execution.executionId))[1]!.operation;
    expect(op).toMatchObject({ Type: "STEP", Status: "PENDING", StepDetails: { Attempt: 1, Error: { ErrorMessage: "nope 1" } } });
    expect(op.StepDetails!.NextAttemptTimestamp).toBe(new Date(h.clock.now() + 10_000).toISOString());
    expect((await mustGet(h.store, execution.executionId)).nextWakeAt).toBe(h.clock.now() + 10_000);

    h.clock.advance(10_000);
    await h.worker.drain();
    op = (await h.client.getOperations(execution.executionId))[1]!.operation;
    expect(op).toMatchObject({ Status: "PENDING", StepDetails: { Attempt: 2 } });

    h.clock.advance(20_000);
    await h.worker.drain();
    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toBe("ok on 3");
    expect(attempts).toBe(3);

    const events = await allEvents(h.store, execution.executionId);
    expectContiguous(events);
    expect(eventTypes(events)).toEqual([
      "ExecutionStarted",
      "StepStarted",
      "StepFailed",
      "InvocationCompleted",
      "StepStarted",
      "StepFailed",
      "InvocationCompleted",
      "StepStarted",
      "StepSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(events[2]!.StepFailedDetails).toEqual({
      Error: { Payload: expect.objectContaining({ ErrorType: "Error", ErrorMessage: "nope 1" }) },
      RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 10 },
    });
    expect(events[5]!.StepFailedDetails).toMatchObject({ RetryDetails: { CurrentAttempt: 2, NextAttemptDelaySeconds: 20 } });
    // The third attempt succeeded (the official local runner would say 2: the attempts before it).
    expect(events[8]!.StepSucceededDetails).toMatchObject({ RetryDetails: { CurrentAttempt: 3 } });
  });
});
