import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DurableStore } from "../store/types";
import type { ErrorObject, Operation } from "../types/wire";
import type { Duration } from "../types/api-core";
import { durationToSeconds } from "../utils/duration";
import { DurableClient } from "../runtime/client";
import { DurableClientError } from "../runtime/errors";
import { FunctionRegistry, type DurableHandler, type PlainFunction } from "../runtime/registry";
import { Worker } from "../runtime/worker";
import { DurableOperation, type HandleActions, type RunView } from "./operation-handle";
import { RunSignal } from "./run-signal";
import { LiveView, readRunView, WatchedSqliteStore } from "./run-view";
import { TestClock } from "./test-clock";
import { TestResult } from "./test-result";
import { nextSkippableAt, postponeCallbackDeadlines } from "./time-skipping";

export interface TestEnvironmentOptions {
  /**
   * Skip waits, retry delays, waitForCondition polls (and execution timeouts) as soon as nothing
   * else can happen. Callback and heartbeat timeouts still run on real time, as on the official
   * runner, unless `skipCallbackTimeouts` is set too.
   */
  skipTime?: boolean;
  /**
   * With `skipTime`: skip callback and heartbeat timeouts as well, as soon as nothing else can
   * happen. Test code then has only a few event-loop turns to answer a callback: for tests of the
   * timeout path. `runner.advanceTime(duration)` is the race-free way to reach a timeout.
   */
  skipCallbackTimeouts?: boolean;
}

let environment: TestEnvironmentOptions | undefined;

const FUNCTION_UNDER_TEST = "function-under-test";
/** Real time given to test code (e.g. reading what a step announced) before the runner skips ahead. */
const QUIET_TURNS = 5;
/** Longest real-time wait between two looks at the store while the execution waits. */
const IDLE_MS = 50;

/** A run in progress: its clock and how to wake its loop. */
interface ActiveRun {
  clock: TestClock;
  signal: RunSignal;
}

/** How the last run ended, for answers that come after it. */
interface EndedRun {
  status: string;
  errorType?: string;
  /** run() gave up before the execution ended (it threw). */
  stopped?: boolean;
}

/**
 * Runs a durable handler to completion on the real runtime (worker, checkpoint processing, store)
 * over a temporary SQLite file: the same replay engine as production, not a second
 * implementation. Surface of the official `LocalDurableTestRunner`.
 */
export class LocalDurableTestRunner<TResult = unknown> {
  static async setupTestEnvironment(options: TestEnvironmentOptions = {}): Promise<void> {
    if (options.skipCallbackTimeouts && !options.skipTime) {
      throw new TypeError("skipCallbackTimeouts needs skipTime: true (without skipTime no timer is skipped)");
    }
    environment = { ...options };
  }

  static async teardownTestEnvironment(): Promise<void> {
    environment = undefined;
  }

  readonly #handler: DurableHandler;
  #durable = new Map<string, DurableHandler>();
  #plain = new Map<string, PlainFunction>();
  #handles: DurableOperation[] = [];
  /** The latest view of the run, so handles created after run() still see its operations. */
  #lastView: RunView | undefined;
  /** What handles answer callbacks through: the run's client, or refusals once it ended. */
  #actions: HandleActions | undefined;
  #active: ActiveRun | undefined;
  #ended: EndedRun | undefined;

  constructor(options: { handlerFunction: unknown }) {
    if (typeof options?.handlerFunction !== "function") throw new TypeError("LocalDurableTestRunner needs a handlerFunction");
    this.#handler = options.handlerFunction as DurableHandler;
  }

  /** A durable function the handler can `context.invoke`. */
  registerDurableFunction(name: string, handler: unknown): this {
    this.#durable.set(name, handler as DurableHandler);
    return this;
  }

  /** An ordinary function the handler can `context.invoke`. */
  registerFunction(name: string, fn: unknown): this {
    this.#plain.set(name, fn as PlainFunction);
    return this;
  }

  getOperation<T = unknown>(name: string, index = 0): DurableOperation<T> {
    // `at`, as the official runner: a negative index counts from the end.
    return this.#handle(`operation "${name}"${index ? ` #${index}` : ""}`, (ops) => ops.filter((o) => o.Name === name).at(index));
  }

  getOperationByNameAndIndex<T = unknown>(name: string, index: number): DurableOperation<T> {
    return this.getOperation<T>(name, index);
  }

  getOperationByIndex<T = unknown>(index: number): DurableOperation<T> {
    return this.#handle(`operation #${index}`, (ops) => ops.filter((o) => o.Type !== "EXECUTION").at(index));
  }

  getOperationById<T = unknown>(id: string): DurableOperation<T> {
    return this.#handle(`operation ${id}`, (ops) => ops.find((o) => o.Id === id));
  }

  reset(): void {
    this.#handles = [];
    this.#lastView = undefined;
    if (!this.#active) {
      this.#actions = undefined;
      this.#ended = undefined;
    }
  }

  /**
   * Moves the running execution's clock `duration` forward, for every timer (callback and
   * heartbeat timeouts included), as Temporal's time-skipping test environment does; resolves
   * once the runner has run what came due and the handles show it. The race-free way to test a
   * timeout: `await runner.advanceTime({ minutes: 5 })` instead of waiting five minutes.
   */
  async advanceTime(duration: Duration): Promise<void> {
    const ms = durationToSeconds(duration) * 1000;
    const active = this.#active;
    if (!active) throw new Error(this.#ended ? `advanceTime: ${endedMessage(this.#ended)}` : "The runner is not running: call run() first");
    active.clock.skip(ms);
    const round = active.signal.nextRound();
    active.signal.wake();
    await round;
  }

  async run(input: { payload?: unknown } = {}): Promise<TestResult<TResult>> {
    const skipTime = environment?.skipTime === true;
    const skipCallbackTimeouts = skipTime && environment?.skipCallbackTimeouts === true;
    const clock = new TestClock();
    const signal = new RunSignal();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-test-"));
    // Durability across power loss is not what a unit test checks: skip the fsyncs.
    const store = new WatchedSqliteStore({ path: path.join(dir, "test.db"), synchronous: "OFF" });
    await store.init();
    const registry = new FunctionRegistry().register(FUNCTION_UNDER_TEST, this.#handler);
    for (const [name, handler] of this.#durable) registry.register(name, handler);
    for (const [name, fn] of this.#plain) registry.registerPlain(name, fn);

    const worker = new Worker({ store, registry, clock, pollIntervalMs: IDLE_MS, onError: () => undefined });
    const client = new DurableClient({ store, registry, clock, onWake: () => signal.wake() });
    let executionId: string | undefined;
    let ended: EndedRun | undefined;
    let live: LiveView | undefined;
    // An answer refused because the execution ended (or the run closed its store meanwhile) says so.
    const answer = async (send: () => Promise<void>): Promise<void> => {
      try {
        await send();
      } catch (error) {
        // Bad input stays bad input; a closed callback (or a store closed meanwhile) may mean the end.
        if (DurableClientError.is(error) && error.code !== "CALLBACK_TIMEOUT") throw error;
        const over = ended ?? (executionId === undefined ? undefined : await endedRun(store, executionId).catch(() => ended));
        if (over) throw new DurableClientError("CALLBACK_TIMEOUT", endedMessage(over));
        throw error;
      }
    };
    this.#ended = undefined;
    this.#active = { clock, signal };
    this.#actions = {
      sendCallbackSuccess: (id, result) => answer(() => client.sendCallbackSuccess(id, result)),
      sendCallbackFailure: (id, error?: ErrorObject) => answer(() => client.sendCallbackFailure(id, error)),
      sendCallbackHeartbeat: (id) => answer(() => client.sendCallbackHeartbeat(id)),
    };
    try {
      const started = await client.startExecution({
        functionName: FUNCTION_UNDER_TEST,
        // As the official runner: no payload is an empty object.
        input: JSON.stringify(input.payload ?? {}),
      });
      const id = (executionId = started.execution.executionId);
      live = new LiveView(async () => {
        const view = await readRunView(store, id);
        this.#refresh(view);
        return view;
      });
      // Handles follow the run as it checkpoints, not only between invocations.
      store.onWrite = () => live?.soon();
      for (;;) {
        signal.beginRound();
        await worker.drain();
        const view = await live.now();
        signal.endRound();
        if (view.finished) break;
        // Let test code react (answer a callback, send a heartbeat) before time moves on.
        if (await signal.quiet(QUIET_TURNS)) continue;
        const next = await store.scheduling.nextWakeAt();
        if (next !== undefined && next <= clock.now()) continue;
        if (skipTime) {
          const target = await nextSkippableAt(store, { callbacks: skipCallbackTimeouts });
          if (target !== undefined && target > clock.now()) {
            const ms = target - clock.now();
            // Callbacks stay on real time: the skipped span does not count against their timeouts.
            if (!skipCallbackTimeouts) await postponeCallbackDeadlines(store, clock, ms);
            clock.skip(ms);
            continue;
          }
        }
        await signal.idle(next === undefined ? IDLE_MS : Math.min(IDLE_MS, next - clock.now()));
      }
      await live.stop();
      const execution = await store.executions.get(executionId);
      const view = await readRunView(store, executionId);
      this.#refresh(view);
      ended = { status: execution!.status, errorType: execution!.error?.ErrorType };
      return new TestResult<TResult>(execution!, view.operations, view.events);
    } finally {
      ended ??= { status: "RUNNING", stopped: true };
      this.#ended = ended;
      this.#actions = refusals(ended);
      this.#active = undefined;
      signal.close();
      store.onWrite = undefined;
      await live?.stop();
      await worker.stop().catch(() => undefined);
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  #handle<T>(describe: string, match: (ops: Operation[]) => Operation | undefined): DurableOperation<T> {
    const handle = new DurableOperation<T>(describe, match, () => this.#actions);
    this.#handles.push(handle as DurableOperation);
    if (this.#lastView) handle.refresh(this.#lastView);
    return handle;
  }

  #refresh(view: RunView): void {
    this.#lastView = view;
    for (const handle of this.#handles) handle.refresh(view);
  }
}

async function endedRun(store: DurableStore, executionId: string): Promise<EndedRun | undefined> {
  const execution = await store.executions.get(executionId);
  if (!execution || execution.status === "RUNNING") return undefined;
  return { status: execution.status, errorType: execution.error?.ErrorType };
}

/** "the execution already ended with CallbackTimeoutError (FAILED)", or "... ended (SUCCEEDED)". */
function endedMessage(ended: EndedRun): string {
  if (ended.stopped) return "run() stopped before the execution ended (see the error it threw)";
  return ended.errorType ? `the execution already ended with ${ended.errorType} (${ended.status})` : `the execution already ended (${ended.status})`;
}

/** What handles answer with once the run is over: every answer is refused, saying why. */
function refusals(ended: EndedRun): HandleActions {
  const refuse = async (): Promise<never> => {
    throw new DurableClientError("CALLBACK_TIMEOUT", endedMessage(ended));
  };
  return { sendCallbackSuccess: refuse, sendCallbackFailure: refuse, sendCallbackHeartbeat: refuse };
}
