/** Delay jitter shared by retry strategies and wait strategies. */
import { JitterStrategy } from "../types/api-core";

/**
 * Applies `strategy` to a delay in seconds: NONE keeps it, FULL draws uniformly from
 * [0, delay], HALF from [delay/2, delay]. `random` is injectable for tests (default Math.random,
 * looked up at call time so spies work). An unknown strategy keeps the delay.
 */
export function applyJitter(seconds: number, strategy: JitterStrategy, random: () => number = Math.random): number {
  switch (strategy) {
    case JitterStrategy.FULL:
      return random() * seconds;
    case JitterStrategy.HALF:
      return seconds / 2 + random() * (seconds / 2);
    case JitterStrategy.NONE:
    default:
      return seconds;
  }
}

/** Jitters a (capped) base delay and rounds it to whole seconds, never below 1 s. */
export function finalizeDelaySeconds(baseSeconds: number, strategy: JitterStrategy, random?: () => number): number {
  return Math.max(1, Math.round(applyJitter(baseSeconds, strategy, random)));
}

export function assertJitterStrategy(strategy: unknown, where: string): asserts strategy is JitterStrategy {
  if (strategy !== JitterStrategy.NONE && strategy !== JitterStrategy.FULL && strategy !== JitterStrategy.HALF) {
    throw new TypeError(`${where}: jitter must be one of NONE, FULL, HALF, got ${String(strategy)}`);
  }
}
