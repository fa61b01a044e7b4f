/**
 * The approvals inbox's API over a real SQLite file, as Next calls it: filtered by function and
 * callback name, sorted by deadline, and one answer sent to several typed approvals at once
 * (each filled with who answered, each audited; an answer that does not fit refused whole).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerExamples } from "@/examples";
import { sampleOrder } from "@/examples/order-processing/sample-order";
import { DurableClient } from "@/sdk/runtime/client";
import { FunctionRegistry } from "@/sdk/runtime/registry";
import { Worker } from "@/sdk/runtime/worker";
import { openStore } from "@/sdk/store/open";
import type { DurableStore } from "@/sdk/store/types";
import type { AnswerManyResult, PendingCallbackPage } from "@/lib/types";
import { closeConsoleFixture } from "./support/fixture";

const dir = mkdtempSync(join(tmpdir(), "console-approvals-"));
process.env.DURABLE_STORE = join(dir, "durable.db");

let store: DurableStore;
let client: DurableClient;
let worker: Worker;
let orders: string[];
let expenseId: string;

const get = (path: string) => new Request(`http://console.test${path}`);
const post = (path: string, body: unknown) =>
  new Request(`http://console.test${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function inbox(query = ""): Promise<PendingCallbackPage> {
  const { GET } = await import("@/app/api/approvals/route");
  const response = await GET(get(`/api/approvals${query}`), undefined as never);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as PendingCallbackPage;
}

async function answerMany(body: unknown): Promise<Response> {
  const { POST } = await import("@/app/api/callbacks/answers/route");
  return POST(post("/api/callbacks/answers", body), undefined as never);
}

beforeAll(async () => {
  store = await openStore(process.env.DURABLE_STORE);
  client = new DurableClient({ store });
  worker = new Worker({ store, registry: registerExamples(new FunctionRegistry()), retentionDays: null });
  orders = [];
  for (const id of ["A-1", "A-2", "A-3"]) {
    const input = JSON.stringify(sampleOrder(id));
    orders.push((await client.startExecution({ functionName: "order-processing", name: `order-${id}`, input })).execution.executionId);
  }
  const claim = { claimId: "EX-1", employee: "dana@example.com", amount: 90, currency: "EUR", purpose: "Books" };
  expenseId = (await client.startExecution({ functionName: "expense-approval", name: "expense-1", input: JSON.stringify(claim) })).execution.executionId;
  // The orders hold for a second before they ask for approval.
  for (let round = 0; round < 200 && (await store.callbacks.listPending()).items.length < 4; round++) {
    await worker.drain();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

afterAll(async () => {
  await worker.stop();
  await closeConsoleFixture(store, dir);
});

describe("GET /api/approvals", () => {
  it("filters by callback name and function, and sorts by deadline with the farthest last", async () => {
    const all = await inbox();
    expect(all.items).toHaveLength(4);
    expect((await inbox("?name=approval")).items.map((i) => i.executionId).sort()).toEqual([...orders].sort());
    expect((await inbox("?function=expense-approval")).items.map((i) => [i.executionId, i.name])).toEqual([[expenseId, "review"]]);
    expect((await inbox("?function=order-processing&name=review")).items).toEqual([]);
    // Orders time out after 7 days, the expense review after 14: soonest first puts it last.
    const byDeadline = (await inbox("?sort=deadline")).items;
    expect(byDeadline.at(-1)?.executionId).toBe(expenseId);
    const deadlines = byDeadline.map((i) => Date.parse(i.timeoutAt!));
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
    // Pages keep the order they were made for.
    const first = await inbox("?sort=deadline&limit=2");
    const second = await inbox(`?sort=deadline&limit=2&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((i) => i.callbackId)).toEqual(byDeadline.map((i) => i.callbackId));
  });

  it("refuses an unknown sort, a bad name and a cursor of the other order", async () => {
    const { GET } = await import("@/app/api/approvals/route");
    for (const query of ["?sort=newest", `?name=${"x".repeat(300)}`, `?sort=deadline&cursor=${(await inbox("?limit=1")).nextCursor}`]) {
      const response = await GET(get(`/api/approvals${query}`), undefined as never);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_ERROR");
    }
  });
});

describe("POST /api/callbacks/answers", () => {
  it("refuses an answer that does not fit the form, whole, and leaves every callback pending", async () => {
    const ids = (await inbox("?name=approval")).items.map((i) => i.callbackId);
    const response = await answerMany({ callbackIds: ids, result: JSON.stringify({ approved: "yes", comment: "x" }) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; details: Array<{ path: string }> } };
    expect(body.error.code).toBe("VALIDATION_ERROR");
    expect(body.error.details.map((d) => d.path)).toEqual(expect.arrayContaining(["result.approved", "result.comment"]));
    for (const id of ids) expect((await store.callbacks.get(id))?.pending).toBe(true);
  });

  it("refuses an empty list, a malformed id and ids that name nothing", async () => {
    for (const [body, status, code] of [
      [{ callbackIds: [] }, 400, "VALIDATION_ERROR"],
      [{ callbackIds: ["a b"] }, 400, "VALIDATION_ERROR"],
      [{ callbackIds: ["AAAA"], extra: 1 }, 400, "VALIDATION_ERROR"],
      [{ callbackIds: ["AAAA", "BBBB"], result: "{}" }, 404, "CALLBACK_NOT_FOUND"],
    ] as const) {
      const response = await answerMany(body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    }
  });

  it("answers several approvals of one kind at once, each filled with who answered and audited on its execution", async () => {
    const ids = (await inbox("?name=approval")).items.map((i) => i.callbackId);
    const response = await answerMany({ callbackIds: [...ids, "AAAA"], result: JSON.stringify({ approved: true, reason: "batch", approver: "not me" }) });
    expect(response.status).toBe(200);
    const reply = (await response.json()) as AnswerManyResult;
    expect([reply.succeeded, reply.failed]).toEqual([3, 1]);
    expect(reply.results.find((r) => r.callbackId === "AAAA")?.error?.code).toBe("CALLBACK_NOT_FOUND");
    await worker.drain();
    for (const id of orders) {
      const done = await client.getExecution(id);
      expect(done.status).toBe("SUCCEEDED");
      expect(JSON.parse(done.result!)).toMatchObject({ status: "SHIPPED", approval: { approved: true, reason: "batch", approver: "local" } });
      const audit = (await client.listAudit({ executionId: id })).items;
      expect(audit.map((r) => [r.action, r.outcome])).toContainEqual(["callback.succeed", "succeeded"]);
    }
    // Answering them again: each says why not, and nothing changes.
    const again = (await (await answerMany({ callbackIds: ids, result: JSON.stringify({ approved: false }) })).json()) as AnswerManyResult;
    expect(again.results.map((r) => r.error?.code)).toEqual(ids.map(() => "CALLBACK_TIMEOUT"));
    expect((await inbox()).items.map((i) => i.executionId)).toEqual([expenseId]);
  });
});
