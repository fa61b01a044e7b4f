import { afterEach, describe, expect, it, vi } from "vitest";
import { createWaitStrategy } from "../../sdk/utils/wait-strategy";
import { JitterStrategy, type WaitForConditionWaitStrategyFunc } from "../../sdk/types/api";

afterEach(() => vi.restoreAllMocks());

interface Job {
  status: "RUNNING" | "DONE";
}
const running: Job = { status: "RUNNING" };
const done: Job = { status: "DONE" };
const stillRunning = (job: Job) => job.status === "RUNNING";

describe("createWaitStrategy", () => {
  it("stops as soon as the condition is met, whatever the attempt", () => {
    const strategy = createWaitStrategy({ shouldContinuePolling: stillRunning });
    expect(strategy(done, 1)).toEqual({ shouldContinue: false });
    expect(strategy(done, 60)).toEqual({ shouldContinue: false });
  });

  it("defaults: 5 s initial, x1.5, capped at 300 s", () => {
    const strategy = createWaitStrategy({ shouldContinuePolling: stillRunning, jitter: JitterStrategy.NONE });
    const seconds = [1, 2, 3, 4, 20].map((attempt) => {
      const decision = strategy(running, attempt);
      return decision.shouldContinue ? decision.delay : undefined;
    });
    // 5, 7.5 -> 8, 11.25 -> 11, 16.875 -> 17, 5 x 1.5^19 capped at 300
    expect(seconds).toEqual([{ seconds: 5 }, { seconds: 8 }, { seconds: 11 }, { seconds: 17 }, { seconds: 300 }]);
  });

  it("applies FULL jitter by default, never below 1 s", () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const strategy = createWaitStrategy({ shouldContinuePolling: stillRunning, initialDelay: { seconds: 10 } });
    expect(strategy(running, 1)).toEqual({ shouldContinue: true, delay: { seconds: 5 } });
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect(strategy(running, 1)).toEqual({ shouldContinue: true, delay: { seconds: 1 } });
  });

  it("throws the official message once maxAttempts checks ran and the condition still holds", () => {
    const strategy = createWaitStrategy({ shouldContinuePolling: stillRunning, maxAttempts: 3, jitter: JitterStrategy.NONE });
    expect(strategy(running, 2).shouldContinue).toBe(true);
    expect(() => strategy(running, 3)).toThrow(new Error("waitForCondition exceeded maximum attempts (3)"));
    expect(strategy(done, 3)).toEqual({ shouldContinue: false });
  });

  it("default maxAttempts is 60", () => {
    const strategy = createWaitStrategy({ shouldContinuePolling: stillRunning });
    expect(strategy(running, 59).shouldContinue).toBe(true);
    expect(() => strategy(running, 60)).toThrow("waitForCondition exceeded maximum attempts (60)");
  });

  it("timeoutSeconds bounds the total scheduled delay", () => {
    const strategy = createWaitStrategy({
      shouldContinuePolling: stillRunning,
      initialDelay: { seconds: 10 },
      backoffRate: 1,
      jitter: JitterStrategy.NONE,
      timeoutSeconds: 30,
    });
    expect(strategy(running, 3)).toEqual({ shouldContinue: true, delay: { seconds: 10 } }); // 30 s scheduled
    expect(() => strategy(running, 4)).toThrow("waitForCondition exceeded timeout (30 seconds)");
  });

  it("is a WaitForConditionWaitStrategyFunc and validates its config", () => {
    const strategy: WaitForConditionWaitStrategyFunc<Job> = createWaitStrategy({ shouldContinuePolling: stillRunning });
    expect(typeof strategy).toBe("function");
    expect(() => createWaitStrategy({} as never)).toThrow(/shouldContinuePolling must be a function/);
    expect(() => createWaitStrategy({ shouldContinuePolling: stillRunning, maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => createWaitStrategy({ shouldContinuePolling: stillRunning, maxDelay: { minutes: 1.5 } })).toThrow(
      /"minutes" must be a whole number/,
    );
  });
});
