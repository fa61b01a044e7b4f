/**
 * `runner.advanceTime(duration)`: time moved forward on request, for every timer (callback and
 * heartbeat timeouts included), as in Temporal's time-skipping test environment. It resolves once
 * what came due has run, so the test reads the outcome right after it; there is no race.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { InvalidDurationError } from "../../sdk/utils/duration";
import { LocalDurableTestRunner, WaitingOperationStatus } from "../../sdk/testing";

const describeCaught = (error: unknown) => `${(error as Error).name}: ${(error as Error).message}`;

describe("advanceTime under skipTime", () => {
  beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  it("brings a one-hour callback timeout due on request, and the handles show it when it returns", async () => {
    const handler = withDurableExecution(async (_event: unknown, ctx) => {
      const [decision] = await ctx.createCallback("approval", { timeout: { hours: 1 } });
      return decision.then(() => "answered", describeCaught);
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const approval = runner.getOperation("approval");
    const running = runner.run();
    await approval.waitForData(WaitingOperationStatus.STARTED);
    await runner.advanceTime({ minutes: 59 });
    expect(approval.getStatus()).toBe("STARTED");
    await runner.advanceTime({ minutes: 1 });
    expect(approval.getStatus()).toBe("TIMED_OUT");
    expect((await running).getResult()).toBe("CallbackTimeoutError: Callback timed out");
  });

  it("moves a heartbeat deadline: a heartbeat in time restarts it, silence past it times the callback out", async () => {
    const handler = withDurableExecution(async (_event: unknown, ctx) => {
      const [done] = await ctx.createCallback("job", { heartbeatTimeout: { minutes: 5 } });
      return done.then(() => "answered", describeCaught);
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const job = runner.getOperation("job");
    const running = runner.run();
    await job.waitForData(WaitingOperationStatus.STARTED);
    await runner.advanceTime({ minutes: 4 });
    await job.sendCallbackHeartbeat();
    await runner.advanceTime({ minutes: 4 });
    expect(job.getStatus()).toBe("STARTED");
    await runner.advanceTime({ minutes: 1 });
    expect(job.getStatus()).toBe("TIMED_OUT");
    expect((await running).getResult()).toBe("CallbackTimeoutError: Callback timed out on heartbeat");
  });

  it("refuses a malformed duration and a run that is over", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: withDurableExecution(async () => "done") });
    await expect(runner.advanceTime({ secs: 5 } as never)).rejects.toThrow(InvalidDurationError);
    await runner.run();
    await expect(runner.advanceTime({ seconds: 1 })).rejects.toThrow("advanceTime: the execution already ended (SUCCEEDED)");
  });
});

describe("advanceTime on real time (no skipTime)", () => {
  beforeAll(() => LocalDurableTestRunner.setupTestEnvironment());
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  it("ends a one-hour wait only when asked to", async () => {
    const handler = withDurableExecution(async (_event: unknown, ctx) => {
      await ctx.wait("an-hour", { hours: 1 });
      return ctx.step("after", async () => "after the hour");
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const wait = runner.getOperation("an-hour");
    const running = runner.run();
    await wait.waitForData(WaitingOperationStatus.STARTED);
    expect(wait.getStatus()).toBe("STARTED");
    await runner.advanceTime({ hours: 1 });
    expect(wait.getStatus()).toBe("SUCCEEDED");
    expect((await running).getResult()).toBe("after the hour");
  });
});
