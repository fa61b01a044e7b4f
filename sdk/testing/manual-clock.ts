import type { Clock } from "../runtime/clock";

/** A clock the test runner moves by hand: with skipTime, hours of waiting take no time at all. */
export class ManualClock implements Clock {
  constructor(private current: number = Date.now()) {}

  now(): number {
    return this.current;
  }

  advanceTo(epochMs: number): void {
    if (epochMs > this.current) this.current = epochMs;
  }
}
