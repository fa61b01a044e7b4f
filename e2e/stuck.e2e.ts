/**
 * Finding a stuck execution and reading why, from the console alone: the home page's health strip
 * counts it, its link opens the executions list under the Stuck filter (kept in the URL), the list
 * names the reason, and the execution's page says what it waits on and why it is stuck. A
 * healthy waiting execution's page says what it waits on (a callback, with a link to answer it)
 * and nothing about being stuck.
 */
import { openStore } from "../sdk/store/open";
import { expect, order, test } from "./support/fixtures";
import { hydrated } from "./support/hydration";

const SHOTS = "test-results/screenshots";

test("a stuck execution is counted on the home page, listed under the Stuck filter and explained on its page", async ({ page, api }) => {
  // A function a worker registered once and that no live worker has now (that worker went away).
  const store = await openStore(process.env.DURABLE_STORE);
  const now = new Date().toISOString();
  await store.functions.put([{ name: "payroll-export", kind: "durable", registeredTimestamp: now, lastSeenTimestamp: now }]);
  await store.close();
  const id = await api.start("payroll-export", "stuck-charge", {});
  const name = `stuck-charge-${api.tag}`;

  await page.goto("/");
  const strip = page.getByRole("region", { name: "Health" });
  await expect(strip.getByTestId("workers-alive")).toHaveText(/^[1-9]/);
  await expect(strip.getByText("order-processing")).toBeVisible();
  await expect(strip.getByTestId("stuck-count")).toHaveText(/^[1-9]/);
  await page.screenshot({ path: `${SHOTS}/home-health.png`, fullPage: true });
  await (await hydrated(strip.getByRole("link", { name: /Stuck executions/ }))).click();

  await expect(page).toHaveURL(/\/executions\?stuck=1$/);
  await expect(page.getByRole("button", { name: "Stuck" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("button", { name: /^All/ })).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByText("Some filters were ignored")).toHaveCount(0);
  const row = page.getByTestId("stuck-list").locator(`li[data-execution-id="${id}"]`);
  await expect(row.getByRole("link", { name })).toBeVisible();
  await expect(row.locator('[data-stuck-code="NO_LIVE_WORKER"]')).toContainText("No live worker has function payroll-export registered");
  await page.screenshot({ path: `${SHOTS}/executions-stuck.png`, fullPage: true });

  // The filter is in the URL: a reload keeps it; turning it off shows the whole list again.
  await page.reload();
  await expect(page.getByTestId("stuck-list").locator(`li[data-execution-id="${id}"]`)).toBeVisible();
  await (await hydrated(page.getByRole("button", { name: "Stuck" }))).click();
  await expect(page).toHaveURL(/\/executions$/);
  await expect(page.getByTestId("stuck-list")).toHaveCount(0);
  await page.goBack();
  await expect(page).toHaveURL(/stuck=1/);

  await page.getByTestId("stuck-list").getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  const panel = page.getByRole("region", { name: "What it waits on" });
  await expect(panel.getByRole("heading", { name: "Stuck" })).toBeVisible();
  await expect(panel.locator('[data-wait-kind="due"]')).toContainText("waiting for a worker with payroll-export to claim it");
  await expect(panel.locator('[data-stuck-code="NO_LIVE_WORKER"]')).toContainText("No live worker");
  await page.screenshot({ path: `${SHOTS}/execution-stuck.png`, fullPage: true });
});

test("a healthy waiting execution says what it waits on, with a link that opens the callback to answer", async ({ page, api }) => {
  const id = await api.start("order-processing", "order-why-waiting", order("W-3001"));
  await api.waitForPendingCallback(id);
  await page.goto(`/executions/${id}`);
  const panel = page.getByRole("region", { name: "What it waits on" });
  await expect(panel.getByRole("heading", { name: "Waiting on" })).toBeVisible();
  const callback = panel.locator('[data-wait-kind="callback"]');
  await expect(callback).toContainText(/Callback approval \(.+\), since .*times out at/);
  await expect(callback).toContainText("Ended by an answer to callback");
  await expect(panel.getByTestId("stuck-reasons")).toHaveCount(0);
  await (await hydrated(callback.getByRole("link", { name: "Answer it" }))).click();
  await expect(page).toHaveURL(/[?&]op=/);
  await expect(page.getByRole("button", { name: "Approve" })).toBeVisible();
});
