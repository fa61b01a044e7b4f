/**
 * The console on a phone-sized screen (390 x 844, an iPhone's viewport): every page fits its
 * width without sideways scrolling (a table may scroll inside its own box, the page may not), the
 * navigation collapses behind a menu button that works by mouse and keyboard, the filters wrap,
 * and an approval's Approve / Reject buttons are on screen.
 */
import type { Page } from "@playwright/test";
import { demoIds, expect, order, test } from "./support/fixtures";
import { hydrated } from "./support/hydration";
import { nextStart, stopServer, waitUntilServing, type NextServer } from "./support/next-server";

const WIDTH = 390;
const SHOTS = "test-results/screenshots";

test.use({ viewport: { width: WIDTH, height: 844 } });

/**
 * Fails when the document is wider than the viewport, naming the elements that stick out past
 * its right edge without a scrolling box of their own (the first few, outermost first).
 */
async function expectNoSidewaysScroll(page: Page, label: string): Promise<void> {
  const found = await page.evaluate((width) => {
    const clippedByScroller = (element: Element): boolean => {
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        const overflowX = getComputedStyle(parent).overflowX;
        if (overflowX !== "visible" && parent.getBoundingClientRect().right <= width + 0.5) return true;
      }
      return false;
    };
    const describe = (element: Element) =>
      `<${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""} class="${(element.getAttribute("class") ?? "").slice(0, 80)}"> right=${Math.round(element.getBoundingClientRect().right)}`;
    const sticksOut = (element: Element | null) => {
      if (!element || element === document.body) return false;
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.right > width + 0.5 && !clippedByScroller(element);
    };
    const culprits: string[] = [];
    if (document.documentElement.scrollWidth > width) {
      // Where the overflow starts: an element that sticks out inside a parent that does not.
      for (const element of document.body.querySelectorAll("*")) {
        if (culprits.length < 6 && sticksOut(element) && !sticksOut(element.parentElement)) culprits.push(describe(element));
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, culprits };
  }, WIDTH);
  expect(found.scrollWidth, `${label} is wider than the screen: ${found.culprits.join("; ")}`).toBeLessThanOrEqual(WIDTH);
}

async function operationId(page: Page, executionId: string, name: string): Promise<string> {
  const operations = (await (await page.request.get(`/api/executions/${executionId}/operations`)).json()) as Array<{ Id: string; Name?: string }>;
  return operations.find((op) => op.Name === name)!.Id;
}

/** Each page, and what shows that it has rendered its data. */
const PAGES: Array<{ name: string; path: (ids: Record<string, string>, page: Page) => Promise<string> | string; ready: (page: Page) => Promise<void> }> = [
  { name: "home", path: () => "/", ready: (page) => expect(page.getByRole("heading", { name: "Overview" })).toBeVisible() },
  {
    name: "executions",
    path: () => "/executions",
    ready: (page) => expect(page.getByRole("table", { name: "Executions" }).locator("tbody tr").first()).toBeVisible(),
  },
  {
    name: "execution-operations",
    path: (ids) => `/executions/${ids.awaitingApproval}`,
    ready: (page) => expect(page.getByRole("link", { name: "process-payment" })).toBeVisible(),
  },
  {
    name: "execution-operation-failed",
    path: async (ids, page) => `/executions/${ids.failed}?op=${await operationId(page, ids.failed!, "push-to-warehouse")}`,
    ready: (page) => expect(page.getByRole("region", { name: "Attempts" }).getByText("Attempt 3")).toBeVisible(),
  },
  {
    name: "execution-history",
    path: (ids) => `/executions/${ids.awaitingApproval}?tab=history`,
    ready: (page) => expect(page.getByRole("table", { name: "Event history" }).getByText("ExecutionStarted")).toBeVisible(),
  },
  {
    name: "execution-timeline",
    path: (ids) => `/executions/${ids.shipped}?tab=timeline`,
    ready: (page) => expect(page.getByRole("figure", { name: "Timeline of operations" })).toBeVisible(),
  },
  { name: "approvals", path: () => "/approvals", ready: (page) => expect(page.getByRole("table", { name: "Pending callbacks" })).toBeVisible() },
  { name: "functions", path: () => "/functions", ready: (page) => expect(page.getByRole("heading", { name: "Functions", level: 1 })).toBeVisible() },
  { name: "audit", path: () => "/audit", ready: (page) => expect(page.getByRole("heading", { name: /Audit/, level: 1 })).toBeVisible() },
  { name: "not-found", path: () => "/no-such-page", ready: (page) => expect(page.getByText("Page not found")).toBeVisible() },
  {
    name: "execution-not-found",
    path: () => "/executions/no-such-execution",
    ready: (page) => expect(page.getByText("Execution not found")).toBeVisible(),
  },
];

for (const { name, path, ready } of PAGES) {
  test(`${name} fits 390 px without sideways scrolling`, async ({ page }) => {
    await page.goto(await path(demoIds(), page));
    await ready(page);
    await page.screenshot({ path: `${SHOTS}/narrow-${name}.png`, fullPage: true });
    await expectNoSidewaysScroll(page, name);
  });
}

test("the navigation collapses behind a menu button that opens and closes by mouse and keyboard", async ({ page }) => {
  await page.goto("/executions");
  const nav = page.getByRole("navigation", { name: "Main" });
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(menu).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav.getByRole("link", { name: "Approvals" })).toBeHidden();

  await (await hydrated(menu)).click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav.getByRole("link", { name: "Approvals" })).toBeInViewport();
  await expectNoSidewaysScroll(page, "the open menu");
  await page.screenshot({ path: `${SHOTS}/narrow-menu-open.png` });
  await nav.getByRole("link", { name: "Approvals" }).click();
  await expect(page).toHaveURL(/\/approvals$/);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav.getByRole("link", { name: "Functions" })).toBeHidden();

  // Keyboard: Enter opens it, the links are next in the tab order, Escape closes it and focus returns.
  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "Executions" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();
  await expect(nav.getByRole("link", { name: "Executions" })).toBeHidden();
});

test("the filters wrap on screen and work: a search by part of a name, a reversed date range is an error", async ({ page }) => {
  await page.goto("/executions");
  await hydrated(page.getByRole("searchbox", { name: "Search by name or id" }));
  const controls = [
    page.getByRole("searchbox", { name: "Search by name or id" }),
    page.getByLabel("Function"),
    page.getByLabel("Started from"),
    page.getByLabel("to", { exact: true }),
    page.getByRole("button", { name: /^All/ }),
    page.getByRole("button", { name: "Start execution" }),
  ];
  for (const control of controls) await expect(control).toBeInViewport({ ratio: 1 });

  // "DER-1001-ON" is in the middle of "order-1001-on-hold", in another case: found, where a prefix
  // search found nothing (and no execution id, a UUID, can hold an "r").
  await controls[0]!.fill("DER-1001-ON");
  await expect(page).toHaveURL(/q=DER-1001-ON/);
  const table = page.getByRole("table", { name: "Executions" });
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.getByRole("link", { name: /order-1001-on-hold/ })).toBeVisible();

  await page.getByLabel("Started from").fill("2026-03-02T10:00");
  await page.getByLabel("to", { exact: true }).fill("2026-03-01T10:00");
  await expect(page.getByRole("alert").filter({ hasText: /later than/ })).toBeVisible();
  await expectNoSidewaysScroll(page, "the filter bar with an error");
  await page.screenshot({ path: `${SHOTS}/narrow-filters-error.png`, fullPage: true });

  await page.getByRole("button", { name: "Start execution" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectNoSidewaysScroll(page, "the start dialog");
});

test("an approval's Approve and Reject buttons are on screen and answer it", async ({ page, api }) => {
  const id = await api.start("order-processing", "narrow-approve", order("N-3901"));
  await api.waitForPendingCallback(id);
  await page.goto("/approvals");
  const row = page.getByRole("row", { name: new RegExp(`approval in narrow-approve-${api.tag}`) });
  const approve = await hydrated(row.getByRole("button", { name: "Approve" }));
  // Scrolled to (the inbox is a long page), the row's whole form fits across the screen.
  await row.getByLabel("Reason").scrollIntoViewIfNeeded();
  await expect(row.getByLabel("Reason")).toBeInViewport({ ratio: 1 });
  await approve.scrollIntoViewIfNeeded();
  await expect(approve).toBeInViewport({ ratio: 1 });
  await expect(row.getByRole("button", { name: "Reject" })).toBeInViewport({ ratio: 1 });
  await expectNoSidewaysScroll(page, "approvals");
  await row.getByLabel("Reason").fill("fine from a phone");
  await approve.click();
  await expect(page.getByRole("status").filter({ hasText: `narrow-approve-${api.tag}` })).toContainText("Approved");
  await api.waitForStatus(id, "SUCCEEDED");
});

test.describe("with authentication on", () => {
  const PORT = 3103;
  const BASE = `http://127.0.0.1:${PORT}`;
  let server: NextServer | undefined;
  test.beforeAll(async () => {
    server = nextStart("127.0.0.1", PORT, { DURABLE_CONSOLE_USERS: "nora:operator:narrow-password-e2e", DURABLE_CONSOLE_TOKEN: "narrow-operator-token-0123456789" });
    await waitUntilServing(server, `${BASE}/login`);
  });
  test.afterAll(() => stopServer(server));

  test("the sign-in page and the signed-in header fit 390 px", async ({ page }) => {
    await page.goto(`${BASE}/executions`);
    await expect(page).toHaveURL(/\/login\?next=/);
    await expectNoSidewaysScroll(page, "login");
    await page.screenshot({ path: `${SHOTS}/narrow-login.png`, fullPage: true });
    await page.getByLabel("Name").fill("nora");
    await page.getByLabel("Password").fill("narrow-password-e2e");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(`${BASE}/executions`);
    await expect(page.getByRole("table", { name: "Executions" }).locator("tbody tr").first()).toBeVisible();
    await expectNoSidewaysScroll(page, "executions, signed in");
    await page.screenshot({ path: `${SHOTS}/narrow-signed-in.png` });
    // Who is signed in, and signing out, are in the menu.
    await (await hydrated(page.getByRole("button", { name: "Menu" }))).click();
    await expect(page.getByTestId("signed-in-user")).toBeInViewport();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport();
  });
});
