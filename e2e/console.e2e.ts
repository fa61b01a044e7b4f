/**
 * The console's first journeys, in headless Chromium against the built app, with a real worker
 * (in the runner process) running the examples over a real SQLite file.
 */
import { setSwitch } from "../examples/support/switches";
import { warehouseSwitch } from "../examples/inventory-sync/inventory-sync";
import { demoIds, expect, order, test } from "./support/fixtures";
import { hydrated } from "./support/hydration";

const SHOTS = "test-results/screenshots";

test("the executions list is a table with one linked row per execution, filtered through the URL", async ({ page }) => {
  await page.goto("/executions");
  const table = page.getByRole("table", { name: "Executions" });
  await expect(table).toBeVisible();
  const rows = table.locator("tbody tr");
  expect(await rows.count()).toBeGreaterThanOrEqual(10);
  // Every row links to its execution page.
  const links = table.locator("tbody tr td:nth-child(2) > a");
  await expect(links.first()).toHaveAttribute("href", /^\/executions\/[A-Za-z0-9_-]+$/);
  expect(await links.count()).toBe(await rows.count());
  await page.screenshot({ path: `${SHOTS}/executions.png`, fullPage: true });

  // The status chips filter, and the filter lands in the URL.
  await page.getByRole("button", { name: /^Failed/ }).click();
  await expect(page).toHaveURL(/status=FAILED/);
  // Retried until the filtered page replaced the previous one (kept on screen while it loads).
  await expect(table.locator('tbody tr [data-status]:not([data-status="FAILED"])')).toHaveCount(0);
  await expect(table.locator('tbody tr [data-status="FAILED"]').first()).toBeVisible();

  // A URL opens with its filters applied.
  await page.goto("/executions?status=SUCCEEDED&function=order-processing");
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.getByRole("link", { name: /order-1003/ })).toBeVisible();
  await page.getByRole("link", { name: /order-1003/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/order-1003/);
});

test("a failed execution shows the failed step's attempts and error, and succeeds after a redrive", async ({ page, api }) => {
  const warehouse = `north-${api.tag}`;
  const id = await api.start("inventory-sync", "sync-north", { warehouse, skus: ["KB-01", "MS-02"] });
  await api.waitForStatus(id, "FAILED");

  await page.goto(`/executions/${id}`);
  await expect(page.locator("h1 + [data-status]")).toHaveAttribute("data-status", "FAILED");
  await expect(page.getByRole("tab", { name: "Durable operations" })).toHaveAttribute("aria-selected", "true");
  await page.getByRole("link", { name: "push-to-warehouse" }).click();
  await expect(page).toHaveURL(/op=/);
  const attempts = page.getByRole("region", { name: "Attempts" });
  await expect(attempts.getByText("Attempt 3")).toBeVisible();
  await expect(attempts.getByText(/503 Service Unavailable/).first()).toBeVisible();
  await expect(attempts.getByText(/retry after/).first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Logs" }).getByText("warehouse API unavailable").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/execution-failed.png`, fullPage: true });

  // Fix the cause, then redrive: the failed step runs again and the execution succeeds.
  setSwitch(warehouseSwitch(warehouse), true);
  await (await hydrated(page.getByRole("button", { name: "Redrive" }))).click();
  await page.getByRole("dialog", { name: "Redrive this execution?" }).getByRole("button", { name: "Confirm" }).click();
  await expect(page.locator("h1 + [data-status]")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
  await expect(page.getByText(/"synced": 2/)).toBeVisible();
});

test("an order waits for approval, is approved on its page and ships", async ({ page, api }) => {
  const id = await api.start("order-processing", "order-approve", order("B-2001"));
  await api.waitForPendingCallback(id);

  await page.goto(`/executions/${id}`);
  await expect(page.getByText(/Waiting for callback/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/execution-waiting.png`, fullPage: true });
  await (await hydrated(page.getByRole("button", { name: "Approve" }))).click();
  await expect(page.locator("h1 + [data-status]")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
  await expect(page.getByText(/"shipmentId": "shp-B-2001"/)).toBeVisible();
});

test("a waiting execution can be stopped after confirming", async ({ page, api }) => {
  const id = await api.start("order-processing", "order-stop", order("B-2002", { holdSeconds: 3600 }));
  await page.goto(`/executions/${id}`);
  await expect(page.getByRole("link", { name: "fraud-review-hold" })).toBeVisible();
  await (await hydrated(page.getByRole("button", { name: "Stop", exact: true }))).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(page.locator("h1 + [data-status]")).toHaveAttribute("data-status", "STOPPED");
  expect((await api.get(id)).status).toBe("STOPPED");
});

test("event history filters by type, timeline draws, and an operation deep link opens it", async ({ page }) => {
  const ids = demoIds();
  await page.goto(`/executions/${ids.shipped}?tab=history`);
  await expect(page.getByRole("tab", { name: "Event history" })).toHaveAttribute("aria-selected", "true");
  const history = page.getByRole("table", { name: "Event history" });
  await expect(history.getByText("ExecutionStarted")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/execution-history.png`, fullPage: true });
  await page.getByLabel("Event type").selectOption("CallbackSucceeded");
  await expect(page).toHaveURL(/type=CallbackSucceeded/);
  await expect(history.locator("tbody > tr[id^=event-]")).toHaveCount(1);

  await page.getByRole("tab", { name: "Timeline" }).click();
  await expect(page).toHaveURL(/tab=timeline/);
  await expect(page.getByRole("figure", { name: "Timeline of operations" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/execution-timeline.png`, fullPage: true });

  // Deep link to one operation: the page opens with it selected.
  const operations = (await (await page.request.get(`/api/executions/${ids.shipped}/operations`)).json()) as Array<{ Id: string; Name?: string }>;
  const payment = operations.find((op) => op.Name === "process-payment")!;
  await page.goto(`/executions/${ids.shipped}?op=${payment.Id}`);
  await expect(page.getByRole("region", { name: "Selected operation" }).getByRole("heading", { name: "process-payment" })).toBeVisible();
});

test("overview and approvals pages render the demo data", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByRole("figure", { name: /Executions started per hour/ }).locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/home.png`, fullPage: true });
  await page.goto("/approvals");
  await expect(page.getByRole("table", { name: "Pending callbacks" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/approvals.png`, fullPage: true });
});

test("start an order from the console, approve it from the Approvals page, see it ship", async ({ page, api }) => {
  await page.goto("/executions");
  await (await hydrated(page.getByRole("button", { name: "Start execution" }))).click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  await dialog.getByLabel("Function").fill("order-processing");
  await dialog.getByLabel("Name (optional)").fill(`order-inbox-${api.tag}`);
  await dialog.getByLabel("Input (JSON)").fill(JSON.stringify(order("C-3001")));
  await page.screenshot({ path: `${SHOTS}/start-execution.png` });
  await dialog.getByRole("button", { name: "Start", exact: true }).click();
  await expect(page).toHaveURL(/\/executions\/[A-Za-z0-9-]+$/);
  const executionUrl = page.url();
  await expect(page.getByText(/Waiting for callback/)).toBeVisible({ timeout: 30_000 });

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approvals" }).click();
  const row = page.getByRole("row", { name: new RegExp(`order-inbox-${api.tag}`) });
  await row.getByLabel("Reason").fill("ok to ship");
  await (await hydrated(row.getByRole("button", { name: "Approve" }))).click();
  await expect(page.getByRole("status").filter({ hasText: `order-inbox-${api.tag}` })).toContainText("Approved");
  await expect(row).toHaveCount(0);

  await page.goto(executionUrl);
  await expect(page.locator("h1 + [data-status]")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
  await expect(page.getByText(/"shipmentId": "shp-C-3001"/)).toBeVisible();
  await expect(page.getByText(/"reason": "ok to ship"/).first()).toBeVisible();
  // The approver is who answered, filled by the form and written again by the server.
  await expect(page.getByText(/"approver": "local"/).first()).toBeVisible();
});

test("dark mode follows the system setting and the tabs work from the keyboard", async ({ page }) => {
  const ids = demoIds();
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(`/executions/${ids.awaitingApproval}`);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe("rgb(250, 250, 250)");
  expect(background).toMatch(/^(rgb|oklch|lab)\(/);
  await page.getByRole("link", { name: "process-payment" }).click();
  await expect(page.getByRole("region", { name: "Attempts" }).getByText("Attempt 2")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/execution-dark.png`, fullPage: true });

  await page.getByRole("tab", { name: "Durable operations" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Event history" })).toBeFocused();
  await expect(page.getByRole("tab", { name: "Event history" })).toHaveAttribute("aria-selected", "true");
  await expect(page).toHaveURL(/tab=history/);
  await page.goto("/executions");
  await page.screenshot({ path: `${SHOTS}/executions-dark.png`, fullPage: true });
});

test("several executions can be selected and stopped in one action", async ({ page, api }) => {
  const first = await api.start("order-processing", "pick-two-a", order("D-4001", { holdSeconds: 3600 }));
  const second = await api.start("order-processing", "pick-two-b", order("D-4002", { holdSeconds: 3600 }));
  // By this test's tag: a retried attempt would find the first attempt's two still in the store.
  await page.goto(`/executions?q=${api.tag}`);
  const table = page.getByRole("table", { name: "Executions" });
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await page.getByLabel("Select all shown").check();
  const bar = page.getByRole("region", { name: "Selected executions" });
  await expect(bar).toContainText("2 selected");
  await bar.getByRole("button", { name: /Stop selected/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Stopped 2 executions" })).toBeVisible();
  await expect(table.locator("tbody [data-status=STOPPED]")).toHaveCount(2);
  expect((await api.get(first)).status).toBe("STOPPED");
  expect((await api.get(second)).status).toBe("STOPPED");
});

test("a callback answered with a raw payload, a heartbeat and a failure", async ({ page, api }) => {
  // Send success with a hand-written decision: the order is rejected.
  const rejected = await api.start("order-processing", "order-raw", order("E-5001"));
  await api.waitForPendingCallback(rejected);
  await page.goto(`/executions/${rejected}`);
  await (await hydrated(page.getByRole("button", { name: "Heartbeat" }))).click();
  await expect(page.getByRole("status").filter({ hasText: "Heartbeat sent" })).toBeVisible();
  // A typed callback answers through its form; the raw payload is one disclosure away, still checked.
  await page.getByText("Answer with raw JSON").click();
  const payload = page.getByLabel("Result payload (JSON)");
  await payload.fill("{ not json");
  await expect(page.getByRole("button", { name: "Send success" })).toBeDisabled();
  await payload.fill('{"approved": false, "comment": "address missing"}');
  await page.getByRole("button", { name: "Send success" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Could not send" })).toContainText("comment");
  await payload.fill('{"approved": false, "reason": "address missing"}');
  await page.getByRole("button", { name: "Send success" }).click();
  await expect(page.locator("h1 + [data-status]")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
  await expect(page.getByText(/"status": "REJECTED"/)).toBeVisible();

  // Send failure: the waitForCallback fails, and so does the execution.
  const failed = await api.start("order-processing", "order-fail", order("E-5002"));
  await api.waitForPendingCallback(failed);
  await page.goto(`/executions/${failed}`);
  await page.getByLabel("Error type").fill("Rejected");
  await page.getByLabel("Error message").fill("fraud suspected");
  await page.getByRole("button", { name: "Send failure" }).click();
  await expect(page.locator("h1 + [data-status]")).toHaveAttribute("data-status", "FAILED", { timeout: 30_000 });
  await expect(page.getByText(/fraud suspected/).first()).toBeVisible();
});

test("replay starts a new execution with the same input and links back", async ({ page }) => {
  const ids = demoIds();
  await page.goto(`/executions/${ids.fanOut}`);
  await (await hydrated(page.getByRole("button", { name: "Replay" }))).click();
  const dialog = page.getByRole("dialog", { name: "Replay execution" });
  await expect(dialog.getByLabel("Input (JSON)")).toHaveValue(/ana@example.com/);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(page).not.toHaveURL(new RegExp(ids.fanOut!));
  await expect(page.getByText("Replay of")).toBeVisible();
  await expect(page.locator("h1 + [data-status]")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
});
