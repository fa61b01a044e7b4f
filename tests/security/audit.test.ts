/**
 * The audit log: every action through the API is written to the store with who, what, which
 * execution or callback, when and how it ended (succeeded, failed with its code, or denied), and
 * read back through GET /api/audit, newest first, per execution, keyset-paged. Sign-ins are
 * recorded too, and no record ever holds a password, a token or a payload.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditRecord } from "@/sdk/store/types";
import { CARD, Callers, SECRETS, configureAuth, ctx, createHarness, startFailed, startWaitingPayment, type SecurityHarness } from "./support";

configureAuth();

let h: SecurityHarness;
const callers = new Callers();

beforeAll(async () => {
  h = await createHarness("security-audit");
  await callers.signIn("operator");
  await callers.signIn("viewer");
});

afterAll(async () => {
  await h.close();
});

async function auditOf(executionId: string): Promise<AuditRecord[]> {
  return (await h.store.audit.list({ executionId, limit: 1000 })).items;
}

async function latest(): Promise<AuditRecord> {
  const [record] = (await h.store.audit.list({ limit: 1 })).items;
  if (!record) throw new Error("no audit record");
  return record;
}

describe("every action is recorded with its outcome", () => {
  it("stop: succeeded, then failed (wrong state), then denied for a viewer", async () => {
    const { executionId } = await startWaitingPayment(h, "audit-stop");
    const { POST } = await import("@/app/api/executions/[id]/stop/route");
    const path = `/api/executions/${executionId}/stop`;
    const before = Date.now();
    expect((await POST(callers.request("operator-session", "POST", path), ctx({ id: executionId }))).status).toBe(200);
    expect((await POST(callers.request("operator-token", "POST", path), ctx({ id: executionId }))).status).toBe(409);
    expect((await POST(callers.request("viewer-session", "POST", path), ctx({ id: executionId }))).status).toBe(403);
    expect((await POST(callers.request("anonymous", "POST", path), ctx({ id: executionId }))).status).toBe(401);

    const records = await auditOf(executionId);
    expect(records.map((r) => [r.actor, r.authMethod, r.role, r.action, r.outcome, r.errorCode])).toEqual([
      ["victor", "session", "viewer", "execution.stop", "denied", "FORBIDDEN"],
      ["token", "token", "operator", "execution.stop", "failed", expect.any(String)],
      ["olivia", "session", "operator", "execution.stop", "succeeded", undefined],
    ]);
    expect(records[1]!.message).toMatch(/RUNNING|STOPPED|running|state/i);
    for (const record of records) {
      expect(Date.parse(record.timestamp)).toBeGreaterThanOrEqual(before - 1000);
      expect(record.executionId).toBe(executionId);
      expect(record.source).toBe("console");
    }
  });

  it("a request refused as cross-site is recorded as denied", async () => {
    const { executionId } = await startWaitingPayment(h, "audit-csrf");
    const { POST } = await import("@/app/api/executions/[id]/stop/route");
    const request = callers.request("operator-session", "POST", `/api/executions/${executionId}/stop`, { origin: "https://evil.example", site: "cross-site" });
    expect((await POST(request, ctx({ id: executionId }))).status).toBe(403);
    const [record] = await auditOf(executionId);
    expect(record).toMatchObject({ actor: "olivia", action: "execution.stop", outcome: "denied", errorCode: "CROSS_SITE_REQUEST" });
    expect((await h.store.executions.get(executionId))?.status).toBe("RUNNING");
  });

  it("callback answers are filed under their execution, failures included", async () => {
    const { executionId, callbackId } = await startWaitingPayment(h, "audit-callback");
    const succeed = (await import("@/app/api/callbacks/[callbackId]/succeed/route")).POST;
    const heartbeat = (await import("@/app/api/callbacks/[callbackId]/heartbeat/route")).POST;
    const base = `/api/callbacks/${callbackId}`;
    expect((await heartbeat(callers.request("operator-session", "POST", `${base}/heartbeat`), ctx({ callbackId }))).status).toBe(200);
    expect((await succeed(callers.request("operator-session", "POST", `${base}/succeed`, { body: { result: '{"ok":true}' } }), ctx({ callbackId }))).status).toBe(200);
    const again = await succeed(callers.request("operator-session", "POST", `${base}/succeed`, { body: { result: '{"ok":true}' } }), ctx({ callbackId }));
    expect(again.status).toBeGreaterThanOrEqual(400);
    const bad = await succeed(callers.request("operator-session", "POST", `${base}/succeed`, { body: { result: "not json" } }), ctx({ callbackId }));
    expect(bad.status).toBe(400);

    const records = await auditOf(executionId);
    // The malformed answer never became an action: it is not in the log (a flood of garbage
    // cannot fill it). The second answer is: it was refused because of the callback's state.
    expect(records.map((r) => [r.action, r.outcome, r.callbackId])).toEqual([
      ["callback.succeed", "failed", callbackId],
      ["callback.succeed", "succeeded", callbackId],
      ["callback.heartbeat", "succeeded", callbackId],
    ]);
    expect(records[0]!.errorCode).toBe("CALLBACK_TIMEOUT");
    // the answer's payload is not in the audit log
    expect(JSON.stringify(records)).not.toContain('"ok":true');
  });

  it("start and replay name the execution they created", async () => {
    const start = (await import("@/app/api/executions/route")).POST;
    const response = await start(
      callers.request("operator-session", "POST", "/api/executions", { body: { functionName: "failing", input: JSON.stringify({ card: { number: CARD } }) } }),
      ctx({}),
    );
    expect(response.status).toBe(201);
    const { executionId } = (await response.json()) as { executionId: string };
    expect((await auditOf(executionId))[0]).toMatchObject({ action: "execution.start", outcome: "succeeded", details: { functionName: "failing" } });

    const replay = (await import("@/app/api/executions/[id]/replay/route")).POST;
    const replayed = await replay(callers.request("operator-token", "POST", `/api/executions/${executionId}/replay`), ctx({ id: executionId }));
    const { executionId: newId } = (await replayed.json()) as { executionId: string };
    expect((await auditOf(executionId))[0]).toMatchObject({ action: "execution.replay", actor: "token", details: { newExecutionId: newId, editedInput: false } });

    const before = (await h.store.audit.list({ limit: 1000 })).items.length;
    const refused = await start(callers.request("operator-session", "POST", "/api/executions", { body: { functionName: "bad name!" } }), ctx({}));
    expect(refused.status).toBe(400);
    expect((await h.store.audit.list({ limit: 1000 })).items.length).toBe(before);
    expect(JSON.stringify(await h.store.audit.list({ limit: 1000 }))).not.toContain(CARD);
  });

  it("a bulk action is recorded once per execution, each with its own outcome", async () => {
    const failed = await startFailed(h, "audit-bulk-failed");
    const { executionId: running } = await startWaitingPayment(h, "audit-bulk-running");
    const bulk = (await import("@/app/api/executions/bulk/route")).POST;
    const response = await bulk(callers.request("operator-session", "POST", "/api/executions/bulk", { body: { action: "redrive", executionIds: [failed, running] } }), ctx({}));
    expect(response.status).toBe(200);
    expect((await auditOf(failed))[0]).toMatchObject({ action: "execution.redrive", outcome: "succeeded", details: { bulk: true } });
    expect((await auditOf(running))[0]).toMatchObject({ action: "execution.redrive", outcome: "failed", details: { bulk: true } });
    expect((await auditOf(running))[0]!.errorCode).toBeTruthy();
  });

  it("sign-ins, failed ones too, name the user and never the password", async () => {
    const { POST } = await import("@/app/api/auth/login/route");
    const login = (body: unknown) =>
      POST(new Request("http://console.test/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
    await login({ username: "olivia", password: "wrong-password-here" });
    expect(await latest()).toMatchObject({ action: "auth.login", actor: "olivia", outcome: "failed", errorCode: "INVALID_CREDENTIALS" });
    expect((await latest()).role).toBeUndefined();
    // a name that is no user is not written down: it may be a password typed in the wrong field
    await login({ username: "Tr0ub4dor&3-typed-here", password: "whatever-it-is" });
    expect(await latest()).toMatchObject({ action: "auth.login", actor: "(unknown user)", outcome: "failed" });
    await login({ username: "olivia", password: "operator-password-1" });
    expect(await latest()).toMatchObject({ action: "auth.login", actor: "olivia", role: "operator", outcome: "succeeded" });
    await login({ token: "view-token-1a2b3c4d5e6f7a8b" });
    expect(await latest()).toMatchObject({ action: "auth.login", actor: "viewer-token", role: "viewer", outcome: "succeeded" });
    const all = JSON.stringify(await h.store.audit.list({ limit: 1000 }));
    for (const secret of [...SECRETS, "wrong-password-here", "Tr0ub4dor"]) expect(all).not.toContain(secret);
  });
});

describe("GET /api/audit", () => {
  it("lists newest first for a viewer, per execution, with a working cursor", async () => {
    const { GET } = await import("@/app/api/audit/route");
    const { executionId } = await startWaitingPayment(h, "audit-paging");
    const { POST } = await import("@/app/api/executions/[id]/stop/route");
    for (let i = 0; i < 3; i++) await POST(callers.request("viewer-token", "POST", `/api/executions/${executionId}/stop`), ctx({ id: executionId }));
    await POST(callers.request("operator-token", "POST", `/api/executions/${executionId}/stop`), ctx({ id: executionId }));

    const first = await GET(callers.request("viewer-session", "GET", `/api/audit?execution=${executionId}&limit=3`), ctx({}));
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as { items: AuditRecord[]; nextCursor?: string };
    expect(page1.items.map((r) => r.outcome)).toEqual(["succeeded", "denied", "denied"]);
    expect(page1.nextCursor).toBeTruthy();
    const second = await GET(callers.request("viewer-session", "GET", `/api/audit?execution=${executionId}&limit=3&cursor=${page1.nextCursor}`), ctx({}));
    const page2 = (await second.json()) as { items: AuditRecord[]; nextCursor?: string };
    expect(page2.items.map((r) => r.outcome)).toEqual(["denied"]);
    expect(page2.nextCursor).toBeUndefined();

    const all = (await (await GET(callers.request("viewer-session", "GET", "/api/audit?limit=1000"), ctx({}))).json()) as { items: AuditRecord[] };
    const times = all.items.map((r) => Date.parse(r.timestamp));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const bad = await GET(callers.request("viewer-session", "GET", "/api/audit?cursor=forged"), ctx({}));
    expect(bad.status).toBe(400);
  });
});
