import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import { DurableClientError } from "../../sdk/runtime";
import { allEvents, createHarness, eventTypes, expectContiguous, mustGet, type Harness } from "./helpers";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  h.registry.register(
    "approval",
    withDurableExecution(async (event: { timeout?: number; heartbeat?: number }, ctx) => {
      const [answer] = await ctx.createCallback<string>("approve", {
        timeout: event.timeout ? { seconds: event.timeout } : undefined,
        heartbeatTimeout: event.heartbeat ? { seconds: event.heartbeat } : undefined,
      });
      try {
        return { answer: await answer };
      } catch (error) {
        return { failed: (error as Error).name, message: (error as Error).message };
      }
    }),
  );
});
afterEach(async () => {
  await h.close();
});

async function startAndSuspend(input: object = {}) {
  const { execution } = await h.client.startExecution({ functionName: "approval", input: JSON.stringify(input) });
  await h.worker.drain();
  const op = (await h.client.getOperations(execution.executionId)).find((r) => r.operation.Type === "CALLBACK")!;
  return { executionId: execution.executionId, callbackId: op.operation.CallbackDetails!.CallbackId!, op };
}

async function expectCode(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(DurableClientError.is(error)).toBe(true);
  expect((error as DurableClientError).code).toBe(code);
}

describe("callbacks", () => {
  it("success: the answer reaches the handler and is recorded once", async () => {
    const { executionId, callbackId, op } = await startAndSuspend();
    expect(op.operation.Status).toBe("STARTED");
    expect(callbackId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(callbackId).not.toContain(executionId.slice(0, 8));
    const suspended = await mustGet(h.store, executionId);
    expect(suspended.nextWakeAt).toBeUndefined();

    await h.client.sendCallbackSuccess(callbackId, "yes please");
    expect((await mustGet(h.store, executionId)).nextWakeAt).toBe(h.clock.now());
    await h.worker.drain();

    const done = await mustGet(h.store, executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toEqual({ answer: "yes please" });
    const events = await allEvents(h.store, executionId);
    expectContiguous(events);
    expect(eventTypes(events)).toEqual([
      "ExecutionStarted",
      "CallbackStarted",
      "InvocationCompleted",
      "CallbackSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(events[1]!.CallbackStartedDetails).toEqual({ CallbackId: callbackId, Input: {} });
    expect(events[3]!.CallbackSucceededDetails).toEqual({ Result: { Payload: "yes please" } });
  });

  it("failure: the handler sees a callback error", async () => {
    const { executionId, callbackId } = await startAndSuspend();
    await h.client.sendCallbackFailure(callbackId, { ErrorType: "Rejected", ErrorMessage: "no way" });
    await h.worker.drain();
    const done = await mustGet(h.store, executionId);
    expect(JSON.parse(done.result!)).toMatchObject({ failed: "CallbackExternalError", message: "no way" });
    const events = await allEvents(h.store, executionId);
    expect(events.find((e) => e.EventType === "CallbackFailed")!.CallbackFailedDetails).toEqual({
      Error: { Payload: { ErrorType: "Rejected", ErrorMessage: "no way" } },
    });
  });

  it("answered twice: the second answer is CALLBACK_TIMEOUT and changes nothing", async () => {
    const { executionId, callbackId } = await startAndSuspend();
    await h.client.sendCallbackSuccess(callbackId, "first");
    const after = await mustGet(h.store, executionId);
    await expectCode(h.client.sendCallbackSuccess(callbackId, "second"), "CALLBACK_TIMEOUT");
    await expectCode(h.client.sendCallbackFailure(callbackId), "CALLBACK_TIMEOUT");
    await expectCode(h.client.sendCallbackHeartbeat(callbackId), "CALLBACK_TIMEOUT");
    const unchanged = await mustGet(h.store, executionId);
    expect(unchanged.version).toBe(after.version);
    expect(unchanged.eventCount).toBe(after.eventCount);
    await h.worker.drain();
    expect(JSON.parse((await mustGet(h.store, executionId)).result!)).toEqual({ answer: "first" });
    expect(eventTypes(await allEvents(h.store, executionId)).filter((t) => t === "CallbackSucceeded")).toHaveLength(1);
  });

  it("unknown callback id: CALLBACK_NOT_FOUND", async () => {
    await expectCode(h.client.sendCallbackSuccess("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "x"), "CALLBACK_NOT_FOUND");
  });

  it("timeout: the callback times out when the clock passes its deadline", async () => {
    const { executionId, callbackId } = await startAndSuspend({ timeout: 300 });
    const row = await mustGet(h.store, executionId);
    expect(row.nextWakeAt).toBe(h.clock.now() + 300_000);
    h.clock.advance(299_000);
    await h.worker.drain();
    expect((await mustGet(h.store, executionId)).status).toBe("RUNNING");

    h.clock.advance(1_000);
    // Expired but not yet processed: an answer is refused already.
    await expectCode(h.client.sendCallbackSuccess(callbackId, "late"), "CALLBACK_TIMEOUT");
    await h.worker.drain();
    const done = await mustGet(h.store, executionId);
    expect(JSON.parse(done.result!)).toMatchObject({ failed: "CallbackTimeoutError" });
    const events = await allEvents(h.store, executionId);
    expectContiguous(events);
    expect(eventTypes(events)).toEqual([
      "ExecutionStarted",
      "CallbackStarted",
      "InvocationCompleted",
      "CallbackTimedOut",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(events[1]!.CallbackStartedDetails).toEqual({ CallbackId: callbackId, Input: {}, Timeout: 300 });
    expect(events[3]!.CallbackTimedOutDetails).toEqual({ Error: { Payload: { ErrorMessage: "Callback timed out" } } });
    const op = (await h.client.getOperations(executionId)).find((r) => r.operation.Type === "CALLBACK")!;
    expect(op.operation.Status).toBe("TIMED_OUT");
    await expectCode(h.client.sendCallbackSuccess(callbackId, "later"), "CALLBACK_TIMEOUT");
  });

  it("heartbeats push the heartbeat deadline; without them the callback times out", async () => {
    const { executionId, callbackId } = await startAndSuspend({ timeout: 3600, heartbeat: 60 });
    const t0 = h.clock.now();
    expect((await mustGet(h.store, executionId)).nextWakeAt).toBe(t0 + 60_000);

    h.clock.advance(50_000);
    await h.client.sendCallbackHeartbeat(callbackId);
    // The wake time follows the pushed deadline; no history event for a heartbeat.
    expect((await mustGet(h.store, executionId)).nextWakeAt).toBe(t0 + 110_000);
    h.clock.advance(50_000);
    await h.worker.drain();
    expect((await mustGet(h.store, executionId)).invocationCount).toBe(1);
    await h.client.sendCallbackHeartbeat(callbackId);

    h.clock.advance(61_000);
    await h.worker.drain();
    const done = await mustGet(h.store, executionId);
    expect(JSON.parse(done.result!)).toMatchObject({ failed: "CallbackTimeoutError" });
    const events = await allEvents(h.store, executionId);
    expect(eventTypes(events)).toEqual([
      "ExecutionStarted",
      "CallbackStarted",
      "InvocationCompleted",
      "CallbackTimedOut",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(events[1]!.CallbackStartedDetails).toEqual({ CallbackId: callbackId, Input: {}, Timeout: 3600, HeartbeatTimeout: 60 });
    expect(events[3]!.CallbackTimedOutDetails).toMatchObject({ Error: { Payload: { ErrorMessage: "Callback timed out on heartbeat" } } });
  });
});
