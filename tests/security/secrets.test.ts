/**
 * No password, token or session secret ever appears in a response, a log line, an error or a
 * page: everything the console writes while it is attacked with wrong passwords, wrong and
 * malformed tokens, forged cookies, cross-site posts and broken requests is captured and searched.
 */
import { NextRequest } from "next/server";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";
import { Callers, ORIGIN, SECRETS, TOKENS, USERS, configureAuth, ctx, createHarness, startWaitingPayment, type SecurityHarness } from "./support";

configureAuth();

let h: SecurityHarness;
const callers = new Callers();
const written: string[] = [];

beforeAll(async () => {
  h = await createHarness("security-secrets");
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      written.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      written.push(String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
});

afterAll(async () => {
  vi.restoreAllMocks();
  await h.close();
});

/** Near-misses of the real secrets: a response or log that echoed what it was sent would hold them. */
const ATTEMPTS = [`${USERS.operator.password}x`, `${TOKENS.operator}x`, `x${TOKENS.viewer}`];

function expectNoSecret(text: string, where: string): void {
  for (const secret of [...SECRETS, ...ATTEMPTS]) expect(text, where).not.toContain(secret);
}

describe("secrets stay secret", () => {
  it("in every answer and every log line of a session of bad requests", async () => {
    const bodies: string[] = [];
    const { POST: login } = await import("@/app/api/auth/login/route");
    const { POST: logout } = await import("@/app/api/auth/logout/route");
    const { POST: stop } = await import("@/app/api/executions/[id]/stop/route");
    const { GET: list } = await import("@/app/api/executions/route");
    const { executionId } = await startWaitingPayment(h, "secrets-target");

    const loginAs = (body: unknown, headers: Record<string, string> = {}) =>
      login(new Request(`${ORIGIN}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }));
    const responses: Response[] = [
      await loginAs({ username: USERS.operator.name, password: ATTEMPTS[0] }),
      await loginAs({ username: ATTEMPTS[0], password: ATTEMPTS[0] }),
      await loginAs({ token: ATTEMPTS[1] }),
      await loginAs({ username: USERS.viewer.name, password: USERS.viewer.password }, { origin: "https://evil.example" }),
      await login(new Request(`${ORIGIN}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: `{"password":"${ATTEMPTS[0]}"` })),
      await list(new Request(`${ORIGIN}/api/executions`, { headers: { authorization: `Bearer ${ATTEMPTS[1]}` } }), ctx({}) as never),
      await list(new Request(`${ORIGIN}/api/executions`, { headers: { authorization: `Token ${TOKENS.operator}` } }), ctx({}) as never),
      await list(new Request(`${ORIGIN}/api/executions`, { headers: { cookie: `durable_session=${ATTEMPTS[2]}.${ATTEMPTS[2]}` } }), ctx({}) as never),
      await stop(new Request(`${ORIGIN}/api/executions/${executionId}/stop`, { method: "POST", headers: { authorization: `Bearer ${TOKENS.viewer}` } }), ctx({ id: executionId })),
      await stop(
        new Request(`${ORIGIN}/api/executions/${executionId}/stop`, { method: "POST", headers: { authorization: `Bearer ${TOKENS.operator}` }, body: "{broken" }),
        ctx({ id: executionId }),
      ),
      await logout(new Request(`${ORIGIN}/api/auth/logout`, { method: "POST" })),
      proxy(new NextRequest(`${ORIGIN}/api/executions`, { headers: { authorization: `Bearer ${ATTEMPTS[1]}` } })),
      proxy(new NextRequest(`${ORIGIN}/executions`, { headers: { cookie: `durable_session=${ATTEMPTS[2]}` } })),
    ];
    await callers.signIn("operator");
    for (const response of responses) {
      // every one a refusal, but sign-out, which always works
      if (response !== responses[10]) expect(response.status).toBeGreaterThanOrEqual(300);
      bodies.push(`${response.status} ${[...response.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}\n${await response.text()}`);
    }
    for (const [i, body] of bodies.entries()) expectNoSecret(body, `response ${i}`);
    expectNoSecret(written.join("\n"), "console output");
    expectNoSecret(JSON.stringify(await h.store.audit.list({ limit: 1000 })), "audit log");
  });

  it("in the pages: the login page and the signed-in header", async () => {
    const { default: LoginPage } = await import("@/app/login/page");
    const html = renderToStaticMarkup(await LoginPage({ searchParams: Promise.resolve({ error: "invalid", next: "/executions" }) }));
    expect(html).toContain('name="password"');
    expect(html).toContain('name="token"');
    expectNoSecret(html, "login page");
    const { UserMenu } = await import("@/components/auth/user-menu");
    const { sessionInfo } = await import("@/lib/server/auth/server-session");
    const session = sessionInfo(callers.request("operator-session", "GET", "/").headers);
    const header = renderToStaticMarkup(UserMenu({ session })!);
    expect(header).toContain(USERS.operator.name);
    expect(JSON.stringify(session)).not.toMatch(/password|token"/);
    expectNoSecret(header + JSON.stringify(session), "header");
  });

  it("in configuration errors", async () => {
    const { readAuthConfig } = await import("@/shared/auth/config");
    let message = "";
    try {
      readAuthConfig({ DURABLE_CONSOLE_USERS: `x y:operator:${USERS.operator.password},bob:boss:${USERS.viewer.password}`, DURABLE_CONSOLE_TOKEN: "short secret" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/misconfigured/);
    expectNoSecret(message, "config error");
    expect(message).not.toContain("short secret");
  });
});
