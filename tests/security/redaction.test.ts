/**
 * Payload redaction (DURABLE_REDACT_PATHS) on every kind of API answer that shows payloads, on
 * the queries the pages render from, and on an action's answer; the store keeps the real values,
 * and a replay with an edited input gets the real values back where the edit left "[REDACTED]".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDACTED, Redactor, parseRedactPaths } from "@/lib/redaction/redact";
import { parseJsonPath } from "@/lib/redaction/json-path";
import { CARD, Callers, SSN, configureAuth, ctx, createHarness, startFailed, startWaitingPayment, type SecurityHarness } from "./support";
import { waitUntil } from "../support/wait";

configureAuth();
// Paths start at each payload's root: the handler's result nests the card under "charge".
process.env.DURABLE_REDACT_PATHS = "$.card.number, $..ssn, $.charge.card.number";

let h: SecurityHarness;
const callers = new Callers();
let waiting: { executionId: string; callbackId: string };
let doneId: string;
let failedId: string;

beforeAll(async () => {
  h = await createHarness("security-redaction");
  waiting = await startWaitingPayment(h, "redact-waiting");
  const done = await startWaitingPayment(h, "redact-done");
  await h.client.sendCallbackSuccess(done.callbackId, JSON.stringify({ approved: true, customer: { ssn: SSN } }));
  await waitUntil("the answered payment to succeed", async () => {
    if ((await h.client.getExecution(done.executionId)).status === "SUCCEEDED") return true;
    await h.worker.drain();
    return false;
  }, 30_000, 10);
  doneId = done.executionId;
  failedId = await startFailed(h, "redact-failed");
  await callers.signIn("viewer");
});

afterAll(async () => {
  await h.close();
});

type Handler = (request: Request, context: never) => Promise<Response>;

async function read(load: () => Promise<Handler>, path: string, params: Record<string, string> = {}): Promise<string> {
  const handler = await load();
  const response = await handler(callers.request("viewer-session", "GET", path), ctx(params) as never);
  expect(response.status, path).toBe(200);
  return response.text();
}

function expectRedacted(text: string, what: string): void {
  expect(text, what).not.toContain(CARD);
  expect(text, what).not.toContain(SSN);
  expect(text, what).toContain(REDACTED);
}

describe("API answers", () => {
  it("execution: input and result", async () => {
    for (const id of [waiting.executionId, doneId]) {
      const text = await read(async () => (await import("@/app/api/executions/[id]/route")).GET as Handler, `/api/executions/${id}`, { id });
      expectRedacted(text, "execution");
      const body = JSON.parse(text) as { input: string; result?: string };
      expect(JSON.parse(body.input)).toEqual({ card: { number: REDACTED, holder: expect.stringMatching(/^holder-/) }, customer: { ssn: REDACTED, name: expect.any(String) } });
    }
    const done = JSON.parse(await read(async () => (await import("@/app/api/executions/[id]/route")).GET as Handler, `/api/executions/${doneId}`, { id: doneId })) as {
      result: string;
    };
    const result = JSON.parse(done.result) as { customer: { ssn: string; name: string } };
    expect(result.customer.ssn).toBe(REDACTED);
    expect(result.customer.name).toBe("customer-redact-done");
  });

  it("operations: step results and the execution's input", async () => {
    const text = await read(async () => (await import("@/app/api/executions/[id]/operations/route")).GET as Handler, `/api/executions/${waiting.executionId}/operations`, {
      id: waiting.executionId,
    });
    expectRedacted(text, "operations");
    const operations = JSON.parse(text) as Array<{ Name?: string; StepDetails?: { Result?: string } }>;
    const charge = operations.find((op) => op.Name === "charge")!;
    // only the configured path goes: the rest of the step's result is intact
    expect(JSON.parse(charge.StepDetails!.Result!)).toEqual({ card: { number: REDACTED, last4: "1111" }, ok: true });
  });

  it("snapshot: the execution's input and its operations' results", async () => {
    const text = await read(async () => (await import("@/app/api/executions/[id]/snapshot/route")).GET as Handler, `/api/executions/${waiting.executionId}/snapshot`, {
      id: waiting.executionId,
    });
    expectRedacted(text, "snapshot");
    const body = JSON.parse(text) as { operations: Array<{ Name?: string; StepDetails?: { Result?: string } }> };
    expect(JSON.parse(body.operations.find((op) => op.Name === "charge")!.StepDetails!.Result!)).toMatchObject({ card: { number: REDACTED } });
  });

  it("one operation: the operation and its own history events", async () => {
    const operations = await h.client.getOperations(waiting.executionId);
    const charge = operations.find((r) => r.operation.Name === "charge")!.operation.Id;
    const text = await read(
      async () => (await import("@/app/api/executions/[id]/operations/[operationId]/route")).GET as Handler,
      `/api/executions/${waiting.executionId}/operations/${charge}`,
      { id: waiting.executionId, operationId: charge },
    );
    expectRedacted(text, "operation detail");
    const body = JSON.parse(text) as { events: Array<{ EventType: string }> };
    expect(body.events.map((e) => e.EventType)).toContain("StepSucceeded");
  });

  it("history: event payloads (execution input, step results, callback results)", async () => {
    for (const id of [waiting.executionId, doneId]) {
      const text = await read(async () => (await import("@/app/api/executions/[id]/history/route")).GET as Handler, `/api/executions/${id}/history`, { id });
      expectRedacted(text, "history");
    }
  });

  it("logs: structured log data", async () => {
    const text = await read(async () => (await import("@/app/api/executions/[id]/logs/route")).GET as Handler, `/api/executions/${waiting.executionId}/logs`, {
      id: waiting.executionId,
    });
    expectRedacted(text, "logs");
    const logs = JSON.parse(text) as { items: Array<{ message: string; data?: string }> };
    const charged = logs.items.find((entry) => entry.message === "charged")!;
    expect(JSON.parse(charged.data!)).toEqual({ card: { number: REDACTED }, customer: { name: "customer-redact-waiting" } });
  });

  it("lists and errors carry no payload in clear", async () => {
    const list = await read(async () => (await import("@/app/api/executions/route")).GET as Handler, "/api/executions");
    expect(list).not.toContain(CARD);
    const failed = await read(async () => (await import("@/app/api/executions/[id]/route")).GET as Handler, `/api/executions/${failedId}`, { id: failedId });
    expectRedacted(failed, "failed execution");
  });

  it("an action's answer: stop returns the execution redacted", async () => {
    const operator = new Callers();
    await operator.signIn("operator");
    const target = await startWaitingPayment(h, "redact-stop");
    const { POST } = await import("@/app/api/executions/[id]/stop/route");
    const response = await POST(operator.request("operator-session", "POST", `/api/executions/${target.executionId}/stop`), ctx({ id: target.executionId }));
    expect(response.status).toBe(200);
    expectRedacted(await response.text(), "stop answer");
  });
});

describe("pages render redacted data", () => {
  it("the queries the server components call come back redacted", async () => {
    const { getExecution } = await import("@/lib/server/queries/executions");
    const { listOperations } = await import("@/lib/server/queries/operations");
    const { getLogs, getHistory } = await import("@/lib/server/queries/history");
    const rendered = JSON.stringify([
      await getExecution(doneId),
      await listOperations(waiting.executionId),
      await getHistory(doneId),
      await getLogs(waiting.executionId),
    ]);
    expectRedacted(rendered, "page data");
  });
});

describe("the store keeps the real values", () => {
  it("redaction happens on read only: the stored input, results and logs are unchanged", async () => {
    const stored = await h.store.executions.get(doneId);
    expect(JSON.parse(stored!.inputPayload!).card.number).toBe(CARD);
    expect(JSON.parse(stored!.result!).customer.ssn).toBe(SSN);
    const logs = await h.store.logs.list(waiting.executionId);
    expect(logs.items.some((entry) => entry.data?.includes(CARD))).toBe(true);
  });

  it("a replay with an edited input gets the real values back where it still says [REDACTED]", async () => {
    const operator = new Callers();
    await operator.signIn("operator");
    const { POST } = await import("@/app/api/executions/[id]/replay/route");
    const edited = JSON.stringify({ card: { number: REDACTED, holder: "new holder" }, customer: { ssn: REDACTED, name: "renamed" } });
    const response = await POST(
      operator.request("operator-session", "POST", `/api/executions/${doneId}/replay`, { body: { input: edited } }),
      ctx({ id: doneId }),
    );
    expect(response.status).toBe(201);
    const { executionId } = (await response.json()) as { executionId: string };
    const replayed = await h.store.executions.get(executionId);
    expect(JSON.parse(replayed!.inputPayload!)).toEqual({ card: { number: CARD, holder: "new holder" }, customer: { ssn: SSN, name: "renamed" } });
  });
});

describe("JSON paths", () => {
  const redact = (paths: string, value: unknown) => JSON.parse(new Redactor(parseRedactPaths(paths)).redactText(JSON.stringify(value))) as unknown;

  it("members, quoted names, indexes, wildcards and descendants", () => {
    const doc = { a: { b: 1, c: 2 }, "odd key": { x: 1 }, items: [{ card: "1" }, { card: "2" }, { card: "3" }], deep: { x: { ssn: 1, y: [{ ssn: 2 }] } } };
    expect(redact("$.a.b", doc)).toMatchObject({ a: { b: REDACTED, c: 2 } });
    expect(redact("$['odd key'].x", doc)).toMatchObject({ "odd key": { x: REDACTED } });
    expect(redact("$.items[1].card", doc)).toMatchObject({ items: [{ card: "1" }, { card: REDACTED }, { card: "3" }] });
    expect(redact("$.items[-1].card", doc)).toMatchObject({ items: [{ card: "1" }, { card: "2" }, { card: REDACTED }] });
    expect(redact("$.items[*].card", doc)).toMatchObject({ items: [{ card: REDACTED }, { card: REDACTED }, { card: REDACTED }] });
    expect(redact("$.a.*", doc)).toMatchObject({ a: { b: REDACTED, c: REDACTED } });
    expect(redact("$..ssn", doc)).toMatchObject({ deep: { x: { ssn: REDACTED, y: [{ ssn: REDACTED }] } } });
    expect(redact("$", doc)).toBe(REDACTED);
    expect(redact("$.missing.path", doc)).toEqual(doc);
  });

  it("`..` paths reach into JSON held in a string (a callback answer returned as text); root paths do not", () => {
    const doc = { decision: JSON.stringify({ approved: true, ssn: "123" }), ssn: "456" };
    const anywhere = redact("$..ssn", doc) as { decision: string; ssn: string };
    expect(anywhere.ssn).toBe(REDACTED);
    expect(JSON.parse(anywhere.decision)).toEqual({ approved: true, ssn: REDACTED });
    const rooted = redact("$.ssn", doc) as { decision: string };
    expect(JSON.parse(rooted.decision)).toEqual({ approved: true, ssn: "123" });
  });

  it("leaves text that is not JSON, and text where nothing matched, byte for byte", () => {
    const redactor = new Redactor(parseRedactPaths("$.card"));
    expect(redactor.redactText("not json {")).toBe("not json {");
    expect(redactor.redactText('{ "other" : 1 }')).toBe('{ "other" : 1 }');
  });

  it("a key named __proto__ is redacted as a plain member, and nothing is polluted", () => {
    const text = '{"__proto__":{"card":"secret"},"card":"x"}';
    const out = new Redactor(parseRedactPaths("$['__proto__'].card,$.card")).redactText(text);
    expect(out).not.toContain("secret");
    expect(({} as Record<string, unknown>).card).toBeUndefined();
  });

  it("refuses paths it cannot read, naming them", () => {
    for (const bad of ["card.number", "$.", "$[", "$.a[?(@.x)]", "$['open"]) {
      expect(() => parseJsonPath(bad), bad).toThrow(/not a supported JSON path/);
    }
  });
});
