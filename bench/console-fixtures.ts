/**
 * Large data sets for the console's budgets and scale tests:
 *
 * - `bulkSeedSqlite`: many finished and running executions (the runtime's first-write shape, then
 *   given an outcome), written with the SQLite store's own prepared statements and row mappers,
 *   50,000 per transaction: `createExecution` commits each in its own savepoint, which makes a
 *   million of them take several minutes.
 * - `writeLargeExecution`: one execution with a map of N iterations (a child context and a step
 *   each: 4 history events per iteration), built by the runtime's real checkpoint processing
 *   (`processCheckpoint` inside `store.transact`, the path a worker's checkpoint takes) fed with
 *   the updates an SDK handler would send, many iterations per checkpoint. No handler runs, so
 *   100,000 events take seconds instead of minutes. Step results carry JSON nested in strings,
 *   as real payloads often do.
 *
 * Used by `bench/console.ts` and the console's browser tests (e2e/support).
 */
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { processCheckpoint } from "../sdk/runtime/checkpoint-processor";
import { buildNewExecution } from "../sdk/runtime/execution-factory";
import { newCallbackId, newExecutionId } from "../sdk/runtime/ids";
import { finishExecution } from "../sdk/runtime/lifecycle";
import { MutationBuilder } from "../sdk/runtime/mutation-builder";
import { SqliteStore } from "../sdk/store/sqlite";
import { executionRowValues, payloadValues } from "../sdk/store/sqlite/rows";
import { configureConnection } from "../sdk/store/sqlite/schema";
import { prepareStatements } from "../sdk/store/sqlite/statements";
import { writeChildren } from "../sdk/store/sqlite/write-children";
import type { DurableStore, ExecutionRecord } from "../sdk/store/types";
import type { ExecutionStatus, OperationUpdate } from "../sdk/types/wire";

export const SEED_FUNCTIONS = ["order-processing", "inventory-sync", "fan-out", "customer-onboarding", "wait-for-job"] as const;

/** A deterministic pseudo-random sequence (mulberry32), so every run builds the same data. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mostly succeeded, some failed, a few of everything else: what a busy store looks like. */
function pickStatus(r: number): ExecutionStatus {
  if (r < 0.8) return "SUCCEEDED";
  if (r < 0.9) return "FAILED";
  if (r < 0.95) return "RUNNING";
  if (r < 0.98) return "STOPPED";
  return "TIMED_OUT";
}

export interface SeedOptions {
  count: number;
  /** Start times spread evenly over [now - spanMs, now]. */
  now: number;
  spanMs: number;
  /** Executions written per transaction. */
  batch?: number;
  seed?: number;
  namePrefix?: string;
  /** Functions the executions take turns at (default SEED_FUNCTIONS). */
  functions?: readonly string[];
}

/** A UUID-shaped id whose first 8 hex digits grow with `i` (like UUIDv7): appends to the key indexes. */
function seededId(i: number, random: () => number): string {
  const hex = (n: number, width: number) => Math.floor(n).toString(16).padStart(width, "0").slice(-width);
  const tail = hex(random() * 2 ** 32, 8) + hex(random() * 2 ** 32, 8) + hex(random() * 2 ** 32, 8);
  return `${hex(i, 8)}-${tail.slice(0, 4)}-7${tail.slice(4, 7)}-8${tail.slice(7, 10)}-${tail.slice(10, 22)}`;
}

/** The execution record `createExecution` stores for one seeded execution. */
function seededExecution(i: number, options: SeedOptions, random: () => number) {
  const functions = options.functions ?? SEED_FUNCTIONS;
  const functionName = functions[i % functions.length]!;
  const startMs = Math.round(options.now - options.spanMs + (options.spanMs * i) / options.count);
  const created = buildNewExecution({
    executionId: seededId(i, random),
    functionName,
    name: `${options.namePrefix ?? "run"}-${String(i).padStart(7, "0")}`,
    input: `{"orderId":"A-${i}","total":${(i % 997) + 0.5}}`,
    now: startMs,
  });
  const status = pickStatus(random());
  const execution: ExecutionRecord = { ...created.execution, status };
  if (status === "RUNNING") {
    // Waiting for something far away: no worker would pick it up during the bench.
    execution.nextWakeAt = options.now + 30 * 24 * 3600_000;
  } else {
    delete execution.nextWakeAt;
    const durationMs = Math.round(50 + random() * random() * 60_000);
    execution.endTimestamp = new Date(startMs + durationMs).toISOString();
    if (status === "SUCCEEDED") execution.result = `{"ok":true,"n":${i}}`;
    else execution.error = { ErrorType: status === "FAILED" ? "StepError" : "ExecutionStopped", ErrorMessage: `seeded ${status.toLowerCase()}` };
  }
  return { ...created, execution };
}

/**
 * The prepared bulk path for a SQLite file: the very rows `createExecution` writes (the store's
 * own prepared statements and row mappers), many thousands per transaction instead of one
 * savepoint each. Only for building bench files: nothing else may hold the file meanwhile.
 */
export async function bulkSeedSqlite(path: string, options: SeedOptions): Promise<number> {
  // The store creates (or checks) the schema, exactly as any process opening the file would.
  const store = new SqliteStore({ path, synchronous: "OFF" });
  await store.init();
  await store.close();
  const db = new Database(path);
  try {
    configureConnection(db, "OFF");
    db.pragma("cache_size = -262144");
    const s = prepareStatements(db);
    const random = randomSource(options.seed ?? 42);
    const batch = options.batch ?? 50_000;
    const insertBatch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const { execution, operations, events } = seededExecution(i, options, random);
        s.insertExecution.run(executionRowValues(execution));
        s.upsertPayloads.run(execution.executionId, ...payloadValues(execution));
        writeChildren(s, execution.executionId, { putOperations: operations, events });
      }
    });
    for (let from = 0; from < options.count; from += batch) insertBatch(from, Math.min(options.count, from + batch));
    db.pragma("optimize");
  } finally {
    db.close();
  }
  return options.count;
}

/** The SDK's operation ids: the first 16 hex characters of the MD5 of the id path. */
function operationId(path: string): string {
  return createHash("md5").update(path).digest("hex").slice(0, 16);
}

/** The ids of map iteration `index` (0-based) of a large execution and of its "charge" step. */
export function iterationIds(mapOperationId: string, index: number): { iterationId: string; stepId: string } {
  const iterationId = operationId(`${mapOperationId}:${index + 1}`);
  return { iterationId, stepId: operationId(`${iterationId}:1`) };
}

export interface LargeExecutionOptions {
  functionName?: string;
  name: string;
  /** Map iterations; each writes 4 history events (ContextStarted, StepStarted, StepSucceeded, ContextSucceeded). */
  iterations: number;
  /** Iterations per checkpoint (one store transaction each). */
  perCheckpoint?: number;
  /** Start time; each checkpoint advances the clock by 5 ms. */
  now?: number;
  /** Leave the execution RUNNING (the map still going) instead of SUCCEEDED. */
  leaveRunning?: boolean;
  /**
   * What the operation ids derive from (default: the execution id). Two executions written with
   * one seed have the same ids, as two runs of one function do (the SDK derives ids from code position).
   */
  operationIdSeed?: string;
}

export interface LargeExecution {
  executionId: string;
  eventCount: number;
  operationCount: number;
  mapOperationId: string;
}

const deps = { newCallbackId, newExecutionId };

/**
 * One execution whose handler would be:
 *   const results = await context.map("charge-orders", orders, (ctx, order) => ctx.step("charge", ...))
 * written checkpoint by checkpoint through `processCheckpoint` (the worker's checkpoint path).
 * Events: 1 ExecutionStarted + 1 ContextStarted + 4 per iteration + ContextSucceeded + ExecutionSucceeded.
 */
export async function writeLargeExecution(store: DurableStore, options: LargeExecutionOptions): Promise<LargeExecution> {
  const perCheckpoint = options.perCheckpoint ?? 250;
  let now = options.now ?? Date.now();
  const executionId = newExecutionId();
  const functionName = options.functionName ?? "order-processing";
  const input = JSON.stringify({ batch: options.name, orders: options.iterations });
  const created = buildNewExecution({ executionId, functionName, name: options.name, input, now });
  // Not due: no worker sharing the store may pick it up (no handler of it runs anywhere).
  delete created.execution.nextWakeAt;
  await store.executions.create(created);

  const mapId = operationId(`${options.operationIdSeed ?? executionId}:1`);
  const checkpoint = async (updates: OperationUpdate[], readIds: string[]) => {
    now += 5;
    await store.transact(executionId, { readOperationIds: readIds }, (snapshot) => {
      const result = processCheckpoint({ execution: snapshot.execution, operations: snapshot.operations, updates, now, deps });
      return { mutation: result.mutation };
    });
  };

  await checkpoint([{ Id: mapId, Type: "CONTEXT", SubType: "Map", Name: "charge-orders", Action: "START" }], [mapId]);
  for (let from = 0; from < options.iterations; from += perCheckpoint) {
    const updates: OperationUpdate[] = [];
    const readIds: string[] = [];
    for (let i = from; i < Math.min(options.iterations, from + perCheckpoint); i++) {
      const { iterationId, stepId } = iterationIds(mapId, i);
      // A result with JSON nested in a string: the console shows it expanded.
      const receipt = JSON.stringify({ receiptId: `rcpt-${i}`, lines: [{ sku: "KB-01", quantity: 1 + (i % 3) }] });
      const result = JSON.stringify({ orderId: `A-${i}`, charged: 10 + (i % 90), receipt });
      updates.push(
        { Id: iterationId, ParentId: mapId, Type: "CONTEXT", SubType: "MapIteration", Name: `charge-orders-${i}`, Action: "START" },
        { Id: stepId, ParentId: iterationId, Type: "STEP", SubType: "Step", Name: "charge", Action: "START" },
        { Id: stepId, ParentId: iterationId, Type: "STEP", SubType: "Step", Name: "charge", Action: "SUCCEED", Payload: result },
        { Id: iterationId, ParentId: mapId, Type: "CONTEXT", SubType: "MapIteration", Name: `charge-orders-${i}`, Action: "SUCCEED", Payload: result },
      );
      readIds.push(iterationId, stepId);
    }
    await checkpoint(updates, readIds);
  }
  if (!options.leaveRunning) {
    const summary = JSON.stringify({ charged: options.iterations });
    await checkpoint([{ Id: mapId, Type: "CONTEXT", SubType: "Map", Name: "charge-orders", Action: "SUCCEED", Payload: summary }], [mapId]);
    now += 5;
    await store.transact(executionId, { readOperationIds: [executionId] }, (snapshot) => {
      const b = new MutationBuilder(snapshot.execution, snapshot.operations, now);
      finishExecution(b, { status: "SUCCEEDED", result: summary });
      b.setExecution({ nextWakeAt: null });
      return { mutation: b.build() };
    });
  }
  const execution = await store.executions.get(executionId);
  if (!execution) throw new Error(`large execution ${executionId} vanished`);
  return { executionId, eventCount: execution.eventCount, operationCount: execution.operationCount, mapOperationId: mapId };
}
