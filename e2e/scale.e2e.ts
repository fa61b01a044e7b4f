/**
 * The console at scale, in headless Chromium against the built app: an execution with 100,004
 * history events and 50,002 operations (a map of 25,000 iterations, written by the global setup
 * through the runtime's checkpoint processing) stays usable — windowed tables, filters, deep
 * links, nested JSON shown expanded. Timings are recorded as annotations, never asserted.
 */
import { iterationIds } from "../bench/console-fixtures";
import { demoIds, expect, test } from "./support/fixtures";

const SHOTS = "test-results/screenshots";
const n = (value: number) => value.toLocaleString("en-US");

test("a 100,000-event history loads, scrolls windowed, filters, deep-links and shows nested JSON expanded", async ({ page }, testInfo) => {
  const ids = demoIds();
  const total = Number(ids.hugeEvents);
  expect(total).toBeGreaterThanOrEqual(100_000);

  const opened = Date.now();
  await page.goto(`/executions/${ids.huge}?tab=history`);
  const history = page.getByRole("table", { name: "Event history" });
  await expect(history.getByText("ExecutionStarted")).toBeVisible();
  const firstPaintMs = Date.now() - opened;
  await expect(page.getByText(`${n(total)} of ${n(total)} events`)).toBeVisible({ timeout: 30_000 });
  const allLoadedMs = Date.now() - opened;
  testInfo.annotations.push({ type: "timing", description: `100k history: first rows after ${firstPaintMs} ms, every event held after ${allLoadedMs} ms` });
  console.log(`[scale] 100k history: first rows ${firstPaintMs} ms, all ${n(total)} events ${allLoadedMs} ms`);

  // Only a window of rows is in the DOM, wherever the table is scrolled.
  const rows = history.locator("tbody > tr[id^=event-]");
  expect(await rows.count()).toBeLessThan(120);
  const scroller = page.getByTestId("history-scroller");
  await scroller.evaluate((element) => (element.scrollTop = element.scrollHeight / 2));
  await expect(page.locator("#event-50000")).toBeVisible();
  expect(await rows.count()).toBeLessThan(120);
  await page.screenshot({ path: `${SHOTS}/history-100k.png` });

  // Filter by type: every map iteration's ContextSucceeded plus the map's own.
  await page.getByLabel("Event type").selectOption("ContextSucceeded");
  await expect(page).toHaveURL(/type=ContextSucceeded/);
  await expect(page.getByText(`${n(25_001)} of ${n(total)} events`)).toBeVisible();
  await page.getByLabel("Event type").selectOption("");

  // Filter by operation, picked by typing part of its name: iteration 7 and its step.
  const picker = page.getByRole("combobox", { name: "Operation" });
  await picker.fill("charge-orders-7");
  await page.getByRole("option", { name: /^charge-orders-7(?!\d)/ }).first().click();
  await expect(page).toHaveURL(/operation=/);
  await expect(page.getByText(`4 of ${n(total)} events`)).toBeVisible();
  await expect(rows).toHaveCount(4);

  // Expanded details show the step's result with the JSON nested in its strings expanded.
  const succeeded = rows.filter({ hasText: "StepSucceeded" });
  await succeeded.getByRole("button", { name: /Details of event/ }).click();
  await expect(history.getByText('"receiptId": "rcpt-7"')).toBeVisible();
  await expect(history.getByRole("button", { name: /Nested JSON expanded/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/history-100k-filtered.png` });

  // A deep link to the very last event scrolls to it and opens it.
  await page.goto(`/executions/${ids.huge}?tab=history&event=${total}`);
  const last = page.locator(`#event-${total}`);
  await expect(last).toBeInViewport({ timeout: 30_000 });
  await expect(last).toContainText("ExecutionSucceeded");
  await expect(last.getByRole("button", { name: `Details of event ${total}` })).toHaveAttribute("aria-expanded", "true");
});

test("a map of 25,000 iterations: the operations tree is windowed and a deep link opens an operation inside it", async ({ page }, testInfo) => {
  const ids = demoIds();
  const { iterationId, stepId } = iterationIds(ids.hugeMap!, 20_000);
  const opened = Date.now();
  await page.goto(`/executions/${ids.huge}?op=${stepId}`);
  const selected = page.getByRole("region", { name: "Selected operation" });
  await expect(selected.getByRole("heading", { name: "charge" })).toBeVisible({ timeout: 30_000 });
  await expect(selected.getByText("in charge-orders-20000")).toBeVisible();
  const row = page.locator(`tr[data-operation-id="${stepId}"]`);
  await expect(row).toBeInViewport();
  await expect(row).toHaveAttribute("class", /bg-sky-50/);
  testInfo.annotations.push({ type: "timing", description: `50k-operation tree with a deep-linked operation: ${Date.now() - opened} ms` });

  const table = page.getByRole("table", { name: "Durable operations" });
  expect(await table.locator("tbody > tr[data-operation-id]").count()).toBeLessThan(120);
  await expect(page.locator(`tr[data-operation-id="${iterationId}"]`)).toBeVisible();
  // The step's result carries a receipt serialized as a string: shown expanded.
  await expect(page.getByRole("region", { name: "Payloads" }).getByText('"receiptId": "rcpt-20000"')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/operations-50k.png` });

  // Collapsing the map (scrolled back to the top) selects it and leaves one row; the timeline
  // draws its lanes windowed too.
  await page.getByTestId("operations-scroller").evaluate((element) => (element.scrollTop = 0));
  await page.getByRole("button", { name: "Collapse charge-orders", exact: true }).click();
  await expect(table.locator("tbody > tr[data-operation-id]")).toHaveCount(1);
  await expect(selected.getByRole("heading", { name: "charge-orders", exact: true })).toBeVisible();
  await page.getByRole("tab", { name: "Timeline" }).click();
  await expect(page.getByRole("figure", { name: "Timeline of operations" })).toBeVisible();
  expect(await page.getByTestId("timeline-scroller").locator("button").count()).toBeLessThan(120);
});

test("the Functions page charts executions over time and durations, per range", async ({ page }) => {
  await page.goto("/functions");
  const overTime = page.getByRole("figure", { name: /Executions started per interval/ });
  await expect(overTime).toBeVisible();
  await expect(overTime.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByRole("figure", { name: /Duration p50 and p95 per function/ })).toContainText("order-processing");
  const table = page.getByRole("table", { name: "Functions" });
  await expect(table.getByRole("columnheader", { name: "p95" })).toBeVisible();
  const orders = table.getByRole("row", { name: /^order-processing/ });
  await expect(orders.getByRole("img", { name: /executions of order-processing/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/functions.png`, fullPage: true });

  await page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "1 h" }).click();
  await expect(page).toHaveURL(/range=1h/);
  await expect(page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "1 h" })).toHaveAttribute("aria-pressed", "true");
  await expect(overTime.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: `${SHOTS}/functions-dark.png`, fullPage: true });
});
