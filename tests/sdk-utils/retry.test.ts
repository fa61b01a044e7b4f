import { afterEach, describe, expect, it, vi } from "vitest";
import {
  applyJitter,
  createLinearRetryStrategy,
  createRetryStrategy,
  retryPresets,
  type RetryStrategy,
} from "../../sdk/utils/retry";
import { JitterStrategy } from "../../sdk/types/api";
import { InvalidDurationError } from "../../sdk/utils/duration";

/** Delays (seconds) the strategy asks for after attempts 1..n, or "stop". */
function delays(strategy: RetryStrategy, attempts: number, error: Error = new Error("boom")): Array<number | "stop"> {
  const out: Array<number | "stop"> = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const decision = strategy(error, attempt);
    out.push(decision.shouldRetry ? ((decision.delay as { seconds: number }).seconds ?? Number.NaN) : "stop");
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe("applyJitter", () => {
  it("NONE keeps the delay, FULL scales by random, HALF maps random into [d/2, d]", () => {
    expect(applyJitter(10, JitterStrategy.NONE, () => 0.3)).toBe(10);
    expect(applyJitter(10, JitterStrategy.FULL, () => 0.3)).toBeCloseTo(3);
    expect(applyJitter(10, JitterStrategy.FULL, () => 0)).toBe(0);
    expect(applyJitter(10, JitterStrategy.HALF, () => 0)).toBe(5);
    expect(applyJitter(10, JitterStrategy.HALF, () => 0.5)).toBeCloseTo(7.5);
  });

  it("uses Math.random by default, looked up at call time", () => {
    vi.spyOn(Math, "random").mockReturnValue(0.25);
    expect(applyJitter(8, JitterStrategy.FULL)).toBe(2);
  });
});

describe("createRetryStrategy", () => {
  it("defaults: 3 attempts, 5 s initial, x2 backoff (no jitter to see the base)", () => {
    expect(delays(createRetryStrategy({ jitter: JitterStrategy.NONE }), 4)).toEqual([5, 10, "stop", "stop"]);
  });

  it("attemptsMade is the 1-based attempt that just failed; 0 is treated like the first", () => {
    const strategy = createRetryStrategy({ maxAttempts: 2, jitter: JitterStrategy.NONE });
    expect(strategy(new Error("x"), 0)).toEqual({ shouldRetry: true, delay: { seconds: 5 } });
    expect(strategy(new Error("x"), 1)).toEqual({ shouldRetry: true, delay: { seconds: 5 } });
    expect(strategy(new Error("x"), 2)).toEqual({ shouldRetry: false });
  });

  it("default FULL jitter with a fixed random rounds to whole seconds", () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    // 5 x 0.5 = 2.5 -> 3; 10 x 0.5 = 5
    expect(delays(createRetryStrategy(), 3)).toEqual([3, 5, "stop"]);
  });

  it("never asks for less than 1 second", () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect(delays(createRetryStrategy({ maxAttempts: 3 }), 2)).toEqual([1, 1]);
  });

  it("HALF jitter stays within [base/2, base]", () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect(delays(createRetryStrategy({ jitter: JitterStrategy.HALF, initialDelay: { seconds: 8 } }), 2)).toEqual([4, 8]);
  });

  it("caps the pre-jitter delay at maxDelay", () => {
    const strategy = createRetryStrategy({
      maxAttempts: 7,
      initialDelay: { seconds: 5 },
      maxDelay: { seconds: 30 },
      jitter: JitterStrategy.NONE,
    });
    expect(delays(strategy, 7)).toEqual([5, 10, 20, 30, 30, 30, "stop"]);
  });

  it("supports other units and rates", () => {
    const strategy = createRetryStrategy({
      maxAttempts: 4,
      initialDelay: { minutes: 1 },
      backoffRate: 3,
      maxDelay: { hours: 1 },
      jitter: JitterStrategy.NONE,
    });
    expect(delays(strategy, 4)).toEqual([60, 180, 540, "stop"]);
  });

  it("an option explicitly set to undefined falls back to its default", () => {
    expect(delays(createRetryStrategy({ maxAttempts: undefined, jitter: JitterStrategy.NONE }), 3)).toEqual([5, 10, "stop"]);
  });

  describe("error filters", () => {
    class TimeoutError extends Error {}
    class ThrottleError extends TimeoutError {}
    const base = { maxAttempts: 5, jitter: JitterStrategy.NONE } as const;

    it("without filters retries every error", () => {
      expect(createRetryStrategy(base)(new TypeError("anything"), 1).shouldRetry).toBe(true);
    });

    it("string patterns match by substring, RegExp by test", () => {
      const strategy = createRetryStrategy({ ...base, retryableErrors: ["timeout", /rate.?limit/i] });
      expect(strategy(new Error("connection timeout"), 1).shouldRetry).toBe(true);
      expect(strategy(new Error("Rate Limit hit"), 1).shouldRetry).toBe(true);
      expect(strategy(new Error("bad input"), 1).shouldRetry).toBe(false);
      expect(strategy(new Error("Timeout"), 1).shouldRetry).toBe(false); // strings are case-sensitive
    });

    it("a global RegExp gives the same answer every time", () => {
      const strategy = createRetryStrategy({ ...base, retryableErrors: [/fail/g] });
      expect(strategy(new Error("fail"), 1).shouldRetry).toBe(true);
      expect(strategy(new Error("fail"), 2).shouldRetry).toBe(true);
      expect(strategy(new Error("fail"), 3).shouldRetry).toBe(true);
    });

    it("error classes match with instanceof, subclasses included", () => {
      const strategy = createRetryStrategy({ ...base, retryableErrorTypes: [TimeoutError] });
      expect(strategy(new TimeoutError("t"), 1).shouldRetry).toBe(true);
      expect(strategy(new ThrottleError("t"), 1).shouldRetry).toBe(true);
      expect(strategy(new Error("timeout"), 1).shouldRetry).toBe(false);
    });

    it("patterns and classes are OR'ed", () => {
      const strategy = createRetryStrategy({ ...base, retryableErrorTypes: [TimeoutError], retryableErrors: [/network/] });
      expect(strategy(new TimeoutError("x"), 1).shouldRetry).toBe(true);
      expect(strategy(new Error("network down"), 1).shouldRetry).toBe(true);
      expect(strategy(new Error("disk full"), 1).shouldRetry).toBe(false);
    });

    it("an empty filter list retries nothing", () => {
      expect(createRetryStrategy({ ...base, retryableErrors: [] })(new Error("x"), 1).shouldRetry).toBe(false);
    });

    it("maxAttempts still applies to retryable errors", () => {
      const strategy = createRetryStrategy({ ...base, maxAttempts: 2, retryableErrors: ["x"] });
      expect(strategy(new Error("x"), 2).shouldRetry).toBe(false);
    });

    it("tolerates a non-Error value handed in by JS code", () => {
      const strategy = createRetryStrategy({ ...base, retryableErrors: ["oops"] });
      expect(strategy("oops" as unknown as Error, 1).shouldRetry).toBe(true);
    });
  });

  it("rejects a bad config when the strategy is created", () => {
    expect(() => createRetryStrategy({ maxAttempts: 0 })).toThrow(/maxAttempts must be a whole number >= 1/);
    expect(() => createRetryStrategy({ maxAttempts: 2.5 })).toThrow(/maxAttempts/);
    expect(() => createRetryStrategy({ backoffRate: 0 })).toThrow(/backoffRate must be a finite number > 0/);
    expect(() => createRetryStrategy({ initialDelay: { seconds: -1 } })).toThrow(InvalidDurationError);
    expect(() => createRetryStrategy({ jitter: "SOME" as JitterStrategy })).toThrow(/jitter must be one of NONE, FULL, HALF/);
    expect(delays(createRetryStrategy({ maxAttempts: Infinity, jitter: JitterStrategy.NONE }), 3)).toEqual([5, 10, 20]);
  });
});

describe("createLinearRetryStrategy", () => {
  it("defaults: 6 attempts, 1 s + 1 s per retry", () => {
    expect(delays(createLinearRetryStrategy({ jitter: JitterStrategy.NONE }), 7)).toEqual([1, 2, 3, 4, 5, "stop", "stop"]);
  });

  it("custom initial delay, increment and cap", () => {
    const strategy = createLinearRetryStrategy({
      maxAttempts: 6,
      initialDelay: { seconds: 2 },
      increment: { seconds: 3 },
      maxDelay: { seconds: 10 },
      jitter: JitterStrategy.NONE,
    });
    expect(delays(strategy, 6)).toEqual([2, 5, 8, 10, 10, "stop"]);
  });

  it("applies jitter (default FULL) and the same filters", () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const strategy = createLinearRetryStrategy({ initialDelay: { seconds: 10 }, retryableErrors: ["retry me"] });
    expect(strategy(new Error("please retry me"), 1)).toEqual({ shouldRetry: true, delay: { seconds: 5 } });
    expect(strategy(new Error("no"), 1)).toEqual({ shouldRetry: false });
  });
});

describe("retryPresets", () => {
  it("default: 6 attempts, 5/10/20/40/60 s before FULL jitter", () => {
    vi.spyOn(Math, "random").mockReturnValue(0.9999);
    expect(delays(retryPresets.default, 7)).toEqual([5, 10, 20, 40, 60, "stop", "stop"]);
    vi.spyOn(Math, "random").mockReturnValue(0.1);
    expect(delays(retryPresets.default, 2)).toEqual([1, 1]);
  });

  it("linear: exactly 1..5 s, no jitter", () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect(delays(retryPresets.linear, 6)).toEqual([1, 2, 3, 4, 5, "stop"]);
  });

  it("noRetry: fails on the first error", () => {
    expect(retryPresets.noRetry(new Error("x"), 1)).toEqual({ shouldRetry: false });
  });
});
