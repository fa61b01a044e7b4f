/**
 * Shared set-up for runtime tests: a real SQLite file in a temp dir, a clock the test moves by
 * hand, a registry, a worker and a client over the same store.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "../../sdk/store/sqlite";
import { STORE_GROUP_NAMES, type DurableStore, type ExecutionRecord, type StoreGroupName } from "../../sdk/store/types";
import type { HistoryEvent, Operation } from "../../sdk/types/wire";
import { DurableClient, FunctionRegistry, InvocationClient, Worker, newCallbackId, newExecutionId, type WorkerOptions } from "../../sdk/runtime";
import { ManualClock } from "../../sdk/testing/manual-clock";

export { ManualClock };

export interface Harness {
  dir: string;
  path: string;
  store: DurableStore;
  clock: ManualClock;
  registry: FunctionRegistry;
  worker: Worker;
  client: DurableClient;
  /** Opens another store connection on the same file. */
  openStore(): Promise<SqliteStore>;
  close(): Promise<void>;
}

/** Starts a little ahead of real time, on a whole second (timestamps read cleanly). */
export function startTime(): number {
  return Math.ceil(Date.now() / 1000) * 1000 + 60_000;
}

export async function createHarness(options: Partial<WorkerOptions> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "durable-runtime-"));
  const path = join(dir, "durable.db");
  const stores: SqliteStore[] = [];
  const openStore = async () => {
    const s = new SqliteStore({ path, synchronous: "OFF" });
    await s.init();
    stores.push(s);
    return s;
  };
  const store = await openStore();
  const clock = new ManualClock(startTime());
  const registry = new FunctionRegistry();
  const errors: unknown[] = [];
  const worker = new Worker({ store, registry, clock, onError: (e) => errors.push(e), ...options });
  const client = new DurableClient({ store, registry, clock, onWake: () => worker.wake() });
  return {
    dir,
    path,
    store,
    clock,
    registry,
    worker,
    client,
    openStore,
    async close() {
      await worker.stop();
      for (const s of stores) await s.close();
      rmSync(dir, { recursive: true, force: true });
      if (errors.length > 0) throw new AggregateError(errors, "the worker reported errors");
    },
  };
}

export async function allEvents(store: DurableStore, executionId: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await store.history.list(executionId, { afterEventId: after, limit: 1000 });
    events.push(...page.items);
    if (!page.nextCursor) return events;
    after = Number(page.nextCursor);
  }
}

export function eventTypes(events: HistoryEvent[]): string[] {
  return events.map((e) => e.EventType);
}

export function expectContiguous(events: HistoryEvent[]): void {
  events.forEach((e, i) => {
    if (e.EventId !== i + 1) throw new Error(`EventId ${e.EventId} at position ${i + 1}`);
  });
}

export async function mustGet(store: DurableStore, id: string): Promise<ExecutionRecord> {
  const e = await store.executions.get(id);
  if (!e) throw new Error(`no execution ${id}`);
  return e;
}

/**
 * Claims the one due execution with checkpoint token `token` and opens the invocation's client
 * on it, as the worker would (without running a handler): tests drive checkpoints by hand.
 */
export async function claimInvocation(
  h: Harness,
  executionId: string,
  options: { token: string; owner?: string; leaseMs?: number; requestId?: string; visibleOperations?: (ops: Operation[]) => Operation[] },
): Promise<InvocationClient> {
  const leaseMs = options.leaseMs ?? 5000;
  const [claim] = await h.store.scheduling.claimDue({ now: h.clock.now(), owner: options.owner ?? "me", leaseMs, limit: 1, newToken: () => options.token });
  if (!claim) throw new Error(`nothing was due to claim (expected ${executionId})`);
  const operations = await h.store.operations.list(executionId);
  const visible = operations.map((r) => r.operation);
  return new InvocationClient({
    store: h.store,
    clock: h.clock,
    execution: claim,
    operations,
    visibleOperations: options.visibleOperations ? options.visibleOperations(visible) : visible,
    requestId: options.requestId ?? "req-1",
    leaseMs,
    deps: { newCallbackId, newExecutionId },
  });
}

type Hook<F> = F extends (...args: infer A) => infer R ? (real: DurableStore, ...args: A) => R : never;

/** Replacements for some of a store's methods, by group (`{ operations: { list } }`); each gets the real store to call through to. */
export type StoreHooks = { transact?: Hook<DurableStore["transact"]> } & {
  [G in StoreGroupName]?: { [M in keyof DurableStore[G]]?: Hook<DurableStore[G][M]> };
};

/**
 * The store with some methods replaced (a fault, a race, a recorder): what a test needs to put a
 * real store in the state a crash or a badly timed write would leave. Everything else is the store.
 */
export function hookStore(store: DurableStore, hooks: StoreHooks): DurableStore {
  type AnyHook = (real: DurableStore, ...args: unknown[]) => unknown;
  const hooked = (target: object, groupHooks: Record<string, AnyHook | undefined>) =>
    new Proxy(target, {
      get(group, key, receiver) {
        const value = Reflect.get(group, key, receiver) as unknown;
        if (typeof value !== "function") return value;
        const hook = typeof key === "string" ? groupHooks[key] : undefined;
        return hook ? (...args: unknown[]) => hook(store, ...args) : value.bind(group);
      },
    });
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key === "transact" && hooks.transact) return (...args: unknown[]) => (hooks.transact as AnyHook)(target, ...args);
      const groupHooks = (STORE_GROUP_NAMES as readonly (string | symbol)[]).includes(key) ? hooks[key as StoreGroupName] : undefined;
      if (groupHooks) return hooked(value as object, groupHooks as Record<string, AnyHook | undefined>);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

