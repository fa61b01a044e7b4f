/**
 * Config and callback types of the single-operation methods: step, runInChildContext,
 * createCallback / waitForCallback, waitForCondition and invoke.
 */
import type { AnswerSchemaInput } from "../utils/answer-schema-zod";
import type { Serdes } from "../utils/serdes";
import type { DurableOperationError } from "../errors/durable-operation-error";
import type { Duration, RetryDecision, StepSemantics } from "./api-core";
import type { DurableLogger, StepContext, WaitForCallbackContext, WaitForConditionContext } from "./api-logger";
import type { DurableContext } from "./durable-context";
import type { DurablePromise } from "./durable-promise";

/** Options of `context.step`. */
export interface StepConfig<T> {
  /** Decides after each failed attempt; `attemptCount` is the 1-based attempt that just failed. */
  retryStrategy?: (error: Error, attemptCount: number) => RetryDecision;
  /** Default AT_LEAST_ONCE_PER_RETRY. */
  semantics?: StepSemantics;
  /** How the result is stored; default JSON. */
  serdes?: Serdes<T>;
}

/** A step body: one atomic piece of work, no durable operations inside. */
export type StepFunc<T, Logger extends DurableLogger = DurableLogger> = (context: StepContext<Logger>) => Promise<T>;

/** Options of `context.runInChildContext`. */
export interface ChildConfig<T> {
  serdes?: Serdes<T>;
  /** SubType recorded on the CONTEXT operation (map/parallel use their own). */
  subType?: string;
  /** Payload stored instead of the result when the result is too large to checkpoint. */
  summaryGenerator?: (result: T) => string;
  /** Turns the child's failure into another DurableOperationError. */
  errorMapper?: (originalError: DurableOperationError) => DurableOperationError;
  /** No CONTEXT operation is written; children are parented to the nearest real ancestor. */
  virtualContext?: boolean;
}

/** The body of a child context: may run any durable operations on `context`. */
export type ChildFunc<T, Logger extends DurableLogger = DurableLogger> = (context: DurableContext<Logger>) => Promise<T>;

/** Options of `context.invoke`. */
export interface InvokeConfig<I, O> {
  payloadSerdes?: Serdes<I>;
  resultSerdes?: Serdes<O>;
  /** Tenant of a tenant-isolated target function. */
  tenantId?: string;
}

/** Options of `context.createCallback`. */
export interface CreateCallbackConfig<TOutput = string> {
  /** How long the external party has to complete the callback. */
  timeout?: Duration;
  /** Maximum gap between heartbeats before the callback times out. */
  heartbeatTimeout?: Duration;
  /** Only `deserialize` is used; the default is pass-through (the raw string). */
  serdes?: Omit<Serdes<TOutput>, "serialize">;
  /**
   * durable-console extension (the official SDK ignores it): the answer's shape, as a JSON Schema
   * or a zod schema. The console renders a form from it, and every answer (console, CLI, HTTP
   * APIs) is validated against it: an invalid one is refused and the callback stays pending.
   */
  answerSchema?: AnswerSchemaInput;
}

/** Options of `context.waitForCallback`. */
export interface WaitForCallbackConfig<TOutput = string> {
  timeout?: Duration;
  heartbeatTimeout?: Duration;
  /** As on createCallback: the answer's shape (a durable-console extension). */
  answerSchema?: AnswerSchemaInput;
  /** Retry strategy of the submitter step. */
  retryStrategy?: (error: Error, attemptCount: number) => RetryDecision;
  serdes?: Omit<Serdes<TOutput>, "serialize">;
}

/** `[promise of the callback's result, callbackId]`. */
export type CreateCallbackResult<T = string> = [DurablePromise<T>, string];

/** Hands the callback id to the outside world (email, queue, ticket...). */
export type WaitForCallbackSubmitterFunc<TLogger extends DurableLogger = DurableLogger> = (
  callbackId: string,
  context: WaitForCallbackContext<TLogger>,
) => Promise<void>;

/** One poll of `waitForCondition`: receives the current state, returns the next. */
export type WaitForConditionCheckFunc<T, Logger extends DurableLogger = DurableLogger> = (
  state: T,
  context: WaitForConditionContext<Logger>,
) => Promise<T>;

/** Whether to poll again and after how long. */
export type WaitForConditionDecision = { shouldContinue: true; delay: Duration } | { shouldContinue: false };

/** Called after each check with the new state and the 1-based attempt number. */
export type WaitForConditionWaitStrategyFunc<T> = (state: T, attempt: number) => WaitForConditionDecision;

/** Options of `context.waitForCondition` (both `waitStrategy` and `initialState` are required). */
export interface WaitForConditionConfig<T> {
  waitStrategy: WaitForConditionWaitStrategyFunc<T>;
  initialState: T;
  serdes?: Serdes<T>;
}
