/**
 * The Event History as the console reads it, over a real SQLite file: a first page of 1,000, the
 * rest in pages of 10,000 (a history of 100,000+ events in a dozen requests), and the tail only
 * once everything is held — the console's query (lib/client/query-options) driven through TanStack's
 * own observer, with `fetch` answered by the real route handler.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InfiniteQueryObserver, QueryClient, type InfiniteData } from "@tanstack/react-query";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerFetchWithHistoryRoute, closeConsoleFixture } from "./support/fixture";
import { writeLargeExecution } from "@/bench/console-fixtures";
import { processCheckpoint } from "@/sdk/runtime/checkpoint-processor";
import { newCallbackId, newExecutionId } from "@/sdk/runtime/ids";
import { openStore } from "@/sdk/store/open";
import type { DurableStore } from "@/sdk/store/types";
import type { OperationUpdate } from "@/sdk/types/wire";
import type { HistoryPage } from "@/lib/types";

const dir = mkdtempSync(join(tmpdir(), "console-history-"));
process.env.DURABLE_STORE = join(dir, "durable.db");

let store: DurableStore;
let bigId: string;
let bigEvents: number;
let runningId: string;
const requests: string[] = [];
let restoreFetch: () => void;

beforeAll(async () => {
  store = await openStore(process.env.DURABLE_STORE);
  const big = await writeLargeExecution(store, { name: "history-big", iterations: 25_000, perCheckpoint: 1000 });
  bigId = big.executionId;
  bigEvents = big.eventCount;
  runningId = (await writeLargeExecution(store, { name: "history-running", iterations: 300, leaveRunning: true })).executionId;
  // The console's fetches go to the real route handler, in-process.
  restoreFetch = await answerFetchWithHistoryRoute(requests);
}, 120_000);

afterAll(async () => {
  restoreFetch();
  await closeConsoleFixture(store, dir);
});

/** Appends `n` step events (StepStarted + StepSucceeded pairs) to a running execution, as a checkpoint would. */
async function appendSteps(executionId: string, n: number, from: number): Promise<void> {
  const updates: OperationUpdate[] = [];
  for (let i = 0; i < n; i++) {
    const Id = `tail-step-${from + i}`;
    updates.push({ Id, Type: "STEP", SubType: "Step", Name: Id, Action: "START" }, { Id, Type: "STEP", SubType: "Step", Name: Id, Action: "SUCCEED", Payload: "1" });
  }
  await store.transact(executionId, { readOperationIds: updates.map((u) => u.Id) }, (snapshot) => ({
    mutation: processCheckpoint({ execution: snapshot.execution, operations: snapshot.operations, updates, now: Date.now(), deps: { newCallbackId, newExecutionId } }).mutation,
  }));
}

describe("getHistory", () => {
  it("reads a 100,000-event history in console pages, every event once and in order", async () => {
    expect(bigEvents).toBeGreaterThanOrEqual(100_000);
    const { getHistory } = await import("@/lib/server/queries/history");
    const first = await getHistory(bigId);
    expect(first.events).toHaveLength(1000);
    expect(first.nextCursor).toBe(1000);
    let page = first;
    let seen = first.events.length;
    let previous = first.events.at(-1)!.EventId;
    let reads = 1;
    while (page.nextCursor !== undefined) {
      page = await getHistory(bigId, { after: page.nextCursor, limit: 10_000 });
      reads += 1;
      expect(page.events[0]!.EventId).toBe(previous + 1);
      previous = page.events.at(-1)!.EventId;
      seen += page.events.length;
    }
    expect(seen).toBe(bigEvents);
    expect(previous).toBe(bigEvents);
    expect(reads).toBe(Math.ceil((bigEvents - 1000) / 10_000) + 1);
  });

  it("answers a page that ends exactly at the last event without a cursor", async () => {
    const { getHistory } = await import("@/lib/server/queries/history");
    const page = await getHistory(bigId, { after: bigEvents - 2500, limit: 2500 });
    expect(page.events).toHaveLength(2500);
    expect(page.nextCursor).toBeUndefined();
  });

  it("refuses pages over 10,000 events with 400 VALIDATION_ERROR", async () => {
    const { GET } = await import("@/app/api/executions/[id]/history/route");
    const response = await GET(new Request(`http://console.test/api/executions/${bigId}/history?limit=10001`), { params: Promise.resolve({ id: bigId }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_ERROR");
  });
});

describe("operations of a very large execution", () => {
  it("lists 50,000 operations without their results, which the operation's own read still has", async () => {
    const { getOperationDetail, listOperations } = await import("@/lib/server/queries/operations");
    const operations = await listOperations(bigId);
    expect(operations).toHaveLength(50_002);
    const step = operations.find((op) => op.Type === "STEP")!;
    expect(step.PayloadsOmitted).toBe(true);
    expect(step.StepDetails?.Result).toBeUndefined();
    expect(step.Status).toBe("SUCCEEDED");
    const detail = await getOperationDetail(bigId, step.Id);
    expect(detail.operation.PayloadsOmitted).toBeUndefined();
    expect(JSON.parse(detail.operation.StepDetails!.Result!)).toMatchObject({ orderId: expect.stringMatching(/^A-\d+$/) });
    expect(detail.events.map((e) => e.EventType)).toEqual(["StepStarted", "StepSucceeded"]);
  });
});

describe("the console's history query", () => {
  it("loads a running execution's history, then reads only the new tail", async () => {
    const { executionQueries } = await import("@/lib/client/query-options");
    const client = new QueryClient();
    const observer = new InfiniteQueryObserver(client, executionQueries.history(runningId));
    const unsubscribe = observer.subscribe(() => undefined);
    try {
      await expect.poll(() => observer.getCurrentResult().data?.pages.length).toBe(1);
      // The rest of the stored history (the hook does this in the background).
      expect(observer.getCurrentResult().data?.pages[0]!.nextCursor).toBe(1000);
      await observer.fetchNextPage();
      const held = () => (observer.getCurrentResult().data as InfiniteData<HistoryPage>).pages.flatMap((p) => p.events);
      const initial = (await store.executions.get(runningId))!.eventCount;
      expect(held()).toHaveLength(initial);
      expect(requests.filter((r) => r.includes("after=1000"))).toHaveLength(1);

      // Forty new events: the next page is the tail, read after the last event held.
      requests.length = 0;
      await appendSteps(runningId, 20, 0);
      await observer.fetchNextPage();
      expect(requests).toEqual([`history?after=${initial}&limit=10000`]);
      expect(held()).toHaveLength(initial + 40);
      expect(held().at(-1)!.EventId).toBe(initial + 40);
      expect(new Set(held().map((e) => e.EventId)).size).toBe(initial + 40);

      // Nothing new: the tail is empty and nothing held is read again.
      requests.length = 0;
      await observer.fetchNextPage();
      expect(requests).toEqual([`history?after=${initial + 40}&limit=10000`]);
      expect(held()).toHaveLength(initial + 40);
    } finally {
      unsubscribe();
      client.clear();
    }
  });
});
