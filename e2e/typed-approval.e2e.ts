/**
 * A typed approval form (answerSchema), in headless Chromium against the built app: the inbox
 * renders the handler's form (a select for the cost center, a read-only reviewer filled with who
 * is signed in), refuses an answer that does not fit beside its field, and a valid answer pays.
 */
import { expect, test } from "./support/fixtures";

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
  await form.getByLabel("Amount approved").fill("-5");
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
