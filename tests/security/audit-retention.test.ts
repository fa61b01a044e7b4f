/**
 * The audit log's own retention: the sweeper that purges old executions purges old audit records
 * too, by their own age (a year by default, never less than the execution retention unless set),
 * in bounded batches, over a real SQLite file. The store's part is in the conformance suite.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FunctionRegistry, Worker } from "../../sdk/runtime";
import { DEFAULT_AUDIT_RETENTION_DAYS, RetentionSweeper, auditRetentionDays } from "../../sdk/runtime/retention";
import { SqliteStore } from "../../sdk/store/sqlite";
import type { AuditRecord } from "../../sdk/store/types";

const DAY = 24 * 3600 * 1000;
const NOW = Date.parse("2026-03-01T12:00:00.000Z");
const clock = { now: () => NOW };

let dir: string;
let store: SqliteStore;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-audit-retention-"));
  store = new SqliteStore({ path: path.join(dir, "durable.db") });
  await store.init();
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** One record `daysAgo` days (plus a few ms, to keep them apart) before NOW. */
async function recordAged(id: string, daysAgo: number, ms = 0): Promise<void> {
  const record: AuditRecord = {
    id,
    timestamp: new Date(NOW - daysAgo * DAY - ms).toISOString(),
    actor: "olivia",
    authMethod: "session",
    role: "operator",
    action: "execution.stop",
    executionId: `exec-${id}`,
    outcome: "succeeded",
  };
  await store.audit.append(record);
}

async function remaining(): Promise<string[]> {
  return (await store.audit.list({ limit: 1000 })).items.map((r) => r.id);
}

describe("audit retention", () => {
  it("keeps a year by default, and never less than the execution retention unless set", () => {
    expect(DEFAULT_AUDIT_RETENTION_DAYS).toBe(365);
    expect(auditRetentionDays(30)).toBe(365);
    expect(auditRetentionDays(400)).toBe(400);
    expect(auditRetentionDays(30, "7")).toBe(7);
    expect(auditRetentionDays(30, "0")).toBeNull();
    expect(() => auditRetentionDays(30, "forever")).toThrow(RangeError);
    expect(() => auditRetentionDays(30, "-1")).toThrow(RangeError);
  });

  it("purges audit records past their retention with the executions' sweep, and keeps the rest", async () => {
    await recordAged("ancient", 900);
    await recordAged("last-year", 366);
    await recordAged("months", 100);
    await recordAged("yesterday", 1);

    const sweeper = new RetentionSweeper({ store, clock, retentionDays: 30 });
    expect(sweeper.auditRetentionDays).toBe(365);
    expect(await sweeper.sweepAll()).toEqual({ executions: 0, auditRecords: 2, jobs: 0 });
    expect(await remaining()).toEqual(["yesterday", "months"]);
    // the records about a purged execution go with their age, not with the execution
    expect((await store.audit.list({ executionId: "exec-ancient" })).items).toEqual([]);
    expect((await store.audit.list({ executionId: "exec-months" })).items.map((r) => r.id)).toEqual(["months"]);

    const longer = new RetentionSweeper({ store, clock, retentionDays: 30, auditRetentionDays: 50 });
    expect((await longer.sweepAll()).auditRecords).toBe(1);
    expect(await remaining()).toEqual(["yesterday"]);
  });

  it("follows the worker's auditRetentionDays, where null keeps the audit log forever", async () => {
    await recordAged("old", 10);
    await recordAged("older", 3000);
    const keeping = new Worker({ store, registry: new FunctionRegistry(), clock, retentionDays: 1, auditRetentionDays: null });
    await keeping.sweepRetention();
    await keeping.stop();
    expect(await remaining()).toEqual(["old", "older"]);
    const short = new Worker({ store, registry: new FunctionRegistry(), clock, retentionDays: 30, auditRetentionDays: 5 });
    await short.sweepRetention();
    await short.stop();
    expect(await remaining()).toEqual([]);
  });

  it("purges a backlog in bounded sweeps", async () => {
    for (let i = 0; i < 7; i++) await recordAged(`r${i}`, 400, i);
    await recordAged("new", 0);
    const sweeper = new RetentionSweeper({ store, clock, retentionDays: 30, batchSize: 2, maxPerSweep: 5 });
    expect((await sweeper.sweepAll()).auditRecords).toBe(5);
    // oldest first: the two youngest of the backlog are left for the next sweep
    expect(await remaining()).toEqual(["new", "r0", "r1"]);
    expect((await sweeper.sweepAll()).auditRecords).toBe(2);
    expect((await sweeper.sweepAll()).auditRecords).toBe(0);
    expect(await remaining()).toEqual(["new"]);
  });

  it("is swept by the worker's retention sweep", async () => {
    await recordAged("stale", 500);
    await recordAged("fresh", 5);
    const worker = new Worker({ store, registry: new FunctionRegistry(), clock, retentionDays: 30 });
    try {
      await worker.sweepRetention();
      expect(await remaining()).toEqual(["fresh"]);
    } finally {
      await worker.stop();
    }
  });
});
