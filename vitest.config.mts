import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

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
 *
 * Unit and integration files run two at a time. Vitest's default is one worker fewer than the
 * cores, which on the 2-core CI machine means one file at a time, yet much of the integration tier
 * waits on real time and DynamoDB Local: two at a time it takes about 170 s instead of 270 s.
 * Every file has its own temp dirs, free ports and DynamoDB tables. Three at a time is no faster
 * here and starves the DynamoDB conformance suite past its test timeout. The system tier stays at
 * one file at a time: its files already keep both cores busy with their own processes (two at a
 * time took as long, and stretched the many-workers scale test towards its liveness bound).
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

/**
 * Files that run long start first, in this order, so that no long file is left to finish alone at
 * the end while the other worker idles. Without a results cache (a fresh CI clone) Vitest starts
 * the largest files first, and the differential parts are three-line files. The DynamoDB store
 * conformance is heavy on the CPU (DynamoDB Local); it starts beside a differential part, which
 * mostly waits on real time (invocation retry backoff, callback timeouts), rather than beside the
 * short files, whose process starts and imports would slow it down.
 */
const longFirst = ["tests/store/dynamodb-store.test.ts", "tests/differential/differential-"];

class LongFilesFirst extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = longFirst.findIndex((prefix) => file.moduleId.includes(`/${prefix}`));
      return index === -1 ? longFirst.length : index;
    };
    // Projects keep Vitest's order; Array.prototype.sort is stable, so within a rank does Vitest's.
    const projects = [...new Set(sorted.map((file) => file.project.name))];
    const group = (file: TestSpecification) => projects.indexOf(file.project.name);
    return sorted.sort((a, b) => group(a) - group(b) || rank(a) - rank(b));
  }
}

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
    maxWorkers: 2,
    sequence: { sequencer: LongFilesFirst },
    projects: [
      // Projects with different worker counts need their own group (`npx vitest run` runs all three).
      { extends: true, test: { name: "unit", include: unitTests, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "integration", include: everyTest, exclude: [...unitTests, ...systemTests], sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: "system", include: systemTests, maxWorkers: 1, sequence: { groupOrder: 2 } } },
    ],
  },
});
