/**
 * The console's budgets, measured through the very `lib/` query functions the console's pages and
 * HTTP routes call (server time: the query and the JSON the route would send), each beside a
 * small baseline measured in the same run:
 *
 * - C1: a filtered page of 50 over 1,000,000 executions in < 50 ms (several filter shapes: one
 *   status, several statuses of one function, a name prefix, a start-time range, a page deep
 *   behind a cursor), beside the same shapes over 10,000 executions.
 * - C2: an execution with 100,000 events opens its history in < 2 s: the first page, and the
 *   whole history in the console's page sizes, beside a raw SQL read of the same rows (the floor)
 *   and the same opening of a 1,000-event execution.
 *
 * The 1M file is built fresh each run with the store's prepared statements in large batches
 * (bench/console-fixtures.ts); the 100k-event execution through the runtime's checkpoint path.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { SqliteStore } from "../sdk/store/sqlite";
import type { ExecutionFilters } from "../lib/filters";
import { bulkSeedSqlite, writeLargeExecution } from "./console-fixtures";
import { tempDbPath } from "./workloads";

export type RecordFigure = (name: string, value: number, unit: string, baseline: number | null, target?: string) => void;

const LARGE = 1_000_000;
const SMALL = 10_000;
const DAY = 24 * 3600_000;
const SPAN = 30 * DAY;
/** Timed repetitions per filter shape (after one warm-up call). */
const REPEAT = 25;

const HOLDER = Symbol.for("durable-console.durable");

/** Points the console's `lib/durable` at a store file for the duration of `work`. */
async function withConsoleStore<T>(storePath: string, work: () => Promise<T>): Promise<T> {
  const holder = globalThis as Record<symbol, unknown>;
  process.env.DURABLE_STORE = storePath;
  delete holder[HOLDER];
  try {
    return await work();
  } finally {
    const opened = holder[HOLDER] as Promise<{ store: { close(): Promise<void> } }> | undefined;
    delete holder[HOLDER];
    if (opened) await (await opened).store.close();
  }
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

interface Shape {
  label: string;
  filters: (now: number) => ExecutionFilters;
  /** Follow the cursor this many pages before timing (a page deep in the list). */
  depth?: number;
}

const SHAPES: Shape[] = [
  { label: "status=FAILED", filters: () => ({ statuses: ["FAILED"] }) },
  { label: "function + status=FAILED,TIMED_OUT", filters: () => ({ functionName: "order-processing", statuses: ["FAILED", "TIMED_OUT"] }) },
  { label: "q=name prefix", filters: () => ({ q: "run-0004" }) },
  {
    label: "function + one-day range",
    filters: (now) => ({ functionName: "inventory-sync", from: new Date(now - 10 * DAY).toISOString(), to: new Date(now - 9 * DAY).toISOString() }),
  },
  { label: "status=SUCCEEDED, 20 pages deep", filters: () => ({ statuses: ["SUCCEEDED"] }), depth: 20 },
];

/** Server time of one console list request: the lib query plus the JSON the route answers with. */
async function timeShapes(now: number): Promise<Map<string, number[]>> {
  const { listExecutions } = await import("../lib/queries/executions");
  const out = new Map<string, number[]>();
  for (const shape of SHAPES) {
    let filters = shape.filters(now);
    for (let i = 0; i < (shape.depth ?? 0); i++) {
      const page = await listExecutions(filters);
      if (!page.nextCursor) break;
      filters = { ...filters, cursor: page.nextCursor };
    }
    const page = await listExecutions(filters); // warm-up: statement preparation, page cache
    if (page.items.length !== 50) throw new Error(`${shape.label}: expected a full page of 50, got ${page.items.length}`);
    const samples: number[] = [];
    for (let i = 0; i < REPEAT; i++) samples.push(await time(async () => JSON.stringify(await listExecutions(filters))));
    out.set(shape.label, samples);
  }
  return out;
}

/** Status counts for the same filters (the list's status chips): reported, no budget. */
async function timeCounts(now: number): Promise<number> {
  const { countExecutions } = await import("../lib/queries/executions");
  const filters = { functionName: "inventory-sync", from: new Date(now - 10 * DAY).toISOString(), to: new Date(now - 9 * DAY).toISOString() };
  await countExecutions(filters);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) samples.push(await time(() => countExecutions(filters)));
  return percentile(samples, 50);
}

async function executionsList(record: RecordFigure): Promise<void> {
  const now = Date.now();
  const largePath = tempDbPath("console-1m");
  const smallPath = tempDbPath("console-10k");
  let started = performance.now();
  await bulkSeedSqlite(largePath, { count: LARGE, now, spanMs: SPAN });
  const buildSeconds = (performance.now() - started) / 1000;
  await bulkSeedSqlite(smallPath, { count: SMALL, now, spanMs: SPAN });

  // Small first, then large, then small again: the baseline brackets the measurement.
  const smallBefore = await withConsoleStore(smallPath, () => timeShapes(now));
  started = performance.now();
  const large = await withConsoleStore(largePath, () => timeShapes(now));
  const countMs = await withConsoleStore(largePath, () => timeCounts(now));
  const smallAfter = await withConsoleStore(smallPath, () => timeShapes(now));

  record(`C1 build: ${LARGE.toLocaleString("en-US")} executions (bulk, store statements)`, buildSeconds, "s", null);
  const allLarge: number[] = [];
  const allSmall: number[] = [];
  for (const shape of SHAPES) {
    const big = large.get(shape.label)!;
    const small = [...smallBefore.get(shape.label)!, ...smallAfter.get(shape.label)!];
    allLarge.push(...big);
    allSmall.push(...small);
    record(`C1 page of 50 over 1M, ${shape.label}, p50`, percentile(big, 50), "ms", percentile(small, 50));
  }
  record("C1 page of 50 over 1M executions, p95 over all filter shapes", percentile(allLarge, 95), "ms", percentile(allSmall, 95), "value < 50 ms");
  record("C1 page of 50 over 1M executions, slowest call", Math.max(...allLarge), "ms", Math.max(...allSmall));
  record("C1 status counts over 1M for function + one-day range, p50", countMs, "ms", null);
  for (const file of [largePath, smallPath]) fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

/** Opens a history the way the console does: the first page, then the rest in its page size. */
async function openHistory(executionId: string): Promise<{ firstPageMs: number; totalMs: number; events: number }> {
  const { CONSOLE_HISTORY_PAGE, FIRST_HISTORY_PAGE, getHistory } = await import("../lib/queries/history");
  const started = performance.now();
  let page = await getHistory(executionId, { limit: FIRST_HISTORY_PAGE });
  JSON.stringify(page);
  const firstPageMs = performance.now() - started;
  let events = page.events.length;
  while (page.nextCursor !== undefined) {
    page = await getHistory(executionId, { after: page.nextCursor, limit: CONSOLE_HISTORY_PAGE });
    JSON.stringify(page);
    events += page.events.length;
  }
  return { firstPageMs, totalMs: performance.now() - started, events };
}

/** The floor: the same rows read with one raw SQL statement and parsed, nothing else. */
function rawHistoryRead(storePath: string, executionId: string): number {
  const db = new Database(storePath, { readonly: true });
  try {
    const started = performance.now();
    const rows = db.prepare("SELECT event FROM events WHERE execution_id = ? ORDER BY event_id").all(executionId) as { event: string }[];
    let n = 0;
    for (const row of rows) n += (JSON.parse(row.event) as { EventId: number }).EventId > 0 ? 1 : 0;
    if (n !== rows.length) throw new Error("unreadable event");
    return performance.now() - started;
  } finally {
    db.close();
  }
}

async function largeHistory(record: RecordFigure): Promise<void> {
  const storePath = tempDbPath("console-history");
  const store = new SqliteStore({ path: storePath, synchronous: "OFF" });
  await store.init();
  let started = performance.now();
  const big = await writeLargeExecution(store, { name: "history-100k", iterations: 25_000, perCheckpoint: 500 });
  const buildSeconds = (performance.now() - started) / 1000;
  const small = await writeLargeExecution(store, { name: "history-1k", iterations: 250 });
  await store.close();
  if (big.eventCount < 100_000) throw new Error(`expected 100,000+ events, got ${big.eventCount}`);

  const { listOperations } = await import("../lib/queries/operations");
  const result = await withConsoleStore(storePath, async () => {
    await openHistory(small.executionId); // warm-up
    const smallOpen = await openHistory(small.executionId);
    const bigOpen = await openHistory(big.executionId);
    started = performance.now();
    const operations = await listOperations(big.executionId);
    JSON.stringify(operations);
    const operationsMs = performance.now() - started;
    return { smallOpen, bigOpen, operationsMs, operationCount: operations.length };
  });
  if (result.bigOpen.events !== big.eventCount) throw new Error(`read ${result.bigOpen.events} of ${big.eventCount} events`);
  const floorMs = rawHistoryRead(storePath, big.executionId);

  record(`C2 build: ${big.eventCount.toLocaleString("en-US")} events through the checkpoint processor`, buildSeconds, "s", null);
  record("C2 100k-event history: first page", result.bigOpen.firstPageMs, "ms", result.smallOpen.firstPageMs);
  record("C2 100k-event history: every event, in console pages", result.bigOpen.totalMs, "ms", floorMs, "value < 2000 ms");
  record("C2 1,000-event history: every event (baseline size)", result.smallOpen.totalMs, "ms", null);
  record(`C2 ${result.operationCount.toLocaleString("en-US")} operations of that execution (operations tab)`, result.operationsMs, "ms", null);
  fs.rmSync(path.dirname(storePath), { recursive: true, force: true });
}

export async function consoleBench(record: RecordFigure): Promise<void> {
  await executionsList(record);
  await largeHistory(record);
}
