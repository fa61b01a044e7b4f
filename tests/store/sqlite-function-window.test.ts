/**
 * SQLite's functionWindow is one range scan of executions_by_function_start_covering, reading no table rows:
 * checked on the query plan of the exact statement the store runs, over a real file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { T0, createExecution, iso } from "./conformance/fixtures";
import { SqliteStore } from "../../sdk/store/sqlite";
import { FUNCTION_WINDOW_SQL } from "../../sdk/store/sqlite/function-window";

const dir = mkdtempSync(join(tmpdir(), "sqlite-fn-window-"));
const file = join(dir, "durable.db");
let store: SqliteStore;

beforeAll(async () => {
  store = new SqliteStore({ path: file });
  await store.init();
  for (let i = 0; i < 20; i++) {
    await createExecution(store, { functionName: i % 2 ? "orders" : "billing", startTimestamp: iso(T0 + i), status: "SUCCEEDED", endTimestamp: iso(T0 + i + 10) });
  }
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("sqlite functionWindow", () => {
  it("plans one search of the covering index, with no sort and no payload table", () => {
    const db = new Database(file);
    db.exec("ANALYZE"); // with statistics, the planner still may not pick another index
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${FUNCTION_WINDOW_SQL}`).all({ fn: "orders", after: T0, before: T0 + 100 }) as { detail: string }[])
      .map((row) => row.detail)
      .join("\n");
    db.close();
    expect(plan).toMatch(/SEARCH executions USING COVERING INDEX executions_by_function_start_covering \(function_name=\? AND start_ms>\? AND start_ms<\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    expect(plan).not.toMatch(/execution_payloads/);
  });

  it("answers from that statement: the function's rows only", async () => {
    const got = await store.executions.functionWindow({ functionName: "orders", startedAfter: iso(T0), startedBefore: iso(T0 + 100) });
    expect(got.rows).toHaveLength(10);
    expect(got.rows[0]).toEqual([T0 + 1, "SUCCEEDED", 10]);
    expect(got.counts.SUCCEEDED).toBe(10);
  });
});
