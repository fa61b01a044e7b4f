/**
 * Who may do what, endpoint by endpoint, through the real route handlers over a real SQLite
 * file: anonymous callers get 401, viewers (session or token) get 403 FORBIDDEN on every action
 * and 200 on every read, operators can act. A refused action changes nothing in the store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Callers, configureAuth, ctx, createHarness, startFailed, startWaitingPayment, type Caller, type SecurityHarness } from "./support";

configureAuth();

let h: SecurityHarness;
const callers = new Callers();
let waiting: { executionId: string; callbackId: string };
let failedId: string;

beforeAll(async () => {
  h = await createHarness("security-roles");
  waiting = await startWaitingPayment(h, "roles-waiting");
  failedId = await startFailed(h, "roles-failed");
  await callers.signIn("operator");
  await callers.signIn("viewer");
});

afterAll(async () => {
  await h.close();
});

type Handler = (request: Request, context: never) => Promise<Response>;

interface Endpoint {
  name: string;
  method: "GET" | "POST";
  path: () => string;
  load: () => Promise<Handler>;
  params?: () => Record<string, string>;
  body?: () => unknown;
}

const post = (name: string, path: () => string, load: () => Promise<Handler>, params?: () => Record<string, string>, body?: () => unknown): Endpoint => ({
  name,
  method: "POST",
  path,
  load,
  params,
  body,
});

/** Every action endpoint of the API, with a body that would succeed for an operator. */
const ACTIONS: Endpoint[] = [
  post("start", () => "/api/executions", async () => (await import("@/app/api/executions/route")).POST as Handler, undefined, () => ({
    functionName: "payments",
    input: JSON.stringify({ card: { number: "1" }, customer: { ssn: "x", name: "n" } }),
  })),
  post("bulk", () => "/api/executions/bulk", async () => (await import("@/app/api/executions/bulk/route")).POST as Handler, undefined, () => ({
    action: "redrive",
    executionIds: [failedId],
  })),
  post("stop", () => `/api/executions/${waiting.executionId}/stop`, async () => (await import("@/app/api/executions/[id]/stop/route")).POST as Handler, () => ({
    id: waiting.executionId,
  })),
  post("redrive", () => `/api/executions/${failedId}/redrive`, async () => (await import("@/app/api/executions/[id]/redrive/route")).POST as Handler, () => ({
    id: failedId,
  })),
  post("replay", () => `/api/executions/${failedId}/replay`, async () => (await import("@/app/api/executions/[id]/replay/route")).POST as Handler, () => ({
    id: failedId,
  })),
  post("callback succeed", () => `/api/callbacks/${waiting.callbackId}/succeed`, async () => (await import("@/app/api/callbacks/[callbackId]/succeed/route")).POST as Handler, () => ({
    callbackId: waiting.callbackId,
  }), () => ({ result: '{"approved":true}' })),
  post("callback fail", () => `/api/callbacks/${waiting.callbackId}/fail`, async () => (await import("@/app/api/callbacks/[callbackId]/fail/route")).POST as Handler, () => ({
    callbackId: waiting.callbackId,
  })),
  post("callback heartbeat", () => `/api/callbacks/${waiting.callbackId}/heartbeat`, async () => (await import("@/app/api/callbacks/[callbackId]/heartbeat/route")).POST as Handler, () => ({
    callbackId: waiting.callbackId,
  })),
];

const get = (name: string, path: () => string, load: () => Promise<Handler>, params?: () => Record<string, string>): Endpoint => ({ name, method: "GET", path, load, params });

/** Every read endpoint of the API. */
const READS: Endpoint[] = [
  get("list", () => "/api/executions", async () => (await import("@/app/api/executions/route")).GET as Handler),
  get("counts", () => "/api/executions/counts", async () => (await import("@/app/api/executions/counts/route")).GET as Handler),
  get("execution", () => `/api/executions/${waiting.executionId}`, async () => (await import("@/app/api/executions/[id]/route")).GET as Handler, () => ({ id: waiting.executionId })),
  get("history", () => `/api/executions/${waiting.executionId}/history`, async () => (await import("@/app/api/executions/[id]/history/route")).GET as Handler, () => ({ id: waiting.executionId })),
  get("logs", () => `/api/executions/${waiting.executionId}/logs`, async () => (await import("@/app/api/executions/[id]/logs/route")).GET as Handler, () => ({ id: waiting.executionId })),
  get("operations", () => `/api/executions/${waiting.executionId}/operations`, async () => (await import("@/app/api/executions/[id]/operations/route")).GET as Handler, () => ({ id: waiting.executionId })),
  get("snapshot", () => `/api/executions/${waiting.executionId}/snapshot`, async () => (await import("@/app/api/executions/[id]/snapshot/route")).GET as Handler, () => ({ id: waiting.executionId })),
  get("approvals", () => "/api/approvals", async () => (await import("@/app/api/approvals/route")).GET as Handler),
  get("functions", () => "/api/functions", async () => (await import("@/app/api/functions/route")).GET as Handler),
  get("function names", () => "/api/functions/names", async () => (await import("@/app/api/functions/names/route")).GET as Handler),
  get("start options", () => "/api/functions/start-options", async () => (await import("@/app/api/functions/start-options/route")).GET as Handler),
  get("audit", () => "/api/audit", async () => (await import("@/app/api/audit/route")).GET as Handler),
];

async function call(endpoint: Endpoint, caller: Caller, extra: { headers?: Record<string, string> } = {}): Promise<Response> {
  const handler = await endpoint.load();
  const request = callers.request(caller, endpoint.method, endpoint.path(), { body: endpoint.body?.(), headers: extra.headers });
  return handler(request, ctx(endpoint.params?.() ?? {}) as never);
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return body.error;
}

/** What the store holds about the two target executions and the callback (a refused action must not change it). */
async function snapshot() {
  const executions = await h.store.executions.list({ limit: 1000 });
  const ids = executions.items.map((e) => `${e.executionId}:${e.status}:${e.version}`).sort();
  const callback = await h.store.callbacks.get(waiting.callbackId);
  return { ids, callback };
}

describe("actions refused without the operator role", () => {
  for (const endpoint of ACTIONS) {
    it(`${endpoint.name}: 401 anonymous, 403 viewer (session and token), nothing changes`, async () => {
      const before = await snapshot();
      const anonymous = await call(endpoint, "anonymous");
      expect(anonymous.status).toBe(401);
      expect((await errorOf(anonymous)).code).toBe("UNAUTHENTICATED");

      for (const viewer of ["viewer-session", "viewer-token"] as const) {
        const response = await call(endpoint, viewer);
        expect(response.status, viewer).toBe(403);
        const error = await errorOf(response);
        expect(error.code).toBe("FORBIDDEN");
        expect(error.message).toMatch(/viewer/);
      }
      const wrongToken = await call(endpoint, "anonymous", { headers: { authorization: "Bearer not-the-token-at-all-0000" } });
      expect(wrongToken.status).toBe(401);
      const wrongScheme = await call(endpoint, "anonymous", { headers: { authorization: "Basic b2xpdmlhOnB3" } });
      expect(wrongScheme.status).toBe(401);
      const forged = await call(endpoint, "anonymous", { headers: { cookie: "durable_session=eyJ2IjoxLCJzdWIiOiJvbGl2aWEifQ.forged" } });
      expect(forged.status).toBe(401);
      expect(await snapshot()).toEqual(before);
    });
  }
});

describe("reads", () => {
  for (const endpoint of READS) {
    it(`${endpoint.name}: 200 for viewers and operators, 401 anonymous`, async () => {
      for (const caller of ["viewer-session", "viewer-token", "operator-session", "operator-token"] as const) {
        const response = await call(endpoint, caller);
        expect(response.status, `${caller}: ${await response.clone().text()}`).toBe(200);
      }
      expect((await call(endpoint, "anonymous")).status).toBe(401);
    });
  }

  it("a session of a user removed from the configuration no longer works", async () => {
    const list = READS[0]!;
    const saved = process.env.DURABLE_CONSOLE_USERS!;
    process.env.DURABLE_CONSOLE_USERS = saved.split(",").filter((entry) => !entry.startsWith("victor:")).join(",");
    try {
      expect((await call(list, "viewer-session")).status).toBe(401);
    } finally {
      process.env.DURABLE_CONSOLE_USERS = saved;
    }
    expect((await call(list, "viewer-session")).status).toBe(200);
  });
});

describe("operators act", () => {
  it("with a session or a token, every action goes through", async () => {
    const outcomes: Record<string, number> = {};
    // callback heartbeat and success before stop; stop last (it ends the waiting execution)
    const order = ["start", "replay", "redrive", "callback heartbeat", "callback succeed", "bulk"];
    for (const [i, name] of order.entries()) {
      const endpoint = ACTIONS.find((e) => e.name === name)!;
      const response = await call(endpoint, i % 2 === 0 ? "operator-session" : "operator-token");
      outcomes[name] = response.status;
    }
    expect(outcomes).toEqual({ start: 201, replay: 201, redrive: 200, "callback heartbeat": 200, "callback succeed": 200, bulk: 200 });
    // a second answer to the same callback is refused by the runtime, not by the guard
    const again = await call(ACTIONS.find((e) => e.name === "callback fail")!, "operator-session");
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).not.toBe(401);
    expect(again.status).not.toBe(403);
    const other = await startWaitingPayment(h, "roles-to-stop");
    const stop = await (await import("@/app/api/executions/[id]/stop/route")).POST(
      callers.request("operator-token", "POST", `/api/executions/${other.executionId}/stop`),
      ctx({ id: other.executionId }),
    );
    expect(stop.status).toBe(200);
    expect((await h.store.executions.get(other.executionId))?.status).toBe("STOPPED");
  });
});

describe("sessions", () => {
  it("the session cookie is HttpOnly, SameSite=Strict, signed, and never holds the password", async () => {
    const fresh = new Callers();
    const setCookie = await fresh.signIn("operator");
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toContain("operator-password-1");
    const value = /durable_session=([^;]+)/.exec(setCookie)![1]!;
    const [payload, signature] = value.split(".");
    expect(signature!.length).toBeGreaterThan(20);
    // flipping the role inside the payload breaks the signature
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    const tampered = `${Buffer.from(JSON.stringify({ ...claims, sub: "olivia", kind: "user", exp: Date.now() + 1e9 })).toString("base64url")}.${signature}`;
    const { GET } = await import("@/app/api/auth/session/route");
    const ok = (await (await GET(new Request("http://console.test/api/auth/session", { headers: { cookie: `durable_session=${value}` } }))).json()) as {
      user?: { name: string; role: string };
    };
    expect(ok.user).toEqual({ name: "olivia", role: "operator", method: "session" });
    const bad = (await (await GET(new Request("http://console.test/api/auth/session", { headers: { cookie: `durable_session=${tampered}` } }))).json()) as {
      user?: unknown;
    };
    expect(bad.user).toBeUndefined();
  });

  it("a wrong password, an unknown user and a wrong token all answer 401 INVALID_CREDENTIALS", async () => {
    const { POST } = await import("@/app/api/auth/login/route");
    const attempt = (body: unknown) =>
      POST(
        new Request("http://console.test/api/auth/login", {
          method: "POST",
          headers: { "content-type": "application/json", origin: "http://console.test" },
          body: JSON.stringify(body),
        }),
      );
    for (const body of [{ username: "olivia", password: "nope-nope-nope" }, { username: "nobody", password: "operator-password-1" }, { token: "x".repeat(20) }]) {
      const response = await attempt(body);
      expect(response.status).toBe(401);
      expect((await errorOf(response)).code).toBe("INVALID_CREDENTIALS");
      expect(response.headers.get("set-cookie")).toBeNull();
    }
  });

  it("locks a name out after repeated failures, even for the right password", async () => {
    const { POST } = await import("@/app/api/auth/login/route");
    const attempt = (password: string) =>
      POST(
        new Request("http://console.test/api/auth/login", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "victor", password }),
        }),
      );
    for (let i = 0; i < 10; i++) expect((await attempt(`wrong-${i}-password`)).status).toBe(401);
    const locked = await attempt("viewer-password-22");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
