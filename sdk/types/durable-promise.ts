/**
 * The promise every durable operation returns. The operation's first phase (checkpointing its
 * start, running a step body) begins at once; awaiting the promise is what tells the engine
 * that user code now depends on it, which matters for suspension: an invocation may only end
 * with PENDING while something it awaits is waiting on the outside world.
 */
export class DurablePromise<T> implements PromiseLike<T> {
  readonly #promise: Promise<T>;
  #onAwait: (() => void) | undefined;

  constructor(promise: Promise<T>, onAwait?: () => void) {
    this.#promise = promise;
    this.#onAwait = onAwait;
    // An operation whose promise is never awaited must not crash the process when it fails.
    promise.catch(() => undefined);
  }

  get isAwaited(): boolean {
    return this.#onAwait === undefined;
  }

  #markAwaited(): void {
    const onAwait = this.#onAwait;
    this.#onAwait = undefined;
    onAwait?.();
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.#markAwaited();
    return this.#promise.then(onFulfilled, onRejected);
  }

  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    this.#markAwaited();
    return this.#promise.catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<T> {
    this.#markAwaited();
    return this.#promise.finally(onFinally);
  }

  get [Symbol.toStringTag](): string {
    return "DurablePromise";
  }
}
