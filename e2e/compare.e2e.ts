/**
 * Compare two runs, in headless Chromium against the built app: from a failed execution's page,
 * "Compare with…" offers the same function's runs; picking the one that healed shows where the
 * two parted, how their inputs differ, and their operations side by side.
 */
import { demoIds, expect, test } from "./support/fixtures";

const SHOTS = "test-results/screenshots";

test("a failed run compared with one that succeeded names the step where they parted", async ({ page }) => {
  const ids = demoIds();
  await page.goto(`/executions/${ids.failed}`);
  await page.getByRole("link", { name: "Compare with…" }).click();
  await expect(page).toHaveURL(new RegExp(`/executions/compare\\?a=${ids.failed}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compare inventory-berlin with…");
  await page.getByRole("list", { name: "Recent runs" }).getByRole("link", { name: /inventory-lisbon/ }).click();

  await expect(page).toHaveURL(new RegExp(`a=${ids.failed}&b=${ids.redriven}`));
  const divergence = page.getByRole("region", { name: "First divergence" });
  await expect(divergence).toContainText("run A failed at `push-to-warehouse`");
  await expect(divergence).toContainText("run B succeeded there");
  await expect(page.getByRole("group", { name: "Run A" })).toContainText("inventory-berlin");
  await expect(page.getByRole("group", { name: "Run B" })).toContainText("inventory-lisbon");

  const input = page.getByRole("table", { name: "Input differences" });
  await expect(input.locator('tr[data-change="changed"]').filter({ hasText: "warehouse" })).toContainText('"berlin"');
  await expect(input.locator('tr[data-change="changed"]').filter({ hasText: "warehouse" })).toContainText('"lisbon"');

  const operations = page.getByRole("table", { name: "Operations of both runs" });
  const push = operations.locator("tbody tr").filter({ hasText: "push-to-warehouse" });
  await expect(push).toHaveAttribute("data-differs", "true");
  await expect(push.locator('[data-run="A"]')).toContainText("Failed");
  await expect(push.locator('[data-run="B"]')).toContainText("Succeeded");
  await page.screenshot({ path: `${SHOTS}/compare.png`, fullPage: true });

  // Swap, then open the diverging step in run B.
  await page.getByRole("link", { name: "Swap A and B" }).click();
  await expect(page).toHaveURL(new RegExp(`a=${ids.redriven}&b=${ids.failed}`));
  await expect(divergence).toContainText("run B failed at `push-to-warehouse`");
  await divergence.getByRole("link", { name: "Open it in run B" }).click();
  await expect(page).toHaveURL(new RegExp(`/executions/${ids.failed}\\?op=`));
  await expect(page.getByRole("region", { name: "Selected operation" }).getByRole("heading", { name: "push-to-warehouse" })).toBeVisible();
});

test("a run compared with itself did the same; the operations list shows all, or only differences", async ({ page }) => {
  const id = demoIds().shipped!;
  await page.goto(`/executions/compare?a=${id}&b=${id}`);
  await expect(page.getByRole("region", { name: "First divergence" })).toContainText("The runs did the same");
  await expect(page.getByText("The inputs are the same.")).toBeVisible();
  const rows = page.getByRole("table", { name: "Operations of both runs" }).locator("tbody tr[data-operation-id]");
  await expect(rows.filter({ hasText: "process-payment" })).toBeVisible();
  await expect(rows.filter({ hasText: "create-shipment" })).toBeVisible();
  await expect(rows.and(page.locator("[data-differs]"))).toHaveCount(0);
  await page.getByLabel("Only differences").check();
  await expect(page.getByText("No operation differs.")).toBeVisible();
});

test("a comparison that cannot be made says why", async ({ page }) => {
  const alert = page.getByRole("alert").filter({ hasText: "Cannot compare" });
  await page.goto(`/executions/compare?a=${demoIds().failed}&b=no-such-run`);
  await expect(alert).toContainText("no-such-run");
  await page.goto("/executions/compare?a=not%20an%20id&b=x");
  await expect(alert).toContainText("a must be an execution id or ARN");
});
