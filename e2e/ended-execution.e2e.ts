/**
 * The execution page tells the truth about time, in headless Chromium against the built app:
 * an execution that ended shows what it left open as ended with it (no Waiting, no running
 * clock, no polling), the timeline draws invocations and a retried step's attempts, Redrive
 * asks first, the header, banner and rows change together after an answer, and an execution
 * no worker picks up says so.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { warehouseSwitch } from "../examples/inventory-sync/inventory-sync";
import { setSwitch } from "../examples/support/switches";
import { DurableClient } from "../sdk/runtime";
import { openStore } from "../sdk/store/open";
import { startConsoleServer } from "../support/console-server";
import { demoIds, expect, order, test } from "./support/fixtures";
import { hydrated } from "./support/hydration";

const SHOTS = "test-results/screenshots";
const header = (page: Page) => page.locator("h1 + [data-status]");
const operationRow = (page: Page, name: string) => page.getByRole("table", { name: "Durable operations" }).getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
const timelineBar = (page: Page, name: string) => page.getByRole("figure", { name: "Timeline of operations" }).getByRole("button", { name: new RegExp(`^${name}: `) });

/** The duration cell of an operation row, read on a fresh load of the page. */
async function durationAfterReload(page: Page, name: string): Promise<string> {
  await page.reload();
  const cell = operationRow(page, name).locator("td").nth(4);
  await expect(cell).toHaveText(/\S/);
  return (await cell.textContent())!.trim();
}

/** Requests the page makes to refresh an execution, from now on. */
function countSnapshotRequests(page: Page): { count: () => number } {
  let count = 0;
  page.on("request", (request) => {
    if (request.url().includes("/snapshot")) count += 1;
  });
  return { count: () => count };
}

test("a timed-out execution's open wait ended with it: neutral, a duration that stops, a timeline that ends, no polling", async ({ page }) => {
  const id = demoIds().timedOut!;
  await page.goto(`/executions/${id}`);
  await expect(header(page)).toHaveAttribute("data-status", "TIMED_OUT");
  const row = operationRow(page, "fraud-review-hold");
  await expect(row.locator("[data-status=STARTED]")).toHaveAttribute("data-phase", "ended-with-execution");
  await expect(row).toContainText("Ended with the execution");
  await expect(row).not.toContainText("Waiting");
  await expect(page.getByTestId("waiting-banner")).toHaveCount(0);

  // Its duration stops at the execution's end: the same on every load, seconds apart.
  const first = await durationAfterReload(page, "fraud-review-hold");
  await page.waitForTimeout(2500);
  expect(await durationAfterReload(page, "fraud-review-hold")).toBe(first);
  expect(first).toMatch(/^\d(\.\d)? s$/);

  // Nothing on the page refreshes by itself any more.
  const requests = countSnapshotRequests(page);
  await page.waitForTimeout(4500);
  expect(requests.count()).toBe(0);

  // Its panel says so, and offers no countdown.
  await row.getByRole("link", { name: "fraud-review-hold" }).click();
  const panel = page.getByRole("region", { name: "Selected operation" });
  await expect(panel.getByTestId("ended-with-execution")).toContainText("timed out");
  await expect(panel.getByText("Wakes")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/ended-operations.png`, fullPage: true });

  // The timeline ends where the execution did (not an hour later, where the wait was due), and
  // the wait's bar is the neutral one, cut at that end.
  await page.getByRole("tab", { name: "Timeline" }).click();
  const bar = timelineBar(page, "fraud-review-hold");
  await expect(bar).toHaveAttribute("data-phase", "ended-with-execution");
  await expect(bar).toHaveAttribute("aria-label", /Ended with the execution/);
  const figure = page.getByRole("figure", { name: "Timeline of operations" });
  await expect(figure.getByText(/^\+\d(\.\d)? s$/).last()).toBeVisible();
  await expect(figure.getByText(/^\+1h/)).toHaveCount(0);
  const label = await bar.getAttribute("aria-label");
  await page.reload();
  await expect(timelineBar(page, "fraud-review-hold")).toHaveAttribute("aria-label", label!);
  await page.screenshot({ path: `${SHOTS}/ended-timeline.png`, fullPage: true });
});

test("a stopped execution's open approval is not waiting: no banner, no answer form, no running rows", async ({ page, api }) => {
  const id = await api.start("order-processing", "order-stopped-approval", order("F-6001"));
  await api.waitForPendingCallback(id);
  const stopped = await page.request.post(`/api/executions/${id}/stop`, { data: { error: { ErrorMessage: "customer cancelled" } } });
  expect(stopped.status()).toBe(200);

  await page.goto(`/executions/${id}`);
  await expect(header(page)).toHaveAttribute("data-status", "STOPPED");
  await expect(page.getByTestId("waiting-banner")).toHaveCount(0);
  const table = page.getByRole("table", { name: "Durable operations" });
  await expect(table.locator("[data-phase=ended-with-execution]").first()).toBeVisible();
  await expect(table.locator("[data-phase=live]")).toHaveCount(0);
  await expect(operationRow(page, "approval")).toContainText("Ended with the execution");

  await operationRow(page, "approval").getByRole("link", { name: "approval" }).click();
  await expect(page.getByRole("region", { name: "Selected operation" }).getByTestId("ended-with-execution")).toContainText("stopped");
  await expect(page.getByRole("region", { name: "Answer this callback" })).toHaveCount(0);
  const first = await durationAfterReload(page, "approval");
  await page.waitForTimeout(2000);
  expect(await durationAfterReload(page, "approval")).toBe(first);
});

test("the timeline shows every invocation and a retried step's attempts with the waits between them", async ({ page }) => {
  const id = demoIds().failed!;
  const execution = (await (await page.request.get(`/api/executions/${id}`)).json()) as { invocationCount: number };
  await page.goto(`/executions/${id}?tab=timeline`);
  const figure = page.getByRole("figure", { name: "Timeline of operations" });

  // One bar per invocation, each wide enough to see.
  const invocations = figure.getByTestId("invocation-bar");
  await expect(invocations).toHaveCount(execution.invocationCount);
  expect(execution.invocationCount).toBeGreaterThanOrEqual(2);
  for (const bar of await invocations.all()) {
    const box = await bar.boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(3);
    await expect(bar).toHaveAttribute("aria-label", /^Invocation \d+: /);
  }

  // push-to-warehouse failed three times: three attempts, two waits, each named in its tooltip.
  const attempts = timelineBar(page, "push-to-warehouse").and(figure.locator("[data-segment=attempt]"));
  await expect(attempts).toHaveCount(3);
  await expect(timelineBar(page, "push-to-warehouse").and(figure.locator("[data-segment=retry-wait]"))).toHaveCount(2);
  await expect(attempts.first()).toHaveAttribute("title", /Attempt 1 failed after .*503 Service Unavailable.*retry after/);
  await expect(attempts.last()).toHaveAttribute("title", /Attempt 3 failed/);
  await page.screenshot({ path: `${SHOTS}/timeline-attempts.png`, fullPage: true });

  // A step that failed once and then succeeded: a failed attempt, a wait, a succeeded attempt.
  await page.goto(`/executions/${demoIds().awaitingApproval}?tab=timeline`);
  const payment = timelineBar(page, "process-payment");
  await expect(payment).toHaveCount(3);
  await expect(payment.nth(0)).toHaveAttribute("data-phase", "failed");
  await expect(payment.nth(1)).toHaveAttribute("data-segment", "retry-wait");
  await expect(payment.nth(2)).toHaveAttribute("data-phase", "succeeded");
});

test("Redrive asks for confirmation: cancel leaves the execution failed, confirm redrives it", async ({ page, api }) => {
  const warehouse = `south-${api.tag}`;
  const id = await api.start("inventory-sync", "sync-south", { warehouse, skus: ["KB-01"] });
  await api.waitForStatus(id, "FAILED");
  await page.goto(`/executions/${id}`);

  await (await hydrated(page.getByRole("button", { name: "Redrive" }))).click();
  const dialog = page.getByRole("dialog", { name: "Redrive this execution?" });
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/redrive-confirm.png` });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await page.waitForTimeout(1500);
  expect((await api.get(id)).status).toBe("FAILED");
  await expect(header(page)).toHaveAttribute("data-status", "FAILED");

  setSwitch(warehouseSwitch(warehouse), true);
  await (await hydrated(page.getByRole("button", { name: "Redrive" }))).click();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(header(page)).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
  expect((await api.get(id)).status).toBe("SUCCEEDED");
});

test("after an approval the header, the banner and the rows change together", async ({ page, api }) => {
  const id = await api.start("order-processing", "order-consistent", order("F-6002"));
  await api.waitForPendingCallback(id);
  await page.goto(`/executions/${id}`);
  await expect(page.getByTestId("waiting-banner")).toBeVisible();

  // Every DOM change is checked: a finished header never stands beside a waiting banner or a
  // row still going.
  await page.evaluate(() => {
    const record = { frames: 0, mismatches: [] as string[] };
    (window as unknown as { consistency: typeof record }).consistency = record;
    const check = () => {
      record.frames += 1;
      const status = document.querySelector("h1 + [data-status]")?.getAttribute("data-status");
      if (!status || status === "RUNNING") return;
      const banner = document.querySelector("[data-testid=waiting-banner]") !== null;
      const going = document.querySelectorAll(
        'table [data-status="STARTED"]:not([data-phase="ended-with-execution"]), table [data-status="PENDING"]:not([data-phase="ended-with-execution"])',
      ).length;
      if (banner || going > 0) record.mismatches.push(`${status} header, banner ${banner}, ${going} rows going`);
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const consistency = () => page.evaluate(() => (window as unknown as { consistency: { frames: number; mismatches: string[] } }).consistency);

  await page.getByRole("region", { name: "Answer this callback" }).getByRole("button", { name: "Approve" }).click();
  await expect(header(page)).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
  // A few more polls' worth of frames after the end.
  for (let i = 0; i < 3; i++) {
    await page.waitForTimeout(700);
    expect((await consistency()).mismatches).toEqual([]);
  }
  const { frames } = await consistency();
  expect(frames).toBeGreaterThan(0);
  await expect(page.getByTestId("waiting-banner")).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Durable operations" }).locator("[data-phase=live]")).toHaveCount(0);
});

test("a due execution no worker picks up says so at the top of its page", async ({ page }) => {
  // A console over a store no worker serves: what a user sees when no running worker has the function.
  const dir = mkdtempSync(path.join(tmpdir(), "durable-e2e-unclaimed-"));
  const storePath = path.join(dir, "durable.db");
  const store = await openStore(storePath);
  const server = await startConsoleServer({ DURABLE_STORE: storePath });
  try {
    const client = new DurableClient({ store });
    const { execution } = await client.startExecution({ functionName: "greet-user", name: "greet-ana", input: '{"name":"Ana"}' });
    await page.goto(`${server.url}/executions/${execution.executionId}`);
    await expect(header(page)).toHaveAttribute("data-status", "RUNNING");
    // Due at once; reported after a few seconds without a claim (the page polls while it runs).
    const banner = page.getByTestId("unclaimed-banner");
    await expect(banner).toContainText("waiting for a worker to pick it up", { timeout: 15_000 });
    await expect(banner).toContainText("Due since");
    await expect(banner).toContainText("greet-user");
    await page.screenshot({ path: `${SHOTS}/unclaimed.png` });

    // Once it is no longer due (stopped here), the banner goes.
    await client.stopExecution(execution.executionId, { ErrorType: "Stopped", ErrorMessage: "test" });
    await page.reload();
    await expect(header(page)).toHaveAttribute("data-status", "STOPPED");
    await expect(banner).toHaveCount(0);
  } finally {
    await server.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
