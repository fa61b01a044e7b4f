/**
 * The public types must accept code written for the official SDK unchanged. Most assertions
 * here are compile-time (checked by `tsc`); the runtime ones pin the enum-like values.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  BatchItemStatus,
  CompletionOutcome,
  DurableLogLevel,
  InvocationStatus,
  JitterStrategy,
  NestingType,
  OperationSubType,
  StepSemantics,
  type BatchResult,
  type CompletionConfig,
  type Duration,
  type RetryDecision,
  type StepConfig,
  type WaitForConditionConfig,
  type WaitForConditionDecision,
} from "../../sdk/types/api";
import { createRetryStrategy, retryPresets } from "../../sdk/utils/retry";
import { createWaitStrategy } from "../../sdk/utils/wait-strategy";
import { completeBatch, continueBatch } from "../../sdk/batch";

describe("public enum-like values match the official SDK", () => {
  it("string values", () => {
    expect(StepSemantics.AtMostOncePerRetry).toBe("AT_MOST_ONCE_PER_RETRY");
    expect(StepSemantics.AtLeastOncePerRetry).toBe("AT_LEAST_ONCE_PER_RETRY");
    expect(StepSemantics.AT_MOST_ONCE_PER_RETRY).toBe("AT_MOST_ONCE_PER_RETRY");
    expect(Object.values(JitterStrategy)).toEqual(["NONE", "FULL", "HALF"]);
    expect(Object.values(NestingType)).toEqual(["NESTED", "FLAT"]);
    expect(Object.values(BatchItemStatus)).toEqual(["SUCCEEDED", "FAILED", "STARTED"]);
    expect(Object.values(CompletionOutcome)).toEqual(["SUCCEEDED", "FAILED"]);
    expect(Object.values(DurableLogLevel)).toEqual(["INFO", "WARN", "ERROR", "DEBUG"]);
    expect(Object.values(InvocationStatus)).toEqual(["SUCCEEDED", "FAILED", "PENDING"]);
    expect(OperationSubType.WaitForCondition).toBe("WaitForCondition");
  });

  it("enum members work in type positions too", () => {
    const started: BatchItemStatus.STARTED = BatchItemStatus.STARTED;
    const semantics: StepSemantics = StepSemantics.AtMostOncePerRetry;
    expectTypeOf(started).toEqualTypeOf<"STARTED">();
    expectTypeOf<BatchResult<number>["status"]>().toEqualTypeOf<"SUCCEEDED" | "FAILED">();
    expect(semantics).toBe("AT_MOST_ONCE_PER_RETRY");
  });
});

describe("official-style configs type-check", () => {
  it("step config with a preset or a custom strategy", () => {
    const custom: StepConfig<number> = {
      retryStrategy: (error, attempt): RetryDecision =>
        attempt < 3 && error.message.includes("x") ? { shouldRetry: true, delay: { seconds: 2 } } : { shouldRetry: false },
      semantics: StepSemantics.AtLeastOncePerRetry,
    };
    const preset: StepConfig<string> = { retryStrategy: retryPresets.default };
    const built: StepConfig<string> = { retryStrategy: createRetryStrategy({ maxAttempts: 5, jitter: JitterStrategy.HALF }) };
    expect([custom, preset, built].every((config) => typeof config.retryStrategy === "function")).toBe(true);
  });

  it("durations need at least one unit", () => {
    const ok: Duration[] = [{ seconds: 1 }, { minutes: 1, seconds: 5 }, { hours: 2 }, { days: 1, hours: 1 }];
    // @ts-expect-error an empty duration is not a Duration
    const empty: Duration = {};
    expect(ok.length + Object.keys(empty).length).toBe(4);
  });

  it("completion configs: thresholds or a predicate, never both", () => {
    const thresholds: CompletionConfig = { minSuccessful: 2, toleratedFailurePercentage: 10 };
    const custom: CompletionConfig = {
      shouldComplete: (status) => (status.items[0]?.status === BatchItemStatus.SUCCEEDED ? completeBatch() : continueBatch()),
    };
    // @ts-expect-error shouldComplete cannot be combined with thresholds
    const both: CompletionConfig = { minSuccessful: 1, shouldComplete: () => continueBatch() };
    expect([thresholds, custom, both]).toHaveLength(3);
  });

  it("waitForCondition config with createWaitStrategy", () => {
    const config: WaitForConditionConfig<{ ready: boolean }> = {
      initialState: { ready: false },
      waitStrategy: createWaitStrategy({ shouldContinuePolling: (state) => !state.ready, maxAttempts: 10 }),
    };
    const decision: WaitForConditionDecision = config.waitStrategy({ ready: true }, 1);
    expect(decision).toEqual({ shouldContinue: false });
  });
});
