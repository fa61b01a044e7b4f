/**
 * The console's browser journeys (e2e/console.e2e.ts) with DynamoDB as the store: starts DynamoDB
 * Local, creates a table, runs Playwright with the console and its worker on that table, stops
 * DynamoDB Local. Uses the existing console build (run after `next build`).
 */
import { spawnSync } from "node:child_process";
import { freshDynamoStore, startDynamoLocal } from "../support/dynamodb-local";

async function main(): Promise<number> {
  const local = await startDynamoLocal();
  try {
    const store = await freshDynamoStore(local, "e2e");
    await store.close();
    const url = `dynamodb://${store.table}?region=us-east-1&endpoint=${encodeURIComponent(local.endpoint)}`;
    console.log(`e2e on DynamoDB Local: ${url}`);
    const run = spawnSync("npx", ["playwright", "test", "e2e/console.e2e.ts"], {
      stdio: "inherit",
      env: {
        ...process.env,
        E2E_DURABLE_STORE: url,
        E2E_SKIP_SCALE: "1",
        E2E_SKIP_BUILD: "1",
        AWS_ACCESS_KEY_ID: "local",
        AWS_SECRET_ACCESS_KEY: "local",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      },
    });
    return run.status ?? 1;
  } finally {
    await local.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
