/**
 * The jobs tables arrive in an existing SQLite store without a schema version bump: a file
 * written before them (no `jobs`, no `job_outcomes`) opens, keeps its executions readable, and
 * takes jobs; and code that predates jobs still opens a file that has them (same user_version).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteStore } from "../../sdk/store/sqlite";
import { SCHEMA_VERSION } from "../../sdk/store/sqlite/schema";
import { createExecution } from "./conformance/fixtures";
import { job } from "./conformance/jobs";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("SQLite jobs tables on an older store", () => {
  it("adds them to a file that lacks them, keeping what is there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "durable-jobs-schema-"));
    dirs.push(dir);
    const path = join(dir, "old.db");
    const before = new SqliteStore({ path });
    await before.init();
    const created = await createExecution(before, { executionId: "e-old" });
    await before.close();
    // What a file from before jobs looks like: the same schema version, no job tables.
    const raw = new Database(path);
    raw.exec("DROP TABLE jobs; DROP TABLE job_outcomes;");
    expect(raw.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();

    const after = new SqliteStore({ path });
    await after.init();
    try {
      expect((await after.executions.get("e-old"))?.executionId).toBe(created.executionId);
      await after.jobs.create(job("job-1"));
      expect((await after.jobs.claim({ now: 0, owner: "w", leaseMs: 10 }))?.jobId).toBe("job-1");
    } finally {
      await after.close();
    }
  });
});
