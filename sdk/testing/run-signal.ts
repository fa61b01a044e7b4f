/**
 * How a run of the test runner waits between rounds (drain the worker, refresh the handles) and
 * who may cut the wait short: an answer from test code (a callback answered) or a request to
 * move time (`advanceTime`). It also tells such a request when a round that started after it
 * has finished, so `await runner.advanceTime(...)` returns with what came due already run.
 */
export class RunSignal {
  #woken = false;
  #onWake?: () => void;
  /** advanceTime calls waiting for a round that starts after them. */
  #waiting: Array<() => void> = [];
  /** Those the round in progress will answer. */
  #inRound: Array<() => void> = [];

  /** Something changed from outside: the next wait returns at once. */
  wake(): void {
    this.#woken = true;
    this.#onWake?.();
  }

  /** A round starts: earlier wakes are seen by it, and it will answer the requests made so far. */
  beginRound(): void {
    this.#woken = false;
    this.#inRound.push(...this.#waiting);
    this.#waiting = [];
  }

  /** The round finished (the handles show its outcome). */
  endRound(): void {
    for (const resolve of this.#inRound.splice(0)) resolve();
  }

  /** Resolves after the next round that starts from now on has finished (or the run ended). */
  nextRound(): Promise<void> {
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** The run is over: nobody waits for another round. */
  close(): void {
    this.endRound();
    for (const resolve of this.#waiting.splice(0)) resolve();
  }

  /**
   * Gives the event loop a few turns, so test code can react to what the last round showed (answer
   * a callback) before time moves on. True when something woke the runner meanwhile.
   */
  quiet(turns: number): Promise<boolean> {
    return this.#waitUntil((done) => {
      let remaining = turns;
      const turn = () => {
        if (remaining-- <= 0) return done(false);
        setTimeout(turn, 0);
      };
      setImmediate(turn);
    });
  }

  /** Waits `ms` of real time, or less when something wakes the runner. */
  idle(ms: number): Promise<void> {
    return this.#waitUntil((done) => {
      const timer = setTimeout(() => done(false), Math.max(0, ms));
      return () => clearTimeout(timer);
    }).then(() => undefined);
  }

  #waitUntil(start: (done: (woken: boolean) => void) => (() => void) | void): Promise<boolean> {
    if (this.#woken) return Promise.resolve(true);
    return new Promise((resolve) => {
      let settled = false;
      let cancel: (() => void) | void;
      const done = (woken: boolean) => {
        if (settled) return;
        settled = true;
        this.#onWake = undefined;
        cancel?.();
        resolve(woken);
      };
      this.#onWake = () => done(true);
      cancel = start(done);
    });
  }
}
