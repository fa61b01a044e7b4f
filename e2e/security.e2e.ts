/**
 * The console with authentication on, in headless Chromium against the built app: a second
 * `next start` (port 3101) over the same store as the main run, with users and a token
 * configured. A viewer signs in and sees every action disabled with the reason; an operator
 * acts from the browser (the same-origin check lets the console's own pages through); the
 * security headers and the CSP nonce are on the real responses; and `next start` on 0.0.0.0
 * without authentication refuses to run.
 */
import { expect, order, test } from "./support/fixtures";
import { nextStart, stopServer, waitUntilServing, type NextServer } from "./support/next-server";

const PORT = 3101;
const BASE = `http://127.0.0.1:${PORT}`;
const OPERATOR = { name: "olivia", password: "operator-password-e2e" };
const VIEWER = { name: "victor", password: "viewer-password-e2e" };
const TOKEN = "e2e-operator-token-0123456789";
let server: NextServer | undefined;

test.beforeAll(async () => {
  server = nextStart("127.0.0.1", PORT, {
    DURABLE_CONSOLE_USERS: `${OPERATOR.name}:operator:${OPERATOR.password},${VIEWER.name}:viewer:${VIEWER.password}`,
    DURABLE_CONSOLE_TOKEN: TOKEN,
  });
  await waitUntilServing(server, `${BASE}/login`);
});

test.afterAll(() => stopServer(server));

async function startWaitingOrder(tag: string): Promise<string> {
  const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
  const started = await fetch(`${BASE}/api/executions`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ functionName: "order-processing", name: `sec-${tag}-${Date.now().toString(36)}`, input: JSON.stringify(order(`S-${tag}`)) }),
  });
  expect(started.status, await started.clone().text()).toBe(201);
  const { executionId } = (await started.json()) as { executionId: string };
  await expect
    .poll(
      async () => {
        const page = (await (await fetch(`${BASE}/api/approvals?limit=1000`, { headers: auth })).json()) as { items: Array<{ executionId: string }> };
        return page.items.some((item) => item.executionId === executionId);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return executionId;
}

async function signIn(page: import("@playwright/test").Page, user: { name: string; password: string }, target: string): Promise<void> {
  await page.goto(`${BASE}${target}`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(`${BASE}${target}`);
  await expect(page.getByTestId("signed-in-user")).toHaveText(user.name);
}

test("a viewer sees every action disabled with the reason, and the API refuses it; an operator acts", async ({ browser }) => {
  const id = await startWaitingOrder("viewer");
  const viewerContext = await browser.newContext();
  const page = await viewerContext.newPage();
  const cspViolations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) cspViolations.push(message.text());
  });
  await signIn(page, VIEWER, `/executions/${id}`);
  await expect(page.getByText(/Waiting for callback/)).toBeVisible();

  for (const name of ["Stop", "Redrive", "Replay", "Approve", "Reject", "Heartbeat"]) {
    const button = page.getByRole("button", { name, exact: true }).first();
    await expect(button, name).toBeDisabled();
    await expect(button, name).toHaveAttribute("title", /viewer/);
    await expect(button, name).toHaveAccessibleDescription(/only an operator can act/);
  }
  await page.screenshot({ path: "test-results/screenshots/execution-as-viewer.png", fullPage: true });

  // the page is live under the CSP (its scripts ran): a tab switch is client-side
  await page.getByRole("tab", { name: /Event history/ }).click();
  await expect(page).toHaveURL(/tab=history/);
  expect(cspViolations).toEqual([]);

  // the API says no to the viewer's own session, from the page itself
  const refused = await page.evaluate(async (path) => {
    const response = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    return { status: response.status, body: (await response.json()) as { error: { code: string } } };
  }, `/api/executions/${encodeURIComponent(id)}/stop`);
  expect(refused).toEqual({ status: 403, body: { error: expect.objectContaining({ code: "FORBIDDEN" }) } });
  await viewerContext.close();

  const operatorContext = await browser.newContext();
  const operatorPage = await operatorContext.newPage();
  await signIn(operatorPage, OPERATOR, `/executions/${id}`);
  await operatorPage.getByRole("button", { name: "Approve" }).click();
  await expect(operatorPage.locator("h1 + [data-status]")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
  await operatorPage.goto(`${BASE}/audit?execution=${encodeURIComponent(id)}`);
  const rows = operatorPage.getByRole("row");
  await expect(rows.filter({ hasText: "Callback success" }).filter({ hasText: "olivia" }).filter({ hasText: "succeeded" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Stop" }).filter({ hasText: "victor" }).filter({ hasText: "denied" })).toHaveCount(1);
  await operatorContext.close();
});

test("the real server sends the security headers and a CSP nonce that its scripts carry", async () => {
  const login = await fetch(`${BASE}/login`);
  const csp = login.headers.get("content-security-policy") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(login.headers.get("x-frame-options")).toBe("DENY");
  expect(login.headers.get("x-content-type-options")).toBe("nosniff");
  expect(login.headers.get("referrer-policy")).toBe("same-origin");
  expect(login.headers.get("permissions-policy")).toContain("camera=()");
  const html = await login.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);

  const api = await fetch(`${BASE}/api/executions`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(api.status).toBe(200);
  expect(api.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
  expect((await fetch(`${BASE}/api/executions`)).status).toBe(401);
  const redirected = await fetch(`${BASE}/executions`, { redirect: "manual" });
  expect(redirected.status).toBe(303);
  expect(redirected.headers.get("location")).toContain("/login?next=%2Fexecutions");
});

test("next start on 0.0.0.0 without authentication refuses to run, and says why", async () => {
  const refused = nextStart("0.0.0.0", 3102, {});
  const code = await Promise.race([refused.exited, new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), 60_000))]);
  if (code === "still running") refused.child.kill("SIGTERM");
  expect(code).not.toBe("still running");
  expect(code).not.toBe(0);
  expect(refused.output()).toContain("Refusing to listen on 0.0.0.0");
  expect(refused.output()).toContain("DURABLE_CONSOLE_TOKEN");
});
