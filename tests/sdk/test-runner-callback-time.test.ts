/**
 * Our test runner and callback time. Under `skipTime`, callback and heartbeat timeouts run on
 * real time, as on the official runner, so test code that does real async work before it answers
 * cannot lose a race against the runner's clock; `skipCallbackTimeouts` skips them on request.
 * An answer that comes after the end says the execution ended, and with what.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { DurableClientError } from "../../sdk/runtime";
import { LocalDurableTestRunner, WaitingOperationStatus } from "../../sdk/testing";
import { startStubInbox, type StubInbox } from "../support/stub-inbox";

let inbox: StubInbox;
beforeAll(async () => {
  // Reading the inbox takes 300 ms of real time, as the approval test does.
  inbox = await startStubInbox({ readDelayMs: 300 });
});
afterAll(() => inbox.close());

/** The handler: it announces its callback's id in a step (posts it to the inbox), then waits for the answer. */
const announcingApproval = withDurableExecution(async (_event: unknown, ctx) => {
  const [decision, callbackId] = await ctx.createCallback<string>("approval", { timeout: { seconds: 30 } });
  await ctx.step("announce", async () => inbox.post({ callbackId }));
  return JSON.parse(await decision) as unknown;
});

/** The test: wait for the announcing step, read the inbox over HTTP, answer. */
async function approveFromInbox(runner: LocalDurableTestRunner) {
  const announce = runner.getOperation("announce");
  const approval = runner.getOperation("approval");
  const running = runner.run();
  running.catch(() => undefined);
  await announce.waitForData(WaitingOperationStatus.COMPLETED);
  const messages = (await inbox.read()) as Array<{ callbackId: string }>;
  const { callbackId } = messages[messages.length - 1];
  expect(callbackId).toBe(approval.getCallbackDetails()?.callbackId);
  const answered = approval.sendCallbackSuccess(JSON.stringify({ approved: true, by: "ops" }));
  return { running, answered };
}

function expectEndedError(error: unknown, ended: RegExp) {
  expect(DurableClientError.is(error) && error.code).toBe("CALLBACK_TIMEOUT");
  expect((error as Error).message).toMatch(ended);
  expect((error as Error).message).not.toMatch(/not running/);
}

describe("skipTime: callback timeouts run on real time", () => {
  beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  it("passes the issue's approval test: 300 ms of real async work before sendCallbackSuccess", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: announcingApproval });
    const { running, answered } = await approveFromInbox(runner);
    await answered;
    const result = await running;
    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toEqual({ approved: true, by: "ops" });
  });

  it("skips a two-hour wait without eating into the real time left to answer a callback started before it", async () => {
    const handler = withDurableExecution(async (_event: unknown, ctx) => {
      const [decision] = await ctx.createCallback<string>("approval", { timeout: { seconds: 30 } });
      await ctx.wait("cool-off", { hours: 2 });
      await ctx.step("remind", async () => "reminded");
      return decision;
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const remind = runner.getOperation("remind");
    const approval = runner.getOperation("approval");
    const running = runner.run();
    await remind.waitForData(WaitingOperationStatus.COMPLETED);
    await inbox.read(); // 300 ms of real time after two skipped hours
    await approval.sendCallbackSuccess("yes");
    const result = await running;
    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toBe("yes");
  });

  it("keeps a callback alive while heartbeats come in time, and times it out on heartbeat when they stop", async () => {
    const handler = withDurableExecution(async (_event: unknown, ctx) => {
      const [done] = await ctx.createCallback<string>("job", { heartbeatTimeout: { seconds: 3 } });
      try {
        return await done;
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    });
    const beating = new LocalDurableTestRunner({ handlerFunction: handler });
    const job = beating.getOperation("job");
    const running = beating.run();
    await job.waitForData(WaitingOperationStatus.STARTED);
    // 300 ms each: 3.6 s in all, longer than the heartbeat timeout, each beat well within it (a
    // stall of a loaded machine must not let one gap reach the timeout).
    for (let beat = 0; beat < 12; beat++) {
      await inbox.read();
      await job.sendCallbackHeartbeat();
    }
    await job.sendCallbackSuccess("finished");
    expect((await running).getResult()).toBe("finished");

    const silent = await new LocalDurableTestRunner({ handlerFunction: handler }).run();
    expect(silent.getResult()).toBe("CallbackTimeoutError: Callback timed out on heartbeat");
  });

  it("refuses an answer after the end, saying the execution already ended with CallbackTimeoutError", async () => {
    const handler = withDurableExecution(async (_event: unknown, ctx) => {
      const [decision] = await ctx.createCallback("approval", { timeout: { seconds: 1 } });
      return decision;
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const approval = runner.getOperation("approval");
    const result = await runner.run();
    expect(result.getError()).toMatchObject({ errorType: "CallbackTimeoutError", errorMessage: "Callback timed out" });
    const ended = /^operation "approval" cannot be answered: the execution already ended with CallbackTimeoutError \(FAILED\)$/;
    expectEndedError(await approval.sendCallbackSuccess("late").catch((e: unknown) => e), ended);
    expectEndedError(await approval.sendCallbackFailure({ ErrorMessage: "late" }).catch((e: unknown) => e), ended);
    expectEndedError(await approval.sendCallbackHeartbeat().catch((e: unknown) => e), ended);
    // A handle taken after the run says the same.
    expectEndedError(await runner.getOperation("approval").sendCallbackSuccess("late").catch((e: unknown) => e), ended);
  });

  it("says which callback is closed while the execution still runs", async () => {
    const handler = withDurableExecution(async (_event: unknown, ctx) => {
      const [first] = await ctx.createCallback("first", { timeout: { seconds: 1 } });
      const outcome = await first.then(() => "answered", (error: unknown) => (error as Error).name);
      const second = await ctx.waitForCallback("second", async () => undefined);
      return { outcome, second };
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const first = runner.getOperation("first");
    const second = runner.getOperation("second");
    const running = runner.run();
    await second.waitForData(WaitingOperationStatus.SUBMITTED);
    const late = await first.sendCallbackSuccess("late").catch((e: unknown) => e);
    expectEndedError(late, /^operation "first" cannot be answered: the callback has timed out or is already closed$/);
    await second.sendCallbackSuccess("second");
    expect((await running).getResult()).toEqual({ outcome: "CallbackTimeoutError", second: "second" });
  });

  it("asks for run() before any run, and only then", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: announcingApproval });
    await expect(runner.advanceTime({ seconds: 1 })).rejects.toThrow("The runner is not running: call run() first");
    await expect(runner.getOperation("approval").sendCallbackSuccess("early")).rejects.toThrow(/not a callback that has started/);
  });

  it("rejects waitForData at once when the run is over, with the official runner's words first", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: withDurableExecution(async () => "done") });
    await runner.run();
    await expect(runner.getOperation("never").waitForData(WaitingOperationStatus.STARTED)).rejects.toThrow(
      /^Operation was not found after execution completion\. Expected status: STARTED\./,
    );
  });
});

describe("skipTime with skipCallbackTimeouts: callback timeouts skipped on request", () => {
  beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true, skipCallbackTimeouts: true }));
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  it("reaches a one-hour callback timeout at once", async () => {
    const handler = withDurableExecution(async (_event: unknown, ctx) => {
      const [decision] = await ctx.createCallback("approval", { timeout: { hours: 1 } });
      return decision;
    });
    const result = await new LocalDurableTestRunner({ handlerFunction: handler }).run();
    expect(result.getStatus()).toBe("FAILED");
    expect(result.getError()).toMatchObject({ errorType: "CallbackTimeoutError" });
  });

  it("is why it is not the default: the issue's test loses the race, and the late answer says so", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: announcingApproval });
    const { running, answered } = await approveFromInbox(runner);
    expectEndedError(await answered.catch((e: unknown) => e), /the execution already ended with CallbackTimeoutError/);
    expect((await running).getStatus()).toBe("FAILED");
  });
});

describe("setupTestEnvironment", () => {
  afterEach(() => LocalDurableTestRunner.teardownTestEnvironment());

  it("refuses skipCallbackTimeouts without skipTime", async () => {
    await expect(LocalDurableTestRunner.setupTestEnvironment({ skipCallbackTimeouts: true })).rejects.toThrow(
      "skipCallbackTimeouts needs skipTime: true",
    );
  });
});
