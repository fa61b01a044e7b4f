/**
 * Shared set-up for the console security tests: a real SQLite file in a temp dir (the console's
 * DURABLE_STORE), configured users and tokens, a worker with a handler that leaves payloads,
 * logs and a pending callback, and requests built the way browsers and scripts send them.
 * Route handlers are called as Next calls them (a Request and a params promise).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withDurableExecution } from "@/sdk";
import { DurableClient, FunctionRegistry, Worker } from "@/sdk/runtime";
import { SqliteStore } from "@/sdk/store/sqlite";
import { waitFor, waitUntil } from "../support/wait";

export const ORIGIN = "http://console.test";

export const USERS = {
  operator: { name: "olivia", password: "operator-password-1" },
  viewer: { name: "victor", password: "viewer-password-22" },
};
export const TOKENS = { operator: "op-token-7d1f0c9a2b3e4d5f", viewer: "view-token-1a2b3c4d5e6f7a8b" };
export const SESSION_SECRET = "a-session-secret-of-more-than-32-characters";

export function configureAuth(): void {
  process.env.DURABLE_CONSOLE_USERS = `${USERS.operator.name}:operator:${USERS.operator.password},${USERS.viewer.name}:viewer:${USERS.viewer.password}`;
  process.env.DURABLE_CONSOLE_TOKEN = TOKENS.operator;
  process.env.DURABLE_CONSOLE_VIEWER_TOKEN = TOKENS.viewer;
  process.env.DURABLE_CONSOLE_SESSION_SECRET = SESSION_SECRET;
}

export function clearAuth(): void {
  for (const name of ["DURABLE_CONSOLE_USERS", "DURABLE_CONSOLE_TOKEN", "DURABLE_CONSOLE_VIEWER_TOKEN", "DURABLE_CONSOLE_SESSION_SECRET"]) {
    delete process.env[name];
  }
}

/** Every secret configured above: none may ever appear in a response, a log line or an error. */
export const SECRETS = [USERS.operator.password, USERS.viewer.password, TOKENS.operator, TOKENS.viewer, SESSION_SECRET];

export type Caller = "operator-session" | "viewer-session" | "operator-token" | "viewer-token" | "anonymous";

export interface RequestOptions {
  body?: unknown;
  /** Origin header; by default the console's own for cookie callers, none for token callers. */
  origin?: string | null;
  /** Sec-Fetch-Site header; by default same-origin for cookie callers. */
  site?: string | null;
  headers?: Record<string, string>;
}

export class Callers {
  private cookies = new Map<string, string>();

  /** Signs in through the login route and keeps the session cookie. */
  async signIn(role: "operator" | "viewer"): Promise<string> {
    const { POST } = await import("@/app/api/auth/login/route");
    const user = USERS[role];
    const response = await POST(
      new Request(`${ORIGIN}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN, "sec-fetch-site": "same-origin" },
        body: JSON.stringify({ username: user.name, password: user.password }),
      }),
    );
    if (response.status !== 200) throw new Error(`sign-in as ${role} failed: ${response.status} ${await response.text()}`);
    const setCookie = response.headers.get("set-cookie") ?? "";
    const value = /durable_session=([^;]+)/.exec(setCookie)?.[1];
    if (!value) throw new Error("no session cookie");
    this.cookies.set(role, value);
    return setCookie;
  }

  request(caller: Caller, method: string, path: string, options: RequestOptions = {}): Request {
    const headers = new Headers(options.headers);
    const cookieRole = caller === "operator-session" ? "operator" : caller === "viewer-session" ? "viewer" : undefined;
    if (cookieRole) {
      const cookie = this.cookies.get(cookieRole);
      if (!cookie) throw new Error(`sign in as ${cookieRole} first`);
      headers.set("cookie", `durable_session=${cookie}`);
    }
    if (caller === "operator-token") headers.set("authorization", `Bearer ${TOKENS.operator}`);
    if (caller === "viewer-token") headers.set("authorization", `Bearer ${TOKENS.viewer}`);
    const browser = cookieRole !== undefined || caller === "anonymous";
    const origin = options.origin === undefined ? (browser && method !== "GET" ? ORIGIN : null) : options.origin;
    const site = options.site === undefined ? (browser ? "same-origin" : null) : options.site;
    if (origin !== null) headers.set("origin", origin);
    if (site !== null) headers.set("sec-fetch-site", site);
    let body: string | undefined;
    if (options.body !== undefined) {
      headers.set("content-type", "application/json");
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    }
    return new Request(`${ORIGIN}${path}`, { method, headers, body });
  }
}

export const ctx = <P extends Record<string, string>>(params: P) => ({ params: Promise.resolve(params) });

export interface SecurityHarness {
  dir: string;
  store: SqliteStore;
  client: DurableClient;
  worker: Worker;
  close(): Promise<void>;
}

/**
 * A store in a temp dir (the console's DURABLE_STORE) with a worker running `payments`: a step
 * returning card details, a log line with them, then a callback that waits for an answer.
 */
export async function createHarness(prefix: string): Promise<SecurityHarness> {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  process.env.DURABLE_STORE = join(dir, "durable.db");
  const store = new SqliteStore({ path: process.env.DURABLE_STORE, synchronous: "OFF" });
  await store.init();
  const registry = new FunctionRegistry();
  registry.register(
    "payments",
    withDurableExecution(async (event: { card: { number: string; holder: string }; customer: { ssn: string; name: string } }, context) => {
      const charge = await context.step("charge", async () => ({ card: { number: event.card.number, last4: event.card.number.slice(-4) }, ok: true }));
      context.logger.info("charged", { card: { number: event.card.number }, customer: { name: event.customer.name } });
      const decision = await context.waitForCallback("approve", async () => undefined, { timeout: { hours: 1 } });
      return { charge, decision, customer: event.customer };
    }),
  );
  registry.register(
    "failing",
    withDurableExecution(async (event: { card: { number: string } }, context) => {
      await context.step("boom", async () => {
        const error = new Error("card declined") as Error & { ErrorData?: string };
        throw error;
      }, { retryStrategy: () => ({ shouldRetry: false }) });
      return event;
    }),
  );
  const worker = new Worker({ store, registry, pollIntervalMs: 20 });
  const client = new DurableClient({ store, registry, onWake: () => worker.wake() });
  return {
    dir,
    store,
    client,
    worker,
    async close() {
      await worker.stop();
      const { durable } = await import("@/lib/server/durable");
      await (await durable()).raw.store.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const CARD = "4111111111111111";
export const SSN = "078-05-1120";
export const paymentInput = (tag: string) => ({ card: { number: CARD, holder: `holder-${tag}` }, customer: { ssn: SSN, name: `customer-${tag}` } });

/** Starts `payments` and runs it until it waits for its callback; returns the execution and callback ids. */
export async function startWaitingPayment(h: SecurityHarness, name: string): Promise<{ executionId: string; callbackId: string }> {
  const { execution } = await h.client.startExecution({ functionName: "payments", name, input: JSON.stringify(paymentInput(name)) });
  const callbackId = await waitFor(`execution ${execution.executionId} to wait for its callback`, async () => {
    await h.worker.drain();
    const operations = await h.client.getOperations(execution.executionId);
    return operations.find((r) => r.operation.Type === "CALLBACK" && r.operation.Status === "STARTED")?.operation.CallbackDetails?.CallbackId || undefined;
  }, 30_000, 10);
  return { executionId: execution.executionId, callbackId };
}

/** Runs an execution of `failing` to its FAILED end. */
export async function startFailed(h: SecurityHarness, name: string): Promise<string> {
  const { execution } = await h.client.startExecution({ functionName: "failing", name, input: JSON.stringify({ card: { number: CARD } }) });
  await waitUntil(`execution ${execution.executionId} to fail`, async () => {
    await h.worker.drain();
    return (await h.client.getExecution(execution.executionId)).status === "FAILED";
  }, 30_000, 10);
  return execution.executionId;
}
