import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The tests in three tiers (vitest projects), chosen here by file so that no test file moves:
 * - unit: pure logic, no store, no files, no processes; the whole tier takes seconds.
 * - integration: the store (both backends' conformance), the runtime, the console's data layer
 *   and route handlers, the examples and the differential corpus, over real SQLite files and
 *   DynamoDB Local, in this process.
 * - system: whole processes: the `durable` command, worker processes killed and restarted, the
 *   built console over HTTP (fuzz, hostile requests), many workers on DynamoDB Local, handlers
 *   in their own processes checkpointing through the Lambda API (tests/remote).
 * Integration is every test file that is in neither of the others, so a new file runs somewhere.
 * `npx vitest run` runs all three; `npm run test:<tier>` runs one (`--project <tier>`).
 */
const everyTest = ["tests/**/*.test.ts", "examples/**/*.test.ts"];

const unitTests = [
  "tests/sdk-utils/**/*.test.ts",
  "tests/console/{attempts,compare-runs,filters,large-views,operation-state,operation-tree,timeline}.test.ts",
  "tests/differential/readme-entries.test.ts",
  "tests/security/{host-parsing,aws-peer}.test.ts",
  "tests/store/dynamodb-units.test.ts",
];

const systemTests = [
  "tests/reliability/**/*.test.ts",
  "tests/scale/**/*.test.ts",
  "tests/fuzz/**/*.test.ts",
  "tests/cli/{audit,cli,clean-tree,dev-functions,usage}.test.ts",
  "tests/console/cold-server.test.ts",
  "tests/security/{hostile-requests,startup}.test.ts",
  "tests/runtime/uncaught-exceptions.test.ts",
  "tests/aws/**/*.test.ts",
  "tests/remote/**/*.test.ts",
];

export default defineConfig({
  resolve: {
    tsconfigPaths: true,
    // lib/server modules are marked `import "server-only"` (Next refuses them in client bundles);
    // the tests call them directly, as the server does, so the marker resolves to its no-op here.
    alias: { "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)) },
  },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: unitTests } },
      { extends: true, test: { name: "integration", include: everyTest, exclude: [...unitTests, ...systemTests] } },
      { extends: true, test: { name: "system", include: systemTests } },
    ],
  },
});
