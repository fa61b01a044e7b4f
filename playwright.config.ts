/**
 * Browser tests of the console: headless Debian Chromium against the built app (`next start`),
 * with a real worker running the examples over a real SQLite file in a temp dir.
 *
 * The store and the demo switches live in a fresh temp dir per run; the path is chosen here, in
 * the runner, and reaches the web server (env) and the test workers (inherited env).
 * Set E2E_SKIP_BUILD=1 to reuse an existing `.next` build.
 */
import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const PORT = 3100;
const BASE_URL = `http://127.0.0.1:${PORT}`;

process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "durable-e2e-"));
// E2E_DURABLE_STORE runs the same journeys on another store (e2e/run-on-dynamodb.ts: DynamoDB Local).
process.env.DURABLE_STORE = process.env.E2E_DURABLE_STORE ?? path.join(process.env.E2E_DATA_DIR, "durable.db");
process.env.DURABLE_EXAMPLE_SWITCHES = path.join(process.env.E2E_DATA_DIR, "switches.json");

export default defineConfig({
  testDir: "./e2e",
  testMatch: /.*\.e2e\.ts/,
  outputDir: "test-results/e2e",
  globalSetup: "./e2e/support/global-setup.ts",
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // Two cores are shared; one browser at a time keeps timings calm.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: BASE_URL,
    browserName: "chromium",
    timezoneId: "UTC",
    locale: "en-US",
    viewport: { width: 1440, height: 900 },
    // Recording a trace costs CPU on every test, and the journeys are CPU-bound on 2 cores
    // ("retain-on-failure" records every passing test too: about 25 s of a CI run). In CI a
    // failed test is retried (retries: 1) and that retry is traced; locally every test is.
    trace: process.env.CI ? "on-first-retry" : "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `${process.env.E2E_SKIP_BUILD ? "" : "npx next build && "}npx next start -H 127.0.0.1 -p ${PORT}`,
    url: `${BASE_URL}/api/functions/names`,
    // The server must read this run's store, never one left running from another run.
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe",
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      DURABLE_STORE: process.env.DURABLE_STORE,
      DURABLE_EXAMPLE_SWITCHES: process.env.DURABLE_EXAMPLE_SWITCHES,
    },
  },
});
