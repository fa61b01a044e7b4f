import type { Clock } from "../runtime/clock";

/**
 * A clock moved by hand: with skipTime the test runner moves it, so hours of waiting take no time
 * at all; runtime tests and the benchmarks move it themselves. It never goes back.
 */
export class ManualClock implements Clock {
  constructor(private current: number = Date.now()) {}

  now(): number {
    return this.current;
  }

  advanceTo(epochMs: number): void {
    if (epochMs > this.current) this.current = epochMs;
  }

  /** Moves the clock `ms` forward. */
  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }
}
