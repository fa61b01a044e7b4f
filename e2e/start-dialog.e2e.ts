/**
 * The Start execution dialog: it shows the chosen function's description and fills the input with
 * its registered sample (the examples register both), starting with the sample creates an
 * execution that runs, and an input over the 6 MB limit is refused before sending with the same
 * words the server answers with.
 */
import { exampleFunctions } from "../examples";
import { expect, test } from "./support/fixtures";
import { hydrated } from "./support/hydration";

const example = (name: string) => exampleFunctions.find((fn) => fn.name === name)!;

test("the dialog shows the function's description and sample, and starting with the sample runs it", async ({ page, api }) => {
  await page.goto("/executions");
  await (await hydrated(page.getByRole("button", { name: "Start execution" }))).click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  const input = dialog.getByLabel("Input (JSON)");

  await dialog.getByLabel("Function").fill("order-processing");
  await expect(dialog.getByText(example("order-processing").description)).toBeVisible();
  await expect(input).toHaveValue(JSON.stringify(example("order-processing").sampleInput, null, 2));
  await expect(dialog.getByText("The function's sample input: edit it or start with it.")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/start-dialog.png" });

  // An edit is kept; one click puts the sample back.
  await input.fill('{"orderId": "mine"}');
  await dialog.getByLabel("Function").fill("fan-out");
  await expect(dialog.getByText(example("fan-out").description)).toBeVisible();
  await expect(input).toHaveValue('{"orderId": "mine"}');
  await dialog.getByRole("button", { name: "Use the sample input" }).click();
  await expect(input).toHaveValue(JSON.stringify(example("fan-out").sampleInput, null, 2));

  await dialog.getByLabel("Name (optional)").fill(`sample-fan-out-${api.tag}`);
  await dialog.getByRole("button", { name: "Start", exact: true }).click();
  await expect(page).toHaveURL(/\/executions\/[A-Za-z0-9_-]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`sample-fan-out-${api.tag}`);
  const executionId = decodeURIComponent(new URL(page.url()).pathname.split("/").at(-1)!);
  const done = await api.waitForStatus(executionId, "SUCCEEDED");
  expect(JSON.parse(done.result!)).toMatchObject({ failed: [], sent: expect.arrayContaining([expect.objectContaining({ recipient: "ana@example.com" })]) });
});

test("a 7 MB input is refused before sending, in the words the server uses", async ({ page }) => {
  const sevenMegabytes = 7 * 1024 * 1024;
  const big = `{"data":"${"x".repeat(sevenMegabytes - 11)}"}`;
  expect(big.length).toBe(sevenMegabytes);
  const message = "Input is 7.0 MB; the limit is 6 MB";

  await page.goto("/executions");
  await (await hydrated(page.getByRole("button", { name: "Start execution" }))).click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  await dialog.getByLabel("Function").fill("fan-out");
  let posted = 0;
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/executions") posted += 1;
  });
  await dialog.getByLabel("Input (JSON)").fill(big);
  await expect(dialog.getByRole("alert").filter({ hasText: message })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Start", exact: true })).toBeDisabled();
  // Enter in a field submits the form: refused there too, nothing is sent.
  await dialog.getByLabel("Name (optional)").press("Enter");

  // The server answers the same input with the same words (413 PAYLOAD_TOO_LARGE).
  const response = await page.request.post("/api/executions", { data: { functionName: "fan-out", input: big } });
  expect(response.status()).toBe(413);
  expect(await response.json()).toEqual({ error: { code: "PAYLOAD_TOO_LARGE", message } });
  expect(posted, "the dialog sent the input").toBe(0);
  await expect(dialog).toBeVisible();
});
