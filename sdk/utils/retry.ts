/**
 * Retry strategies for steps (and waitForCallback submitters): exponential and linear backoff
 * with jitter and error filters, plus the presets. Same defaults as the official SDK.
 *
 * A strategy is `(error, attemptsMade) => RetryDecision`, where `attemptsMade` is the 1-based
 * number of the attempt that just failed (= attempts made so far, counting it). It retries while
 * `attemptsMade < maxAttempts`, so maxAttempts counts the first attempt too.
 */
import { JitterStrategy, type Duration, type RetryDecision, type RetryStrategy } from "../types/api-core";
import { durationToSeconds } from "./duration";
import { assertJitterStrategy, finalizeDelaySeconds } from "./jitter";

export { applyJitter, finalizeDelaySeconds } from "./jitter";
export { JitterStrategy } from "../types/api-core";
export type { RetryStrategy } from "../types/api-core";

/** Filters shared by both strategies. With neither set, every error is retried; with both, OR. */
interface RetryFilterConfig {
  /** Message patterns: a string matches by `includes`, a RegExp by `test`. */
  retryableErrors?: (string | RegExp)[];
  /** Error classes matched with `instanceof`. */
  retryableErrorTypes?: (new () => Error)[];
}

export interface RetryStrategyConfig extends RetryFilterConfig {
  /** Total attempts including the first. Default 3. */
  maxAttempts?: number;
  /** Delay before the first retry. Default 5 s. */
  initialDelay?: Duration;
  /** Cap on the (pre-jitter) delay. Default 5 min. */
  maxDelay?: Duration;
  /** Multiplier per retry. Default 2. */
  backoffRate?: number;
  /** Default FULL. */
  jitter?: JitterStrategy;
}

export interface LinearRetryStrategyConfig extends RetryFilterConfig {
  /** Total attempts including the first. Default 6. */
  maxAttempts?: number;
  /** Delay before the first retry. Default 1 s. */
  initialDelay?: Duration;
  /** Added per further retry. Default 1 s. */
  increment?: Duration;
  /** Cap on the (pre-jitter) delay. Default 5 min. */
  maxDelay?: Duration;
  /** Default FULL. */
  jitter?: JitterStrategy;
}

/**
 * Exponential backoff: delay = initialDelay x backoffRate^(attemptsMade - 1), capped at maxDelay,
 * jittered, rounded to whole seconds, at least 1 s. Config is validated when the strategy is
 * created, so a bad config fails at definition time rather than on the first error.
 */
export function createRetryStrategy(config: RetryStrategyConfig = {}): RetryStrategy {
  const maxAttempts = validMaxAttempts(config.maxAttempts ?? 3, "createRetryStrategy");
  const initialSeconds = durationToSeconds(config.initialDelay ?? { seconds: 5 });
  const maxSeconds = durationToSeconds(config.maxDelay ?? { minutes: 5 });
  const backoffRate = config.backoffRate ?? 2;
  if (typeof backoffRate !== "number" || !Number.isFinite(backoffRate) || backoffRate <= 0) {
    throw new TypeError(`createRetryStrategy: backoffRate must be a finite number > 0, got ${String(backoffRate)}`);
  }
  const jitter = config.jitter ?? JitterStrategy.FULL;
  assertJitterStrategy(jitter, "createRetryStrategy");
  const isRetryable = createErrorFilter(config);

  return (error: Error, attemptsMade: number): RetryDecision => {
    if (attemptsMade >= maxAttempts || !isRetryable(error)) return { shouldRetry: false };
    const exponent = Math.max(0, attemptsMade - 1);
    const base = Math.min(initialSeconds * backoffRate ** exponent, maxSeconds);
    return { shouldRetry: true, delay: { seconds: finalizeDelaySeconds(base, jitter) } };
  };
}

/**
 * Linear backoff: delay = initialDelay + increment x (attemptsMade - 1), capped at maxDelay,
 * jittered, rounded to whole seconds, at least 1 s.
 */
export function createLinearRetryStrategy(config: LinearRetryStrategyConfig = {}): RetryStrategy {
  const maxAttempts = validMaxAttempts(config.maxAttempts ?? 6, "createLinearRetryStrategy");
  const initialSeconds = durationToSeconds(config.initialDelay ?? { seconds: 1 });
  const incrementSeconds = durationToSeconds(config.increment ?? { seconds: 1 });
  const maxSeconds = durationToSeconds(config.maxDelay ?? { minutes: 5 });
  const jitter = config.jitter ?? JitterStrategy.FULL;
  assertJitterStrategy(jitter, "createLinearRetryStrategy");
  const isRetryable = createErrorFilter(config);

  return (error: Error, attemptsMade: number): RetryDecision => {
    if (attemptsMade >= maxAttempts || !isRetryable(error)) return { shouldRetry: false };
    const base = Math.min(initialSeconds + incrementSeconds * Math.max(0, attemptsMade - 1), maxSeconds);
    return { shouldRetry: true, delay: { seconds: finalizeDelaySeconds(base, jitter) } };
  };
}

/** Ready-made strategies. `default` is what a step uses when it sets no retryStrategy. */
export const retryPresets = {
  /** 6 attempts; 5 s, 10 s, 20 s, 40 s, 60 s before jitter; FULL jitter. */
  default: createRetryStrategy({
    maxAttempts: 6,
    initialDelay: { seconds: 5 },
    maxDelay: { seconds: 60 },
    backoffRate: 2,
    jitter: JitterStrategy.FULL,
  }),
  /** 6 attempts; exactly 1 s, 2 s, 3 s, 4 s, 5 s. */
  linear: createLinearRetryStrategy({
    maxAttempts: 6,
    initialDelay: { seconds: 1 },
    increment: { seconds: 1 },
    jitter: JitterStrategy.NONE,
  }),
  /** A single attempt: fail on the first error. */
  noRetry: createRetryStrategy({ maxAttempts: 1 }),
};

function validMaxAttempts(value: unknown, where: string): number {
  if (typeof value !== "number" || Number.isNaN(value) || value < 1 || (!Number.isInteger(value) && value !== Infinity)) {
    throw new TypeError(`${where}: maxAttempts must be a whole number >= 1 (or Infinity), got ${String(value)}`);
  }
  return value;
}

function createErrorFilter(config: RetryFilterConfig): (error: Error) => boolean {
  const patterns = config.retryableErrors;
  const types = config.retryableErrorTypes;
  if (patterns === undefined && types === undefined) return () => true;
  return (error) => {
    const message = messageOf(error);
    const messageMatches = (patterns ?? []).some((pattern) => {
      if (typeof pattern === "string") return message.includes(pattern);
      // A /g or /y RegExp keeps lastIndex between test() calls; reset it so the answer is stable.
      pattern.lastIndex = 0;
      return pattern.test(message);
    });
    return messageMatches || (types ?? []).some((ErrorType) => error instanceof ErrorType);
  };
}

/** Engines should pass an Error, but a JS caller may hand a thrown string through. */
function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && typeof (error as { message?: unknown }).message === "string") {
    return (error as { message: string }).message;
  }
  return String(error);
}
