/**
 * The SQLite store reuses the execution record it wrote last (execution-cache.ts) only while the
 * row's version says nobody wrote it since: on real files, with a second store object (another
 * connection, as another process would have) writing between two transacts, callers changing
 * the records they are handed, and a group transaction whose COMMIT fails.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { newExecution } from "./conformance/fixtures";
import { useTwoConnections } from "./fixtures/two-connections";
import { SqliteStore } from "../../sdk/store/sqlite";
import { ExecutionCache } from "../../sdk/store/sqlite/execution-cache";
import { GroupCommitter } from "../../sdk/store/sqlite/group-commit";
import type { ExecutionRecord } from "../../sdk/store/types";

describe("SqliteStore transact: the record it builds on", () => {
  const stores = useTwoConnections("execution-cache-");
  let first: SqliteStore;
  let second: SqliteStore;
  beforeEach(() => ({ first, second } = stores));

  /** A transact that changes nothing but the version, and hands back the snapshot it was given. */
  const snapshotOf = async (store: SqliteStore, executionId: string) =>
    (await store.transact(executionId, {}, (snapshot) => ({ mutation: {}, result: { ...snapshot.execution } }))).result;

  it("sees what another connection wrote since its own last write", async () => {
    const input = newExecution();
    const id = input.execution.executionId;
    await first.executions.create(input);
    await first.transact(id, {}, () => ({ mutation: { execution: { invocationCount: 1 } } }));
    await second.transact(id, {}, () => ({ mutation: { execution: { invocationCount: 7, leaseOwner: "other-worker" } } }));
    const seen = await snapshotOf(first, id);
    expect(seen).toMatchObject({ invocationCount: 7, leaseOwner: "other-worker" });
    expect(seen.version).toBe((await second.executions.get(id))!.version - 1);
  });

  it("sees a claim's lease, made by another connection, and refuses the token that claim replaced", async () => {
    const input = newExecution({ nextWakeAt: 0 });
    const id = input.execution.executionId;
    await first.executions.create(input);
    const [claimedFirst] = await first.scheduling.claimDue({ now: 1, limit: 1, leaseMs: 10, owner: "a", newToken: () => "token-a" });
    expect(claimedFirst?.checkpointToken).toBe("token-a");
    await first.transact(id, { checkpointToken: "token-a" }, () => ({ mutation: { execution: { invocationCount: 1 } } }));
    // The lease expired; another process claims the execution.
    const [claimedSecond] = await second.scheduling.claimDue({ now: 1_000, limit: 1, leaseMs: 10, owner: "b", newToken: () => "token-b" });
    expect(claimedSecond?.checkpointToken).toBe("token-b");
    await expect(first.transact(id, { checkpointToken: "token-a" }, () => ({ mutation: {} }))).rejects.toMatchObject({ code: "STALE_CHECKPOINT_TOKEN" });
    expect(await snapshotOf(first, id)).toMatchObject({ leaseOwner: "b", checkpointToken: "token-b" });
  });

  it("keeps its record apart from the ones it hands out: changing those changes nothing stored", async () => {
    const input = newExecution({ inputPayload: JSON.stringify({ order: 1 }) });
    const id = input.execution.executionId;
    await first.executions.create(input);
    const { execution } = await first.transact(id, {}, () => ({ mutation: { execution: { invocationCount: 2 } } }));
    (execution as { invocationCount: number }).invocationCount = 99;
    execution.inputPayload = "changed by the caller";
    const seen = await snapshotOf(first, id);
    expect(seen).toMatchObject({ invocationCount: 2, inputPayload: JSON.stringify({ order: 1 }) });
    (seen as { status: string }).status = "FAILED"; // the snapshot handed to a build is a copy too
    expect(await snapshotOf(first, id)).toMatchObject({ status: "RUNNING", invocationCount: 2 });
  });

  it("keeps nothing of a claim undone half-way inside a group: the lease it never committed fences nobody", async () => {
    const inputs = [newExecution({ nextWakeAt: 0 }), newExecution({ nextWakeAt: 0 })];
    for (const input of inputs) await first.executions.create(input);
    let minted = 0;
    const newToken = () => {
      // Each run takes the first lease and fails on the second (a group runs a failed write twice:
      // bare, then in its savepoint, which is what must undo the lease taken half-way).
      if (minted++ % 2 === 1) throw new Error("mint failed");
      return "token-a";
    };
    // In one turn with another write: a group, where the failed claim is undone by its savepoint.
    const [claim, other] = await Promise.allSettled([first.scheduling.claimDue({ now: 1, limit: 2, leaseMs: 1000, owner: "a", newToken }), first.workers.remove("nobody")]);
    expect([claim.status, other.status]).toEqual(["rejected", "fulfilled"]);
    const [claimed] = await second.scheduling.claimDue({ now: 1, limit: 1, leaseMs: 1000, owner: "b", newToken: () => "token-b" });
    const id = claimed!.executionId;
    await expect(first.transact(id, { checkpointToken: "token-a" }, () => ({ mutation: {} }))).rejects.toMatchObject({ code: "STALE_CHECKPOINT_TOKEN" });
    expect(await snapshotOf(first, id)).toMatchObject({ leaseOwner: "b", checkpointToken: "token-b" });
  });

  it("shares no nested object with callers: not the record handed back, not the patch, not the build's snapshot", async () => {
    const input = newExecution();
    const id = input.execution.executionId;
    await first.executions.create(input);
    const openInvocation = { requestId: "r1", startedAt: 1 };
    const error = { ErrorType: "E", ErrorMessage: "m" };
    const { execution } = await first.transact(id, {}, () => ({ mutation: { execution: { openInvocation, error } } }));
    execution.openInvocation!.requestId = "changed in the record handed back";
    openInvocation.startedAt = 99;
    // A build that changes its snapshot's nested objects and then throws, in a group (undone by its savepoint).
    await Promise.allSettled([
      first.transact(id, {}, (snapshot) => {
        snapshot.execution.error!.ErrorMessage = "changed by a build that failed";
        throw new Error("build fails");
      }),
      first.workers.remove("nobody"),
    ]);
    // A build that changes its snapshot's nested objects and writes another field.
    await first.transact(id, {}, (snapshot) => {
      snapshot.execution.openInvocation!.requestId = "changed by a build that wrote";
      return { mutation: { execution: { invocationCount: 3 } } };
    });
    const expected = { openInvocation: { requestId: "r1", startedAt: 1 }, error: { ErrorType: "E", ErrorMessage: "m" }, invocationCount: 3 };
    expect(await snapshotOf(first, id)).toMatchObject(expected);
    expect(await first.executions.get(id)).toMatchObject(expected);
  });

  it("reports an execution deleted by another connection as not found", async () => {
    const input = newExecution({ status: "SUCCEEDED", endTimestamp: "2025-06-01T00:00:01.000Z" });
    const id = input.execution.executionId;
    await first.executions.create(input);
    await first.transact(id, {}, () => ({ mutation: {} }));
    await second.executions.purge({ endedBefore: "2030-01-01T00:00:00.000Z", limit: 10 });
    await expect(first.transact(id, {}, () => ({ mutation: {} }))).rejects.toMatchObject({ code: "EXECUTION_NOT_FOUND" });
  });
});

describe("ExecutionCache", () => {
  const record = (executionId: string, version: number) => ({ executionId, version }) as ExecutionRecord;

  it("answers only for the version it holds, and forgets the oldest entry past its bound", () => {
    const cache = new ExecutionCache();
    cache.set(record("a", 3));
    expect(cache.get("a", 3)?.version).toBe(3);
    expect(cache.get("a", 4)).toBeUndefined();
    for (let i = 0; i < 5000; i++) cache.set(record(`x${i}`, 1));
    expect(cache.get("a", 3)).toBeUndefined();
    expect(cache.get("x4999", 1)).toBeDefined();
    cache.clear();
    expect(cache.get("x4999", 1)).toBeUndefined();
  });
});

describe("GroupCommitter: a transaction that fails whole", () => {
  it("tells its owner when COMMIT fails, and rejects every write of the group", async () => {
    const dir = mkdtempSync(join(tmpdir(), "group-fail-"));
    const db = new Database(join(dir, "g.db"));
    try {
      db.pragma("journal_mode = WAL");
      db.pragma("foreign_keys = ON");
      // A deferred foreign key is checked at COMMIT: a dangling child makes COMMIT itself fail.
      db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
        CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)`);
      const failed = vi.fn();
      const group = new GroupCommitter(db, undefined, failed);
      const writes = [group.run(() => db.prepare("INSERT INTO parent (id) VALUES (1)").run()), group.run(() => db.prepare("INSERT INTO child (id, parent) VALUES (1, 42)").run())];
      const outcomes = await Promise.allSettled(writes);
      expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
      expect(failed).toHaveBeenCalledTimes(1);
      expect(db.prepare("SELECT count(*) FROM parent").pluck().get()).toBe(0);
      await group.run(() => db.prepare("INSERT INTO parent (id) VALUES (2)").run());
      expect(failed).toHaveBeenCalledTimes(1);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
