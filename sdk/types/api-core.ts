/**
 * Core public types shared by every durable operation: durations, retry decisions, step
 * semantics and jitter. Names, members and string values mirror `@aws/durable-execution-sdk-js`
 * 2.x so handlers written for it compile against ours by changing the import.
 *
 * The official SDK uses TypeScript enums; we use `as const` objects (the team convention, see
 * wire.ts) plus a merged type-only namespace per enum, so both `StepSemantics.AtMostOncePerRetry`
 * as a value and `BatchItemStatus.STARTED` as a type keep working.
 */
export { InvocationStatus, OperationSubType } from "./wire";

/**
 * A span of time: at least one unit, whole non-negative numbers. Converted to total seconds by
 * `durationToSeconds` (sdk/utils/duration), which rejects anything else with a clear error.
 */
export type Duration =
  | { days: number; hours?: number; minutes?: number; seconds?: number }
  | { hours: number; minutes?: number; seconds?: number }
  | { minutes: number; seconds?: number }
  | { seconds: number };

/** What a retry strategy answers after a failed attempt. `delay` defaults to 1 second. */
export interface RetryDecision {
  shouldRetry: boolean;
  delay?: Duration;
}

/**
 * A retry strategy. `attemptsMade` is the 1-based number of the attempt that just failed
 * (so it equals how many attempts have been made, counting the failed one): with
 * `maxAttempts: 3` the strategy retries after attempts 1 and 2 and gives up after attempt 3.
 */
export type RetryStrategy = (error: Error, attemptsMade: number) => RetryDecision;

/**
 * How a step's body is checkpointed. The guarantee is per retry attempt: combine
 * AT_MOST_ONCE_PER_RETRY with a no-retry strategy for a true at-most-once step.
 */
export const StepSemantics = {
  /** START is persisted before the body runs; an interrupted attempt is not re-run. */
  AtMostOncePerRetry: "AT_MOST_ONCE_PER_RETRY",
  /** Default: the body may run again if the sandbox dies before SUCCEED is persisted. */
  AtLeastOncePerRetry: "AT_LEAST_ONCE_PER_RETRY",
  /** Alias of AtMostOncePerRetry, spelled like the wire value. */
  AT_MOST_ONCE_PER_RETRY: "AT_MOST_ONCE_PER_RETRY",
  /** Alias of AtLeastOncePerRetry, spelled like the wire value. */
  AT_LEAST_ONCE_PER_RETRY: "AT_LEAST_ONCE_PER_RETRY",
} as const;
export type StepSemantics = (typeof StepSemantics)[keyof typeof StepSemantics];
export declare namespace StepSemantics {
  type AtMostOncePerRetry = typeof StepSemantics.AtMostOncePerRetry;
  type AtLeastOncePerRetry = typeof StepSemantics.AtLeastOncePerRetry;
  type AT_MOST_ONCE_PER_RETRY = typeof StepSemantics.AT_MOST_ONCE_PER_RETRY;
  type AT_LEAST_ONCE_PER_RETRY = typeof StepSemantics.AT_LEAST_ONCE_PER_RETRY;
}

/** Randomisation of retry / polling delays, so many failing executions do not retry in lockstep. */
export const JitterStrategy = {
  /** Exact computed delay. */
  NONE: "NONE",
  /** Uniform in [0, delay]. */
  FULL: "FULL",
  /** Uniform in [delay / 2, delay]. */
  HALF: "HALF",
} as const;
export type JitterStrategy = (typeof JitterStrategy)[keyof typeof JitterStrategy];
export declare namespace JitterStrategy {
  type NONE = typeof JitterStrategy.NONE;
  type FULL = typeof JitterStrategy.FULL;
  type HALF = typeof JitterStrategy.HALF;
}
