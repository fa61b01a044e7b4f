/**
 * Polling strategy for waitForCondition: exponential backoff between checks until
 * `shouldContinuePolling(state)` is false.
 */
import { JitterStrategy, type Duration } from "../types/api-core";
import type { WaitForConditionDecision } from "../types/api-operations";
import { durationToSeconds } from "./duration";
import { assertJitterStrategy, finalizeDelaySeconds } from "./jitter";

export interface WaitStrategyConfig<T> {
  /** Total checks allowed. Default 60. */
  maxAttempts?: number;
  /** Delay after the first check. Default 5 s. */
  initialDelay?: Duration;
  /** Cap on the (pre-jitter) delay. Default 300 s. */
  maxDelay?: Duration;
  /** Multiplier per poll. Default 1.5. */
  backoffRate?: number;
  /** Default FULL. */
  jitter?: JitterStrategy;
  /** True while the condition is not met yet. */
  shouldContinuePolling: (result: T) => boolean;
  /**
   * Polling budget in seconds. The strategy only sees the state and the attempt number, not the
   * clock, so this bounds the sum of the scheduled (pre-jitter) delays, which is deterministic.
   * (The official SDK declares this option but ignores it.)
   */
  timeoutSeconds?: number;
}

/**
 * Builds a waitStrategy. `attemptsMade` is the 1-based number of the check that just ran.
 * When the condition still holds after `maxAttempts` checks it throws
 * `Error("waitForCondition exceeded maximum attempts (N)")` (the official message), which the
 * engine records as the waitForCondition's failure.
 */
export function createWaitStrategy<T>(
  config: WaitStrategyConfig<T>,
): (result: T, attemptsMade: number) => WaitForConditionDecision {
  if (typeof config?.shouldContinuePolling !== "function") {
    throw new TypeError("createWaitStrategy: shouldContinuePolling must be a function");
  }
  const maxAttempts = config.maxAttempts ?? 60;
  if (typeof maxAttempts !== "number" || Number.isNaN(maxAttempts) || maxAttempts < 1) {
    throw new TypeError(`createWaitStrategy: maxAttempts must be >= 1, got ${String(maxAttempts)}`);
  }
  const initialSeconds = durationToSeconds(config.initialDelay ?? { seconds: 5 });
  const maxSeconds = durationToSeconds(config.maxDelay ?? { seconds: 300 });
  const backoffRate = config.backoffRate ?? 1.5;
  if (typeof backoffRate !== "number" || !Number.isFinite(backoffRate) || backoffRate <= 0) {
    throw new TypeError(`createWaitStrategy: backoffRate must be a finite number > 0, got ${String(backoffRate)}`);
  }
  const jitter = config.jitter ?? JitterStrategy.FULL;
  assertJitterStrategy(jitter, "createWaitStrategy");
  const timeoutSeconds = config.timeoutSeconds;
  const baseDelay = (attempt: number) => Math.min(initialSeconds * backoffRate ** Math.max(0, attempt - 1), maxSeconds);

  return (result, attemptsMade) => {
    if (!config.shouldContinuePolling(result)) return { shouldContinue: false };
    if (attemptsMade >= maxAttempts) {
      throw new Error(`waitForCondition exceeded maximum attempts (${maxAttempts})`);
    }
    const base = baseDelay(attemptsMade);
    if (timeoutSeconds !== undefined) {
      let scheduled = base;
      for (let attempt = 1; attempt < attemptsMade; attempt++) scheduled += baseDelay(attempt);
      if (scheduled > timeoutSeconds) {
        throw new Error(`waitForCondition exceeded timeout (${timeoutSeconds} seconds)`);
      }
    }
    return { shouldContinue: true, delay: { seconds: finalizeDelaySeconds(base, jitter) } };
  };
}
