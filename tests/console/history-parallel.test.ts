/**
 * The console's reads of a 100,000-event execution over a real SQLite file, through the real
 * route handlers: one operation's events come from the operation's event list (read by key, no
 * history read at all), and the rest of a long history is read several fixed EventId slices at
 * a time (`after` + `until`), appended to the history query in display order, ending exactly as
 * a one-page-at-a-time read would.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InfiniteQueryObserver, QueryClient, type InfiniteData } from "@tanstack/react-query";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerFetchWithHistoryRoute, closeConsoleFixture } from "./support/fixture";
import { iterationIds, writeLargeExecution } from "@/bench/console-fixtures";
import { openStore } from "@/sdk/store/open";
import type { DurableStore } from "@/sdk/store/types";
import type { HistoryPage, OperationDetail } from "@/lib/types";
import { HISTORY_FETCH_CONCURRENCY, fetchSlicesInOrder, planHistorySlices, type HistorySlice } from "@/lib/history-pages";

const dir = mkdtempSync(join(tmpdir(), "console-history-parallel-"));
process.env.DURABLE_STORE = join(dir, "durable.db");

let store: DurableStore;
let bigId: string;
let bigEvents: number;
let mapId: string;
const requests: string[] = [];
let inFlight = 0;
let maxInFlight = 0;
let restoreFetch: () => void;

const ctx = <P extends Record<string, string>>(params: P) => ({ params: Promise.resolve(params) });
const historyUrl = (query: string) => new Request(`http://console.test/api/executions/${bigId}/history?${query}`);

beforeAll(async () => {
  store = await openStore(process.env.DURABLE_STORE);
  const big = await writeLargeExecution(store, { name: "history-parallel", iterations: 25_000, perCheckpoint: 1000 });
  bigId = big.executionId;
  bigEvents = big.eventCount;
  mapId = big.mapOperationId;
  restoreFetch = await answerFetchWithHistoryRoute(requests, async (answer) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1)); // answered asynchronously, as over a network
      return await answer();
    } finally {
      inFlight -= 1;
    }
  });
}, 120_000);

afterAll(async () => {
  restoreFetch();
  await closeConsoleFixture(store, dir);
});

describe("GET /api/executions/:id/operations/:operationId in a 100,000-event execution", () => {
  it("answers the operation, its attempts and its own events without reading the history", async () => {
    expect(bigEvents).toBeGreaterThanOrEqual(100_000);
    const { durable } = await import("@/lib/server/durable");
    const consoleStore = (await durable()).raw.store;
    const historyReads: unknown[] = [];
    const getHistory = consoleStore.history.list.bind(consoleStore.history);
    consoleStore.history.list = (...args) => {
      historyReads.push(args);
      return getHistory(...args);
    };
    try {
      const { GET } = await import("@/app/api/executions/[id]/operations/[operationId]/route");
      const { iterationId, stepId } = iterationIds(mapId, 20_000);
      const response = await GET(new Request(`http://console.test/api/executions/${bigId}/operations/${stepId}`), ctx({ id: bigId, operationId: stepId }));
      expect(response.status).toBe(200);
      const detail = (await response.json()) as OperationDetail;
      expect(Object.keys(detail).sort()).toEqual(["attempts", "events", "operation"]);
      expect(detail.operation).toMatchObject({ Id: stepId, Type: "STEP", Status: "SUCCEEDED", ParentId: iterationId });
      expect(detail.operation).not.toHaveProperty("eventIds");
      expect(detail.events.map((e) => [e.EventType, e.Id])).toEqual([["StepStarted", stepId], ["StepSucceeded", stepId]]);
      expect(detail.events[0]!.EventId).toBeLessThan(detail.events[1]!.EventId);
      expect(detail.attempts).toHaveLength(1);

      const map = (await (await GET(new Request(`http://console.test/api/executions/${bigId}/operations/${mapId}`), ctx({ id: bigId, operationId: mapId }))).json()) as OperationDetail;
      expect(map.events.map((e) => e.EventType)).toEqual(["ContextStarted", "ContextSucceeded"]);
      expect(map.events[1]!.EventId).toBe(bigEvents - 1);
      const execution = (await (await GET(new Request(`http://console.test/api/executions/${bigId}/operations/${bigId}`), ctx({ id: bigId, operationId: bigId }))).json()) as OperationDetail;
      expect(execution.events.map((e) => [e.EventId, e.EventType])).toEqual([[1, "ExecutionStarted"], [bigEvents, "ExecutionSucceeded"]]);

      const missing = await GET(new Request(`http://console.test/api/executions/${bigId}/operations/nope`), ctx({ id: bigId, operationId: "nope" }));
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("OPERATION_NOT_FOUND");
      expect(historyReads).toEqual([]);
    } finally {
      consoleStore.history.list = getHistory;
    }
  });
});

describe("GET /api/executions/:id/history with until", () => {
  it("answers a fixed slice: after < EventId <= until, with a cursor only when the limit cut it short", async () => {
    const { GET } = await import("@/app/api/executions/[id]/history/route");
    const slice = (await (await GET(historyUrl("after=1000&until=11000&limit=10000"), ctx({ id: bigId }))).json()) as HistoryPage;
    expect(slice.events).toHaveLength(10_000);
    expect([slice.events[0]!.EventId, slice.events.at(-1)!.EventId]).toEqual([1001, 11_000]);
    expect(slice.nextCursor).toBeUndefined();
    const cut = (await (await GET(historyUrl("after=1000&until=11000&limit=500"), ctx({ id: bigId }))).json()) as HistoryPage;
    expect([cut.events.length, cut.events.at(-1)!.EventId, cut.nextCursor]).toEqual([500, 1500, 1500]);
    const tail = (await (await GET(historyUrl(`after=${bigEvents - 3}&until=${bigEvents + 50}`), ctx({ id: bigId }))).json()) as HistoryPage;
    expect(tail.events.map((e) => e.EventId)).toEqual([bigEvents - 2, bigEvents - 1, bigEvents]);
    expect(tail.nextCursor).toBeUndefined();
    // Without until, a cursor still means "more events are stored".
    const open = (await (await GET(historyUrl("after=1000&limit=500"), ctx({ id: bigId }))).json()) as HistoryPage;
    expect(open.nextCursor).toBe(1500);
  });

  it.each(["until=0", "after=500&until=500", "after=600&until=500", "until=abc", "until=1.5", "until=-3"])("refuses %s with 400 VALIDATION_ERROR", async (query) => {
    const { GET } = await import("@/app/api/executions/[id]/history/route");
    const response = await GET(historyUrl(query), ctx({ id: bigId }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; details?: Array<{ path: string }> } };
    expect(body.error.code).toBe("VALIDATION_ERROR");
    expect(body.error.details?.map((d) => d.path)).toContain("until");
  });
});

describe("the console's parallel read of a long history", () => {
  it("plans fixed slices up to eventCount, the last one open-ended", () => {
    expect(planHistorySlices(1000, 31_000, 10_000)).toEqual([{ after: 1000, until: 11_000 }, { after: 11_000, until: 21_000 }, { after: 21_000 }]);
    expect(planHistorySlices(1000, 31_001, 10_000)).toEqual([
      { after: 1000, until: 11_000 },
      { after: 11_000, until: 21_000 },
      { after: 21_000, until: 31_000 },
      { after: 31_000 },
    ]);
    expect(planHistorySlices(5000, 5000)).toEqual([]);
  });

  it("reads the rest of a 100,000-event history 4 pages at a time into the query, ending as a sequential read would", async () => {
    const { executionQueries } = await import("@/lib/client/query-options");
    const { backfillHistory } = await import("@/lib/client/history-backfill");
    const { getHistory } = await import("@/lib/server/queries/history");
    const client = new QueryClient();
    const observer = new InfiniteQueryObserver(client, executionQueries.history(bigId));
    const seen: number[] = [];
    const unsubscribe = observer.subscribe((result) => seen.push(result.data?.pages.length ?? 0));
    try {
      await expect.poll(() => observer.getCurrentResult().data?.pages.length).toBe(1);
      requests.length = 0;
      maxInFlight = 0;
      const appended = await backfillHistory(client, bigId, bigEvents);
      const expectedPages = Math.ceil((bigEvents - 1000) / 10_000);
      expect(appended).toBe(expectedPages);
      expect(maxInFlight).toBe(HISTORY_FETCH_CONCURRENCY);
      expect(requests.slice(0, 2)).toEqual(["history?after=1000&until=11000&limit=10000", "history?after=11000&until=21000&limit=10000"]);
      expect(requests.at(-1)).toBe(`history?after=${1000 + (expectedPages - 1) * 10_000}&limit=10000`);
      // Pages were appended one by one, in order (the table grows from the top).
      expect(seen.filter((n, i) => n > 0 && n !== seen[i - 1])).toEqual(Array.from({ length: expectedPages + 1 }, (_, i) => i + 1));

      // Exactly the pages a one-after-another read gives (same events, same cursors).
      const data = observer.getCurrentResult().data as InfiniteData<HistoryPage, number>;
      const sequential: HistoryPage[] = [await getHistory(bigId)];
      while (sequential.at(-1)!.nextCursor !== undefined) sequential.push(await getHistory(bigId, { after: sequential.at(-1)!.nextCursor, limit: 10_000 }));
      expect(data.pages).toEqual(sequential);
      expect(data.pageParams).toEqual([0, ...sequential.slice(0, -1).map((p) => p.nextCursor)]);

      // Afterwards the query's own paging reads the tail only.
      requests.length = 0;
      await observer.fetchNextPage();
      expect(requests).toEqual([`history?after=${bigEvents}&limit=10000`]);
    } finally {
      unsubscribe();
      client.clear();
    }
  });
});

describe("fetchSlicesInOrder", () => {
  const slices: HistorySlice[] = Array.from({ length: 7 }, (_, i) => ({ after: i * 10, until: i * 10 + 10 }));
  /** A fetch whose answers the test releases in any order. */
  function controlled() {
    const waiting = new Map<number, { resolve: (v: string) => void; reject: (e: unknown) => void }>();
    let active = 0;
    let peak = 0;
    const fetchSlice = (slice: HistorySlice) =>
      new Promise<string>((resolve, reject) => {
        active += 1;
        peak = Math.max(peak, active);
        waiting.set(slice.after / 10, {
          resolve: (v) => {
            active -= 1;
            resolve(v);
          },
          reject: (e) => {
            active -= 1;
            reject(e);
          },
        });
      });
    const settle = async () => {
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    return { waiting, fetchSlice, settle, peak: () => peak };
  }

  it("hands pages on in slice order whatever order they arrive in, with at most `concurrency` in flight", async () => {
    const c = controlled();
    const got: string[] = [];
    const done = fetchSlicesInOrder(slices, c.fetchSlice, (page) => void got.push(page), { concurrency: 3 });
    await c.settle();
    expect([...c.waiting.keys()]).toEqual([0, 1, 2]);
    c.waiting.get(2)!.resolve("p2");
    c.waiting.get(1)!.resolve("p1");
    await c.settle();
    expect(got).toEqual([]);
    c.waiting.get(0)!.resolve("p0");
    await c.settle();
    expect(got).toEqual(["p0", "p1", "p2"]);
    for (let i = 3; i < 7; i++) {
      await c.settle();
      c.waiting.get(i)!.resolve(`p${i}`);
    }
    expect(await done).toBe(7);
    expect(got).toEqual(["p0", "p1", "p2", "p3", "p4", "p5", "p6"]);
    expect(c.peak()).toBe(3);
  });

  it("rejects with the first failure and hands on nothing after the failed slice", async () => {
    const c = controlled();
    const got: string[] = [];
    const done = fetchSlicesInOrder(slices, c.fetchSlice, (page) => void got.push(page), { concurrency: 3 });
    await c.settle();
    c.waiting.get(0)!.resolve("p0");
    c.waiting.get(2)!.resolve("p2");
    c.waiting.get(1)!.reject(new Error("boom"));
    await expect(done).rejects.toThrow("boom");
    expect(got).toEqual(["p0"]);
    expect(c.waiting.has(5)).toBe(false);
  });

  it("stops when the consumer says so, and when aborted", async () => {
    const c = controlled();
    const got: string[] = [];
    const stopped = fetchSlicesInOrder(slices, c.fetchSlice, (page) => (got.push(page), page !== "p1"), { concurrency: 2 });
    await c.settle();
    c.waiting.get(0)!.resolve("p0");
    c.waiting.get(1)!.resolve("p1");
    expect(await stopped).toBe(2);
    expect(got).toEqual(["p0", "p1"]);

    const abort = new AbortController();
    const d = controlled();
    const aborted = fetchSlicesInOrder(slices, d.fetchSlice, (page) => void got.push(page), { concurrency: 2, signal: abort.signal });
    await d.settle();
    abort.abort();
    d.waiting.get(0)!.resolve("late");
    d.waiting.get(1)!.resolve("late");
    expect(await aborted).toBe(0);
    expect(got).not.toContain("late");
  });
});
