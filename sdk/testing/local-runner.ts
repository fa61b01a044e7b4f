import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SqliteStore } from "../store/sqlite";
import type { DurableStore } from "../store/types";
import type { ErrorObject, HistoryEvent, Operation } from "../types/wire";
import { TERMINAL_EXECUTION_STATUSES } from "../types/wire";
import { DurableClient } from "../runtime/client";
import { FunctionRegistry, type DurableHandler, type PlainFunction } from "../runtime/registry";
import { Worker } from "../runtime/worker";
import { systemClock, type Clock } from "../runtime/clock";
import { ManualClock } from "./manual-clock";
import { DurableOperation, type HandleActions, type RunView } from "./operation-handle";
import { TestResult } from "./test-result";

export interface TestEnvironmentOptions {
  /** Skip every timer: waits, retry delays, polling delays and callback timeouts alike. */
  skipTime?: boolean;
}

let environment: TestEnvironmentOptions | undefined;

const FUNCTION_UNDER_TEST = "function-under-test";
/** Real time given to test code (e.g. answering a callback) before the runner skips ahead. */
const QUIET_TURNS = 5;
const REAL_TIME_POLL_MS = 10;

/**
 * Runs a durable handler to completion on the real runtime (worker, checkpoint processing, store)
 * over a temporary SQLite file: the same replay engine as production, not a second
 * implementation. Surface of the official `LocalDurableTestRunner`.
 */
export class LocalDurableTestRunner<TResult = unknown> {
  static async setupTestEnvironment(options: TestEnvironmentOptions = {}): Promise<void> {
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
  #actions: HandleActions | undefined;

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
    return this.#handle(`operation "${name}"${index ? ` #${index}` : ""}`, (ops) => ops.filter((o) => o.Name === name)[index]);
  }

  getOperationByNameAndIndex<T = unknown>(name: string, index: number): DurableOperation<T> {
    return this.getOperation<T>(name, index);
  }

  getOperationByIndex<T = unknown>(index: number): DurableOperation<T> {
    return this.#handle(`operation #${index}`, (ops) => ops.filter((o) => o.Type !== "EXECUTION")[index]);
  }

  getOperationById<T = unknown>(id: string): DurableOperation<T> {
    return this.#handle(`operation ${id}`, (ops) => ops.find((o) => o.Id === id));
  }

  reset(): void {
    this.#handles = [];
    this.#lastView = undefined;
  }

  async run(input: { payload?: unknown } = {}): Promise<TestResult<TResult>> {
    const skipTime = environment?.skipTime === true;
    const clock: Clock & Partial<ManualClock> = skipTime ? new ManualClock() : systemClock;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-test-"));
    // Durability across power loss is not what a unit test checks: skip the fsyncs.
    const store = new SqliteStore({ path: path.join(dir, "test.db"), synchronous: "OFF" });
    await store.init();
    const registry = new FunctionRegistry().register(FUNCTION_UNDER_TEST, this.#handler);
    for (const [name, handler] of this.#durable) registry.register(name, handler);
    for (const [name, fn] of this.#plain) registry.registerPlain(name, fn);

    let wakeUp: (() => void) | undefined;
    const worker = new Worker({ store, registry, clock, pollIntervalMs: REAL_TIME_POLL_MS, onError: () => undefined });
    const client = new DurableClient({ store, registry, clock, onWake: () => wakeUp?.() });
    this.#actions = {
      sendCallbackSuccess: (id, result) => client.sendCallbackSuccess(id, result),
      sendCallbackFailure: (id, error?: ErrorObject) => client.sendCallbackFailure(id, error),
      sendCallbackHeartbeat: (id) => client.sendCallbackHeartbeat(id),
    };
    try {
      const started = await client.startExecution({
        functionName: FUNCTION_UNDER_TEST,
        // As the official runner: no payload is an empty object.
        input: JSON.stringify(input.payload ?? {}),
      });
      const executionId = started.execution.executionId;
      for (;;) {
        await worker.drain();
        const view = await this.#view(store, executionId);
        this.#refresh(view);
        if (view.finished) break;
        // Let test code react (answer a callback, send a heartbeat) before time moves on.
        const woken = await quiet(QUIET_TURNS, (resolve) => (wakeUp = resolve));
        wakeUp = undefined;
        if (woken) continue;
        const next = await store.nextWakeAt();
        if (next !== undefined && next <= clock.now()) continue;
        if (skipTime && next !== undefined && clock.advanceTo) {
          clock.advanceTo(next);
          continue;
        }
        await sleep(next === undefined ? REAL_TIME_POLL_MS : Math.min(REAL_TIME_POLL_MS, Math.max(0, next - clock.now())));
      }
      const execution = await store.getExecution(executionId);
      const view = await this.#view(store, executionId);
      this.#refresh(view);
      return new TestResult<TResult>(execution!, view.operations, view.events);
    } finally {
      this.#actions = undefined;
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

  async #view(store: DurableStore, executionId: string): Promise<RunView> {
    const execution = await store.getExecution(executionId);
    const operations = (await store.listOperations(executionId)).map((r) => r.operation);
    const events: HistoryEvent[] = [];
    let after = 0;
    for (;;) {
      const page = await store.getHistory(executionId, { afterEventId: after, limit: 1000 });
      events.push(...page.items);
      if (!page.nextCursor || page.items.length === 0) break;
      after = page.items[page.items.length - 1].EventId;
    }
    return { operations, events, finished: execution ? TERMINAL_EXECUTION_STATUSES.includes(execution.status) : true };
  }
}

/** Gives the event loop a few turns; resolves true early if something woke the runner. */
function quiet(turns: number, onWake: (resolve: () => void) => void): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    onWake(() => {
      if (!done) (done = true), resolve(true);
    });
    let remaining = turns;
    const turn = () => {
      if (done) return;
      if (remaining-- <= 0) return (done = true), resolve(false);
      setTimeout(turn, 0);
    };
    setImmediate(turn);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
