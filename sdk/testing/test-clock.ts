import type { Clock } from "../runtime/clock";

/**
 * The test runner's clock: real time plus the time skipped so far. It flows like the wall clock,
 * so a callback timeout the runner does not skip still comes due in real time, and `skip` jumps
 * it forward, so hours of waiting take no time at all.
 */
export class TestClock implements Clock {
  #skippedMs = 0;

  now(): number {
    return Date.now() + this.#skippedMs;
  }

  /** Moves the clock `ms` forward (a negative or zero span changes nothing). */
  skip(ms: number): void {
    if (ms > 0) this.#skippedMs += ms;
  }

  /** How far ahead of the wall clock this clock runs. */
  get skippedMs(): number {
    return this.#skippedMs;
  }
}
