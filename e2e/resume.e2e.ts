/**
 * Resuming safely, in headless Chromium against the built app: the Redrive confirmation previews
 * the redrive and checks the history against the code deployed now (the console's: the bundled
 * examples), warns on a mismatch and redrives only when told to anyway; "Rerun from here" forks
 * an execution from a chosen step into a new one that links back to its source.
 */
import type { Page } from "@playwright/test";
import { warehouseSwitch } from "../examples/inventory-sync/inventory-sync";
import { setSwitch } from "../examples/support/switches";
import { buildNewExecution } from "../sdk/runtime/execution-factory";
import { newExecutionId } from "../sdk/runtime/ids";
import { openStore } from "../sdk/store/open";
import { hashOperationId } from "../sdk/utils/hash";
import { expect, order, test } from "./support/fixtures";
import { hydrated } from "./support/hydration";

const SHOTS = "test-results/screenshots";
const header = (page: Page) => page.locator("h1 + [data-status]");

/**
 * An order-processing execution recorded by an older version of the code, whose first step was
 * called "check-order", stopped while it waited. Written straight into the store, never due, so
 * the runner's worker (today's code) leaves it alone.
 */
async function legacyExecution(tag: string): Promise<string> {
  const store = await openStore(process.env.DURABLE_STORE);
  try {
    const executionId = newExecutionId();
    const now = Date.now();
    const created = buildNewExecution({ executionId, functionName: "order-processing", name: `legacy-${tag}`, input: JSON.stringify(order("L-1")), now: now - 5000 });
    delete created.execution.nextWakeAt;
    const ended = new Date(now).toISOString();
    Object.assign(created.execution, { status: "STOPPED", endTimestamp: ended, operationCount: 2 });
    created.operations[0]!.operation = { ...created.operations[0]!.operation, Status: "STOPPED", EndTimestamp: ended };
    created.operations.push({
      executionId,
      seq: 2,
      operation: { Id: hashOperationId("1"), Type: "STEP", SubType: "Step", Name: "check-order", Status: "SUCCEEDED", StartTimestamp: ended, EndTimestamp: ended, StepDetails: { Result: '"ok"' } },
    });
    await store.executions.create(created);
    return executionId;
  } finally {
    await store.close();
  }
}

test("the Redrive confirmation previews the redrive and says today's code replays it", async ({ page, api }) => {
  const warehouse = `east-${api.tag}`;
  const id = await api.start("inventory-sync", "sync-east", { warehouse, skus: ["KB-01"] });
  await api.waitForStatus(id, "FAILED");
  await page.goto(`/executions/${id}`);

  await (await hydrated(page.getByRole("button", { name: "Redrive" }))).click();
  const dialog = page.getByRole("dialog", { name: "Redrive this execution?" });
  await expect(dialog.getByTestId("determinism-verdict")).toContainText("Compatible with the code deployed now");
  const preview = dialog.getByRole("table", { name: "Redrive preview" });
  await expect(preview.getByRole("row").filter({ hasText: "snapshot-stock" })).toContainText("Replays from its checkpoint");
  await expect(preview.getByRole("row").filter({ hasText: "push-to-warehouse" })).toContainText(/Runs again \(attempt \d+\)/);
  await page.screenshot({ path: `${SHOTS}/redrive-preview.png` });

  setSwitch(warehouseSwitch(warehouse), true);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(header(page)).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
});

test("a history today's code does not replay: the redrive warns, is refused, and goes ahead only when forced", async ({ page, api }) => {
  const id = await legacyExecution(api.tag);
  await page.goto(`/executions/${id}`);
  await expect(header(page)).toHaveAttribute("data-status", "STOPPED");

  await (await hydrated(page.getByRole("button", { name: "Redrive" }))).click();
  const dialog = page.getByRole("dialog", { name: "Redrive this execution?" });
  const verdict = dialog.getByTestId("determinism-verdict");
  await expect(verdict).toContainText("does not replay this execution");
  await expect(verdict).toContainText("check-order");
  await expect(verdict).toContainText("validate-order");
  await page.screenshot({ path: `${SHOTS}/redrive-mismatch.png` });

  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toContainText("Could not redrive");
  expect((await api.get(id)).status).toBe("STOPPED");

  await verdict.getByLabel("Redrive anyway").check();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(header(page)).not.toHaveAttribute("data-status", "STOPPED", { timeout: 30_000 });
  const audit = (await (await page.request.get(`/api/audit?execution=${id}`)).json()) as { items: Array<{ action: string; outcome: string; errorCode?: string }> };
  expect(audit.items.map((a) => [a.action, a.outcome, a.errorCode ?? null])).toEqual([
    ["execution.redrive", "succeeded", null],
    ["execution.redrive", "failed", "NON_DETERMINISTIC"],
  ]);
});

test("Rerun from here forks from the chosen step into a new execution that links to its source", async ({ page, api }) => {
  const warehouse = `west-${api.tag}`;
  setSwitch(warehouseSwitch(warehouse), true);
  const id = await api.start("inventory-sync", "sync-west", { warehouse, skus: ["KB-01", "MS-02"] });
  await api.waitForStatus(id, "SUCCEEDED");
  const operations = (await (await page.request.get(`/api/executions/${id}/operations`)).json()) as Array<{ Id: string; Name?: string }>;
  const push = operations.find((op) => op.Name === "push-to-warehouse")!;
  await page.goto(`/executions/${id}?op=${push.Id}`);

  const panel = page.getByRole("region", { name: "Selected operation" });
  await (await hydrated(panel.getByRole("button", { name: "Rerun from here" }))).click();
  const dialog = page.getByRole("dialog", { name: "Rerun from push-to-warehouse" });
  await expect(dialog.getByLabel("Input (JSON)")).toHaveValue(/MS-02/);
  await page.screenshot({ path: `${SHOTS}/rerun-from-here.png` });
  await dialog.getByRole("button", { name: "Rerun" }).click();

  await expect(page).not.toHaveURL(new RegExp(`/executions/${id}`));
  await expect(header(page)).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
  await expect(page.getByRole("link", { name: `${id.slice(0, 8)}…` })).toBeVisible();
  await page.getByRole("tab", { name: "Event history" }).click();
  await expect(page.getByRole("table", { name: "Event history" }).getByText("ExecutionForked")).toBeVisible();
});
