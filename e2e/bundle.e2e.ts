/**
 * Incident bundles in headless Chromium against the built app: "Export bundle" on an execution's
 * page downloads one file; the Bundles page imports it; the imported execution opens on the same
 * page and tabs, marked "Imported bundle", every action disabled (and refused by the server);
 * the import is listed and can be removed.
 */
import { readFileSync } from "node:fs";
import { expect, order, test } from "./support/fixtures";

const SHOTS = "test-results/screenshots";

test("export a waiting order from its page, import the file, see it read-only and marked imported, then remove it", async ({ page, api, request }, testInfo) => {
  const id = await api.start("order-processing", "order-bundle", order("B-7001"));
  await api.waitForPendingCallback(id);

  await page.goto(`/executions/${id}`);
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export bundle" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`bundle-order-processing-${id}.json`);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const bundle = JSON.parse(readFileSync(file, "utf8")) as { format: string; content: { execution: { executionId: string } } };
  expect(bundle.format).toBe("durable-console/incident-bundle");
  expect(bundle.content.execution.executionId).toBe(id);

  await page.goto("/bundles");
  await page.getByTestId("bundle-drop-zone").locator('input[type="file"]').setInputFiles(file);
  const imported = page.getByRole("status").getByRole("link");
  await expect(imported).toBeVisible();
  await imported.click();

  await expect(page).toHaveURL(/\/executions\/imported-[0-9a-f]{24}$/);
  const banner = page.getByTestId("imported-banner");
  await expect(banner).toContainText("Imported bundle: read-only");
  await expect(banner).toContainText(id);
  await expect(page.locator("h1 + [data-status]")).toHaveAttribute("data-status", "RUNNING");
  for (const name of ["Stop", "Redrive", "Replay"]) await expect(page.getByRole("button", { name, exact: true })).toBeDisabled();
  // The approval waiting in the original shows here too, its answers disabled like every action.
  const locked = page.locator('button[aria-describedby="action-locked-reason"]');
  expect(await locked.count()).toBeGreaterThan(3);
  for (const button of await locked.all()) await expect(button).toBeDisabled();
  await page.screenshot({ path: `${SHOTS}/imported-bundle.png`, fullPage: true });

  await page.getByRole("tab", { name: /Event history/ }).click();
  await expect(page.getByRole("tabpanel")).toContainText("ExecutionStarted");

  const importedId = new URL(page.url()).pathname.split("/").pop()!;
  const refused = await request.post(`/api/executions/${importedId}/stop`, { data: {} });
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("IMPORTED_READ_ONLY");
  expect((await api.get(id)).status).toBe("RUNNING");

  await page.goto("/bundles");
  const row = page.getByTestId("imported-bundle-row").filter({ hasText: id });
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: "Remove" }).click();
  await expect(row).toHaveCount(0);
});
