/**
 * Bulk actions over a query, in headless Chromium against the built app (the runner's worker runs
 * the jobs): from a filtered executions list, "Bulk action" previews a redrive of every match,
 * runs it as a job whose page shows the progress bar reaching the end and one outcome per
 * execution; the jobs list is reachable from the navigation; a running job is cancelled from its
 * page.
 */
import { warehouseSwitch } from "../examples/inventory-sync/inventory-sync";
import { setSwitch } from "../examples/support/switches";
import { expect, test } from "./support/fixtures";
import { hydrated } from "./support/hydration";

const SHOTS = "test-results/screenshots";
const COUNT = 5;

test("a bulk redrive of every filtered match, previewed, confirmed and followed to its end", async ({ page, api }) => {
  const warehouse = `bulk-${api.tag}`;
  const ids: string[] = [];
  for (let i = 0; i < COUNT; i++) ids.push(await api.start("inventory-sync", `bulk-${i}`, { warehouse, skus: ["KB-01"] }));
  for (const id of ids) await api.waitForStatus(id, "FAILED");
  setSwitch(warehouseSwitch(warehouse), true);

  await page.goto(`/executions?status=FAILED&function=inventory-sync&q=${api.tag}`);
  await (await hydrated(page.getByRole("button", { name: "Bulk action" }))).click();
  const dialog = page.getByRole("dialog", { name: "Bulk action on every match" });
  await expect(dialog.getByTestId("bulk-preview-summary")).toHaveText(`${COUNT} executions match: ${COUNT} → redrive, 0 skipped`);
  await dialog.getByLabel("Action").selectOption("stop");
  await expect(dialog.getByTestId("bulk-preview-summary")).toHaveText(`${COUNT} executions match: 0 → stop, ${COUNT} skipped`);
  await expect(dialog.getByText(`${COUNT} FAILED → skipped: already ended: FAILED`)).toBeVisible();
  await expect(dialog.getByRole("button", { name: /^Run/ })).toBeDisabled();
  await dialog.getByLabel("Action").selectOption("redrive");
  await page.screenshot({ path: `${SHOTS}/bulk-preview.png` });
  await dialog.getByRole("button", { name: `Run on ${COUNT} executions` }).click();

  await expect(page).toHaveURL(/\/jobs\/job-/);
  const progress = page.getByRole("progressbar", { name: "Job progress" });
  await expect(progress).toHaveAttribute("aria-valuenow", String(COUNT), { timeout: 30_000 });
  await expect(page.getByTestId("job-progress-text")).toContainText(`${COUNT} of ${COUNT} processed (100%): ${COUNT} done, 0 skipped, 0 failed`);
  await expect(page.locator("[data-job-status]")).toHaveAttribute("data-job-status", "SUCCEEDED");
  await expect(page.getByTestId("job-outcome")).toHaveCount(COUNT);
  await expect(page.getByRole("button", { name: "Cancel job" })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/bulk-job.png` });
  for (const id of ids) await api.waitForStatus(id, "SUCCEEDED");

  const jobId = page.url().split("/jobs/")[1]!;
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs", exact: true }).click();
  await expect(page).toHaveURL(/\/jobs$/);
  await expect(page.getByRole("link", { name: jobId })).toBeVisible();
});

test("a running job is cancelled from its page, between two batches", async ({ page, api, request }) => {
  const warehouse = `slow-${api.tag}`;
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) ids.push(await api.start("inventory-sync", `slow-${i}`, { warehouse, skus: ["KB-01"] }));
  for (const id of ids) await api.waitForStatus(id, "FAILED");
  // One execution every two seconds, one per batch: the job is still running when Cancel is
  // clicked, even on a slow machine, and the cancel is seen within one pace.
  const created = await request.post("/api/jobs", {
    data: { action: "redrive", query: { functionName: "inventory-sync", nameOrId: api.tag, statuses: ["FAILED"] }, ratePerSecond: 0.5, batchSize: 1 },
  });
  expect(created.status()).toBe(201);
  const { job } = (await created.json()) as { job: { jobId: string } };

  await page.goto(`/jobs/${job.jobId}`);
  await expect(page.locator("[data-job-status]")).toHaveAttribute("data-job-status", "RUNNING");
  await (await hydrated(page.getByRole("button", { name: "Cancel job" }))).click();
  await page.getByRole("dialog", { name: "Cancel this job?" }).getByRole("button", { name: "Confirm" }).click();
  await expect(page.locator("[data-job-status]")).toHaveAttribute("data-job-status", "CANCELLED");
  const text = await page.getByTestId("job-progress-text").textContent();
  const processed = Number(/^(\d+) of/.exec(text ?? "")?.[1]);
  expect(processed).toBeLessThan(6);
  await expect(page.getByTestId("job-outcome")).toHaveCount(processed);
});
