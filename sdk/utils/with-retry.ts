/**
 * withRetry: retry a block of durable logic (several steps, a callback, an invoke...), not just
 * one step. The official SDK's helper of the same name and shape: each attempt runs the block
 * again from its start, with durable waits as the backoff between attempts, and by default the
 * whole loop lives in a child context so its attempts group under one operation.
 */
import type { DurableContext } from "../types/durable-context";
import type { ChildConfig, RetryDecision } from "../types/api";

export interface WithRetryConfig<T> {
  /** Decides after each failed attempt (1-based), like StepConfig.retryStrategy. */
  retryStrategy: (error: Error, attemptCount: number) => RetryDecision;
  /**
   * Run the loop in `runInChildContext` (default true). Then a final failure is a
   * ChildContextError with the attempt's error as its cause; without, the error itself.
   */
  wrapWithRunInChildContext?: boolean;
  /** Passed to the wrapping runInChildContext (ignored when not wrapping). */
  childContextConfig?: ChildConfig<T>;
}

/** One attempt: gets the context to use (the child context when wrapped) and the attempt number. */
export type RetryableFunc<T> = (context: DurableContext, attempt: number) => Promise<T>;

export function withRetry<T>(context: DurableContext, name: string, func: RetryableFunc<T>, config: WithRetryConfig<T>): Promise<T>;
export function withRetry<T>(context: DurableContext, func: RetryableFunc<T>, config: WithRetryConfig<T>): Promise<T>;
export async function withRetry<T>(
  context: DurableContext,
  nameOrFunc: string | RetryableFunc<T>,
  funcOrConfig: RetryableFunc<T> | WithRetryConfig<T>,
  maybeConfig?: WithRetryConfig<T>,
): Promise<T> {
  const name = typeof nameOrFunc === "string" ? nameOrFunc : undefined;
  const func = (typeof nameOrFunc === "string" ? funcOrConfig : nameOrFunc) as RetryableFunc<T>;
  const config = (typeof nameOrFunc === "string" ? maybeConfig : funcOrConfig) as WithRetryConfig<T> | undefined;
  if (!config) throw new TypeError("withRetry: config is required");
  if (typeof func !== "function") throw new TypeError("withRetry: the function to retry is required");

  const loop = async (ctx: DurableContext): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await func(ctx, attempt);
      } catch (error) {
        const decision = config.retryStrategy(error as Error, attempt);
        if (!decision.shouldRetry) throw error;
        const delay = decision.delay ?? { seconds: 1 };
        // The backoff is a durable wait, named after the loop when it has a name.
        if (name) await ctx.wait(`${name}-backoff-${attempt}`, delay);
        else await ctx.wait(delay);
      }
    }
  };

  if (config.wrapWithRunInChildContext === false) return loop(context);
  return name ? context.runInChildContext(name, loop, config.childContextConfig) : context.runInChildContext(loop, config.childContextConfig);
}
