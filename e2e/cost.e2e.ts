/**
 * What a run costs, in the console: the execution page's Cost panel reads the run's figures, each
 * against Lambda's limit, and the bill estimate, and reads them again once the run goes on; the
 * functions page has cost columns per function.
 */
import { expect, order, test } from "./support/fixtures";
import { hydrated } from "./support/hydration";

test("the Cost panel shows an execution's figures and estimate, and follows the run as it goes on", async ({ page, api }) => {
  const id = await api.start("order-processing", "order-cost", order("C-4001"));
  await api.waitForPendingCallback(id);
  await page.goto(`/executions/${id}`);

  const panel = page.getByRole("region", { name: "Cost" });
  const invocations = panel.locator('[data-cost-figure="invocations"] dd');
  await expect(invocations).toHaveText(/^[1-9]\d*$/);
  const before = Number(await invocations.textContent());
  await expect(panel.locator('[data-cost-figure="waiting"] dt')).toHaveText("Waiting (free)");
  await expect(panel.getByTestId("cost-estimate")).toHaveText(/^\$\d/);

  // Approving the order invokes the handler again: the panel reads the new figures.
  await (await hydrated(page.getByRole("button", { name: "Approve" }))).click();
  await expect(page.locator("h1 + [data-status]")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
  await expect.poll(async () => Number(await invocations.textContent())).toBeGreaterThan(before);

  await panel.getByText("Against Lambda's limits, and the estimate").click();
  const limits = panel.getByTestId("cost-limits");
  await expect(limits.locator("tr")).toHaveCount(6);
  await expect(limits.locator('[data-limit="invocation"]')).toContainText("of 15m 00s");
  await expect(limits.locator('[data-limit="history"]')).toContainText("of 25,000");
  await expect(limits.locator('[data-limit="history"]')).toHaveAttribute("data-level", "ok");
  const bill = panel.getByTestId("cost-bill");
  await expect(bill).toContainText(/128 MB, 14 days retained; prices of \d{4}-\d\d-\d\d/);
  await expect(bill.locator('[data-bill-item="requests"]')).toContainText(/\d+ requests/);
  await expect(panel.getByTestId("cost-warnings")).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/execution-cost.png", fullPage: true });
});

test("the functions page shows compute and the estimate per run for each function", async ({ page, api }) => {
  const id = await api.start("order-processing", "order-cost-fn", order("C-4002"));
  await api.waitForPendingCallback(id);
  await page.goto("/functions");
  await expect(page.getByRole("columnheader", { name: "Compute / run" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Est. / run" })).toBeVisible();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "order-processing", exact: true }) });
  await expect(row.locator('[data-cost-column="estimate-per-run"]')).toHaveText(/^\$\d/);
  await expect(row.locator('[data-cost-column="compute-per-run"]')).toHaveText(/\d+(\.\d+)? (ms|s)|\dm/);
});
