/**
 * Cross-site requests and response headers: the route handlers refuse cookie-carried actions
 * from another origin (or with no origin at all) while bearer tokens are exempt; the request
 * proxy (proxy.ts, called as Next calls it) refuses them too, guards the Host in local mode,
 * sends the signed-out to /login, and puts the security headers on every response with a fresh
 * CSP nonce per page.
 */
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { Callers, ORIGIN, clearAuth, configureAuth, ctx, createHarness, startWaitingPayment, type SecurityHarness } from "./support";

configureAuth();

let h: SecurityHarness;
const callers = new Callers();
let waiting: { executionId: string; callbackId: string };

beforeAll(async () => {
  h = await createHarness("security-csrf");
  waiting = await startWaitingPayment(h, "csrf-waiting");
  await callers.signIn("operator");
});

afterAll(async () => {
  configureAuth();
  await h.close();
});

async function heartbeat(request: Request): Promise<Response> {
  const { POST } = await import("@/app/api/callbacks/[callbackId]/heartbeat/route");
  return POST(request, ctx({ callbackId: waiting.callbackId }));
}

const heartbeatPath = () => `/api/callbacks/${waiting.callbackId}/heartbeat`;

describe("cross-site actions (route handlers)", () => {
  it("refuses an operator's cookie from another origin, a cross-site fetch, a null origin, and no origin at all", async () => {
    const cases = [
      { origin: "https://evil.example", site: "cross-site" },
      { origin: "https://evil.example", site: null },
      { origin: null, site: "cross-site" },
      { origin: null, site: "same-site" },
      { origin: "null", site: null },
      { origin: "http://console.test.evil.example", site: null },
      { origin: null, site: null },
    ];
    for (const headers of cases) {
      const response = await heartbeat(callers.request("operator-session", "POST", heartbeatPath(), headers));
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("CROSS_SITE_REQUEST");
    }
  });

  it("accepts the console's own origin, and bearer tokens whatever the origin", async () => {
    expect((await heartbeat(callers.request("operator-session", "POST", heartbeatPath(), { origin: ORIGIN, site: "same-origin" }))).status).toBe(200);
    expect((await heartbeat(callers.request("operator-session", "POST", heartbeatPath(), { origin: ORIGIN, site: null }))).status).toBe(200);
    expect((await heartbeat(callers.request("operator-token", "POST", heartbeatPath(), { origin: "https://evil.example", site: "cross-site" }))).status).toBe(200);
  });

  it("accepts a configured trusted origin (a TLS proxy in front), and the forwarded host", async () => {
    process.env.DURABLE_CONSOLE_TRUSTED_ORIGINS = "https://console.example.com";
    try {
      const trusted = callers.request("operator-session", "POST", heartbeatPath(), { origin: "https://console.example.com", site: null });
      expect((await heartbeat(trusted)).status).toBe(200);
    } finally {
      delete process.env.DURABLE_CONSOLE_TRUSTED_ORIGINS;
    }
    const forwarded = callers.request("operator-session", "POST", heartbeatPath(), {
      origin: "https://ops.example.org",
      site: null,
      headers: { "x-forwarded-host": "ops.example.org" },
    });
    expect((await heartbeat(forwarded)).status).toBe(200);
  });

  it("refuses a sign-in posted from another site (login CSRF)", async () => {
    const { POST } = await import("@/app/api/auth/login/route");
    const response = await POST(
      new Request(`${ORIGIN}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example", "sec-fetch-site": "cross-site" },
        body: "username=olivia&password=operator-password-1",
      }),
    );
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
  });
});

function proxyRequest(url: string, init: { method?: string; headers?: Record<string, string> } = {}): NextRequest {
  return new NextRequest(url, { method: init.method ?? "GET", headers: init.headers });
}

function cookieHeader(): string {
  return callers.request("operator-session", "GET", "/").headers.get("cookie")!;
}

const SECURITY_HEADERS = ["content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy", "permissions-policy"];

function expectSecurityHeaders(response: Response): void {
  for (const name of SECURITY_HEADERS) expect(response.headers.get(name), name).toBeTruthy();
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
}

describe("the request proxy", () => {
  it("gives every page a CSP with a fresh nonce, passed on to Next through the request headers", () => {
    const first = proxy(proxyRequest("http://console.test/executions", { headers: { cookie: cookieHeader() } }));
    const second = proxy(proxyRequest("http://console.test/executions", { headers: { cookie: cookieHeader() } }));
    expectSecurityHeaders(first);
    const csp = first.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(second.headers.get("content-security-policy")).not.toContain(nonce!);
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).not.toMatch(/unsafe-eval/);
    // Next reads the nonce from the request's CSP header: the proxy must have overridden it
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(first.headers.get("x-middleware-next")).toBe("1");
  });

  it("puts the security headers on API answers, static files, redirects and refusals too", () => {
    const responses = [
      proxy(proxyRequest("http://console.test/api/executions", { headers: { authorization: "Bearer view-token-1a2b3c4d5e6f7a8b" } })),
      proxy(proxyRequest("http://console.test/_next/static/chunks/main.js")),
      proxy(proxyRequest("http://console.test/executions")),
      proxy(proxyRequest("http://console.test/api/executions")),
    ];
    for (const response of responses) expectSecurityHeaders(response);
    expect(responses[0]!.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
  });

  it("sends a signed-out page visit to /login with where it was going, and answers the API with 401", async () => {
    const page = proxy(proxyRequest("http://console.test/executions?status=FAILED"));
    expect(page.status).toBe(303);
    const location = new URL(page.headers.get("location")!);
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("next")).toBe("/executions?status=FAILED");
    const api = proxy(proxyRequest("http://console.test/api/executions"));
    expect(api.status).toBe(401);
    expect(api.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
    const badToken = proxy(proxyRequest("http://console.test/api/executions", { headers: { authorization: "Bearer wrong-token-wrong-token" } }));
    expect(badToken.status).toBe(401);
    // the login page and the static files are open
    expect(proxy(proxyRequest("http://console.test/login")).headers.get("x-middleware-next")).toBe("1");
    expect(proxy(proxyRequest("http://console.test/_next/static/css/app.css")).headers.get("x-middleware-next")).toBe("1");
  });

  it("refuses a cross-site action before it reaches any route, for pages and API alike", async () => {
    for (const path of ["/api/executions", "/executions"]) {
      const response = proxy(
        proxyRequest(`http://console.test${path}`, {
          method: "POST",
          headers: { cookie: cookieHeader(), origin: "https://evil.example", "sec-fetch-site": "cross-site" },
        }),
      );
      expect(response.status, path).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("CROSS_SITE_REQUEST");
    }
    const sameOrigin = proxy(
      proxyRequest("http://console.test/api/executions", { method: "POST", headers: { cookie: cookieHeader(), origin: ORIGIN, "sec-fetch-site": "same-origin" } }),
    );
    expect(sameOrigin.headers.get("x-middleware-next")).toBe("1");
  });

  it("in local mode (no authentication) answers only to localhost names: no DNS rebinding", async () => {
    clearAuth();
    try {
      const local = proxy(proxyRequest("http://127.0.0.1:3000/executions", { headers: { host: "127.0.0.1:3000" } }));
      expect(local.headers.get("x-middleware-next")).toBe("1");
      expect(proxy(proxyRequest("http://localhost:3000/api/executions", { headers: { host: "localhost:3000" } })).headers.get("x-middleware-next")).toBe("1");
      const rebound = proxy(proxyRequest("http://attacker.example:3000/api/executions", { headers: { host: "attacker.example:3000" } }));
      expect(rebound.status).toBe(403);
      expect(((await rebound.json()) as { error: { code: string } }).error.code).toBe("HOST_NOT_ALLOWED");
      // a cross-site page posting to the local console is refused as well
      const posted = proxy(
        proxyRequest("http://127.0.0.1:3000/api/executions", {
          method: "POST",
          headers: { host: "127.0.0.1:3000", origin: "https://evil.example", "sec-fetch-site": "cross-site" },
        }),
      );
      expect(posted.status).toBe(403);
      // the login page has nothing to do in local mode
      expect(proxy(proxyRequest("http://127.0.0.1:3000/login", { headers: { host: "127.0.0.1:3000" } })).status).toBe(303);
    } finally {
      configureAuth();
    }
  });

  it("in local mode route handlers serve everyone as operator, scripts without browser headers included", async () => {
    clearAuth();
    try {
      const script = new Request(`${ORIGIN}${heartbeatPath()}`, { method: "POST" });
      expect((await heartbeat(script)).status).toBe(200);
      const crossSite = new Request(`${ORIGIN}${heartbeatPath()}`, { method: "POST", headers: { origin: "https://evil.example" } });
      expect((await heartbeat(crossSite)).status).toBe(403);
    } finally {
      configureAuth();
    }
  });
});
