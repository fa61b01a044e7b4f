/**
 * A typed approval form (answerSchema), in headless Chromium against the built app: the inbox
 * renders the handler's form (a select for the cost center, a read-only reviewer filled with who
 * is signed in), refuses an answer that does not fit beside its field, and a valid answer pays;
 * the inbox's filters live in the URL, and several approvals of one kind take one answer.
 */
import { sampleOrder } from "../examples/order-processing/sample-order";
import { expect, test } from "./support/fixtures";
import { hydrated } from "./support/hydration";

test("an expense claim is reviewed through its form, and the answer reaches the handler", async ({ page, api }) => {
  const id = await api.start("expense-approval", "claim", { claimId: "EX-9", employee: "dana@example.com", amount: 740, currency: "EUR", purpose: "Travel" });
  await api.waitForPendingCallback(id);
  await page.goto("/approvals");
  const form = page.getByRole("form", { name: new RegExp(`review in claim-${api.tag}`) });
  await expect(form.getByLabel("Cost center")).toBeVisible();
  await expect(form.getByLabel(/Reviewer/)).toHaveValue("local");
  await expect(form.getByLabel(/Reviewer/)).toHaveJSProperty("readOnly", true);
  await expect(form.getByText("Who pays for it")).toBeVisible();

  // An amount below zero is refused beside its field, and nothing is sent.
  await (await hydrated(form.getByLabel("Amount approved"))).fill("-5");
  await form.getByRole("button", { name: "Approve" }).click();
  await expect(form.getByRole("alert")).toContainText("Amount approved must be at least 0");
  expect((await api.get(id)).status).toBe("RUNNING");

  await form.getByLabel("Amount approved").fill("600");
  await form.getByLabel("Cost center").selectOption("sales");
  await form.getByLabel("Note").fill("Within the conference budget");
  await page.screenshot({ path: "test-results/screenshots/typed-approval.png", fullPage: true });
  await form.getByRole("button", { name: "Approve" }).click();
  const done = await api.waitForStatus(id, "SUCCEEDED");
  expect(JSON.parse(done.result!)).toMatchObject({ status: "PAID", paid: { amount: 600, costCenter: "sales" }, review: { reviewer: "local" } });
});

test("the API refuses an answer that does not fit the form, naming each failing path", async ({ page, api }) => {
  const id = await api.start("expense-approval", "claim-api", { claimId: "EX-10", employee: "bo@example.com", amount: 90, currency: "EUR", purpose: "Books" });
  await api.waitForPendingCallback(id);
  const pending = (await (await page.request.get("/api/approvals")).json()) as { items: Array<{ executionId: string; callbackId: string }> };
  const callbackId = pending.items.find((item) => item.executionId === id)!.callbackId;
  const refused = await page.request.post(`/api/callbacks/${callbackId}/succeed`, { data: { result: JSON.stringify({ approved: "yes", costCenter: "legal" }) } });
  expect(refused.status()).toBe(400);
  const body = (await refused.json()) as { error: { code: string; details: Array<{ path: string }> } };
  expect(body.error.code).toBe("VALIDATION_ERROR");
  expect(body.error.details.map((d) => d.path)).toEqual(["result.approved", "result.costCenter"]);
  expect((await api.get(id)).status).toBe("RUNNING");
});

test("the inbox filters by function and callback name in the URL, and answers several approvals of one kind at once", async ({ page, api }) => {
  const ids: string[] = [];
  for (const n of [1, 2, 3]) ids.push(await api.start("order-processing", `batch-${n}`, sampleOrder(`BATCH-${n}`)));
  for (const id of ids) await api.waitForPendingCallback(id);
  await page.goto("/approvals");
  await hydrated(page.getByLabel("Function"));
  await page.getByLabel("Function").selectOption("order-processing");
  await page.getByLabel("Callback name").fill("approval");
  await page.getByLabel("Callback name").press("Enter");
  await page.getByLabel("Sort").selectOption("deadline");
  await expect(page).toHaveURL(/function=order-processing/);
  await expect(page).toHaveURL(/name=approval/);
  await expect(page).toHaveURL(/sort=deadline/);
  // The filter is the page: a reload opens the same inbox, with no other kind of callback in it.
  await page.reload();
  await expect(page.getByLabel("Sort")).toHaveValue("deadline");
  const table = page.getByRole("table", { name: "Pending callbacks" });
  await expect(table.getByRole("row", { name: /review in/ })).toHaveCount(0);

  for (const n of [1, 2, 3]) await (await hydrated(page.getByLabel(`Select approval in batch-${n}-${api.tag}`))).check();
  const panel = page.getByRole("region", { name: "Answer the selected" });
  await expect(panel.getByRole("heading")).toContainText("Answer 3 selected");
  await panel.getByLabel("Reason").fill("Cleared in one go");
  await panel.getByRole("button", { name: "Approve" }).click();
  for (const n of [1, 2, 3]) await expect(page.getByRole("status").filter({ hasText: `batch-${n}-${api.tag}` })).toContainText("Approved");
  for (const id of ids) {
    const done = await api.waitForStatus(id, "SUCCEEDED");
    expect(JSON.parse(done.result!)).toMatchObject({ status: "SHIPPED", approval: { approved: true, reason: "Cleared in one go", approver: "local" } });
  }
});
