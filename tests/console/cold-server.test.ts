/**
 * A freshly started console (`next start`, the built app) whose first request is a page, so the
 * store it shares across module graphs (lib/server/durable.ts) is opened by the page graph and its error
 * classes come from that graph's copy of the code. Then:
 * - every error path of the API still answers its own 4xx code, never a 500 (errors are
 *   recognised by brand, not by `instanceof`: sdk/utils/brand);
 * - many approvals sent at once to the still-cold callback route are each recorded with the exact
 *   answer sent (an approval was once recorded without its answer on a fresh server);
 * - a body cut short on its way in is refused with 400 BODY_UNREADABLE, and nothing is recorded.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsoleServer, type ConsoleServer } from "../../support/console-server";
import { rawRequest } from "../support/raw-http";
import { seedWaitingApprovals, type WaitingApprovals } from "../support/waiting-approvals";

const APPROVALS = 24;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-cold-"));
const storeFile = path.join(dir, "cold.db");
let server: ConsoleServer;
let seeded: WaitingApprovals;

beforeAll(async () => {
  seeded = await seedWaitingApprovals(storeFile, APPROVALS + 1);
  server = await startConsoleServer({ DURABLE_STORE: storeFile, DURABLE_EXAMPLE_SWITCHES: path.join(dir, "switches.json") }, { readyPath: "/executions" });
}, 240_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, pathname: string, body?: unknown): Promise<{ status: number; code?: string; json: unknown }> {
  const response = await fetch(`${server.url}${pathname}`, {
    method,
    headers: { "content-type": "application/json", origin: server.url },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const json = (await response.json().catch(() => undefined)) as { error?: { code?: string } } | undefined;
  return { status: response.status, code: json?.error?.code, json };
}

async function callbackAnswer(executionId: string): Promise<unknown> {
  const { json } = await call("GET", `/api/executions/${executionId}/history?limit=500`);
  const events = (json as { events: Array<{ EventType: string; CallbackSucceededDetails?: unknown }> }).events;
  return events.find((event) => event.EventType === "CallbackSucceeded")?.CallbackSucceededDetails;
}

describe("a console whose store a page opened first", () => {
  it("answers every error path of the API with its own 4xx code", async () => {
    const running = seeded.waiting[APPROVALS]!.executionId;
    const order = { orderId: "other", customerId: "c", items: [{ sku: "a", quantity: 1, unitPrice: 2 }] };
    const cases: Array<[string, string, unknown, number, string]> = [
      ["GET", "/api/executions?cursor=garbage", undefined, 400, "INVALID_CURSOR"],
      ["GET", "/api/audit?cursor=garbage", undefined, 400, "INVALID_CURSOR"],
      ["GET", "/api/executions?status=BOGUS", undefined, 400, "VALIDATION_ERROR"],
      ["GET", "/api/executions/00000000-0000-4000-8000-000000000000", undefined, 404, "EXECUTION_NOT_FOUND"],
      ["GET", "/api/executions/not*an*id", undefined, 400, "VALIDATION_ERROR"],
      ["GET", `/api/executions/${running}/operations/0000000000000000`, undefined, 404, "OPERATION_NOT_FOUND"],
      ["POST", "/api/executions", { functionName: "no-such-function", input: "{}" }, 404, "FUNCTION_NOT_FOUND"],
      ["POST", "/api/executions", { functionName: "order-processing", name: "waiting-0", input: JSON.stringify(order) }, 409, "EXECUTION_ALREADY_STARTED"],
      ["POST", "/api/executions", "{not json", 400, "VALIDATION_ERROR"],
      ["POST", `/api/executions/${seeded.succeededExecutionId}/stop`, {}, 409, "INVALID_STATE"],
      ["POST", `/api/executions/${running}/redrive`, {}, 409, "INVALID_STATE"],
      ["PATCH", "/api/executions", {}, 405, "METHOD_NOT_ALLOWED"],
      ["GET", "/api/no-such-route", undefined, 404, "ROUTE_NOT_FOUND"],
    ];
    const wrong: string[] = [];
    for (const [method, pathname, body, status, code] of cases) {
      const answer = await call(method, pathname, body);
      if (answer.status !== status || answer.code !== code) wrong.push(`${method} ${pathname.slice(0, 80)}: expected ${status} ${code}, got ${answer.status} ${answer.code}`);
    }
    expect(wrong).toEqual([]);
  });

  it(`records each of ${APPROVALS} approvals sent at once to the cold callback route with its exact answer`, async () => {
    const approvals = seeded.waiting.slice(0, APPROVALS).map(({ executionId, callbackId }, i) => ({
      executionId,
      callbackId,
      answer: { approved: i % 2 === 0, approver: "someone else", reason: `approval ${i}` },
    }));
    const answers = await Promise.all(approvals.map(({ callbackId, answer }) => call("POST", `/api/callbacks/${callbackId}/succeed`, { result: JSON.stringify(answer) })));
    expect(answers.map((a) => a.status)).toEqual(approvals.map(() => 200));
    for (const { executionId, answer } of approvals) {
      // The approval's form fills its approver with who answered (here the unauthenticated local operator).
      expect(await callbackAnswer(executionId), executionId).toEqual({ Result: { Payload: JSON.stringify({ ...answer, approver: "local" }) } });
    }
  });

  it("refuses answers to unknown or answered callbacks with their codes", async () => {
    const unknown = await call("POST", "/api/callbacks/AAAAAAAAAAAAAAAAAAAAAAAA/succeed", { result: "{}" });
    expect([unknown.status, unknown.code]).toEqual([404, "CALLBACK_NOT_FOUND"]);
    const again = await call("POST", `/api/callbacks/${seeded.waiting[0]!.callbackId}/succeed`, { result: "{}" });
    expect([again.status, again.code]).toEqual([400, "CALLBACK_TIMEOUT"]);
  });

  it("refuses an answer whose body is cut short, and records nothing", async () => {
    const { executionId, callbackId } = seeded.waiting[APPROVALS]!;
    const body = JSON.stringify({ result: JSON.stringify({ approved: true }) });
    const cut = await rawRequest(Number(new URL(server.url).port), {
      method: "POST",
      target: `/api/callbacks/${callbackId}/succeed`,
      headers: [["Host", new URL(server.url).host], ["Content-Type", "application/json"], ["Content-Length", String(body.length + 40)]],
      body,
      endAfterBody: true,
    });
    expect([cut.status, cut.code]).toEqual([400, "BODY_UNREADABLE"]);
    expect(await callbackAnswer(executionId)).toBeUndefined();
  });
});
