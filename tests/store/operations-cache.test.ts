/**
 * The SQLite store hands an execution's operations from memory (operations-cache.ts) only while
 * the row's version and start time say they are what the file holds: on real files, with a second
 * store object (another connection, as another process would have) writing, purging and creating
 * again under the same id, with this connection's own checkpoints and claims moving the entry
 * along, and with a group transaction that fails whole after its writes ran.
 */
import Database from "better-sqlite3";
import { beforeEach, describe, expect, it } from "vitest";
import { iso, newExecution, stepOperation } from "./conformance/fixtures";
import { useTwoConnections } from "./fixtures/two-connections";
import { SqliteStore } from "../../sdk/store/sqlite";
import { OperationsCache } from "../../sdk/store/sqlite/operations-cache";
import type { OperationRecord } from "../../sdk/store/types";

const ids = (records: OperationRecord[]) => records.map((r) => r.operation.Id);
/** Enough finished steps that the store keeps the execution's list (shorter ones are read again each time). */
const history = (executionId: string) => Array.from({ length: 100 }, (_, i) => stepOperation(executionId, 1000 + i, `h${i}`, { Status: "SUCCEEDED" }));
const withHistory = (input: ReturnType<typeof newExecution>) => ({ ...input, operations: [...input.operations, ...history(input.execution.executionId)] });

describe("SqliteStore operations.list: the records it keeps", () => {
  const stores = useTwoConnections("operations-cache-");
  let path: string;
  let first: SqliteStore;
  let second: SqliteStore;
  beforeEach(() => ({ path, first, second } = stores));

  const put = (store: SqliteStore, executionId: string, records: OperationRecord[]) =>
    store.transact(executionId, {}, () => ({ mutation: { putOperations: records } }));

  it("hands out the same frozen records again while nothing was written, each time in a new array", async () => {
    const input = withHistory(newExecution());
    const id = input.execution.executionId;
    await first.executions.create(input);
    await put(first, id, [stepOperation(id, 2, "s2")]);
    const listed = await first.operations.list(id);
    const again = await first.operations.list(id);
    expect(again).not.toBe(listed);
    expect(again[1]).toBe(listed[1]);
    expect(Object.isFrozen(again[1]!.operation.StepDetails)).toBe(true);
    // What would change the next invocation's replay throws instead.
    expect(() => ((again[1]!.operation as { Status: string }).Status = "FAILED")).toThrow(TypeError);
    const order = ids(listed);
    again.reverse(); // the array is the caller's
    expect(ids(await first.operations.list(id))).toEqual(order);
  });

  it("keeps no list of an ended execution: nothing replays it, and reading ended histories must not push running ones out", async () => {
    const input = withHistory(newExecution());
    const id = input.execution.executionId;
    await first.executions.create(input);
    await first.transact(id, {}, () => ({ mutation: { execution: { status: "SUCCEEDED", endTimestamp: iso(5_000) } } }));
    const listed = await first.operations.list(id);
    const again = await first.operations.list(id);
    expect(ids(again)).toEqual(ids(listed));
    expect(again[1]).not.toBe(listed[1]);
    expect(Object.isFrozen(again[1])).toBe(false);
  });

  it("follows this connection's own checkpoints and claims, in (seq, id) order", async () => {
    const input = withHistory(newExecution({ nextWakeAt: 0 }));
    const id = input.execution.executionId;
    await first.executions.create(input);
    const before = await first.operations.list(id);
    const [claimed] = await first.scheduling.claimDue({ now: 1, limit: 1, leaseMs: 1000, owner: "a", newToken: () => "t1" });
    expect(claimed?.executionId).toBe(id);
    // The claim moved the version; the entry moved with it (the same objects come back).
    expect((await first.operations.list(id))[0]).toBe(before[0]);
    await first.transact(id, { checkpointToken: "t1" }, () => ({
      mutation: { putOperations: [stepOperation(id, 3, "b"), stepOperation(id, 2, "z"), stepOperation(id, 3, "a")] },
    }));
    await first.transact(id, {}, () => ({ mutation: { putOperations: [stepOperation(id, 2, "z", { Status: "SUCCEEDED" })] } }));
    const listed = await first.operations.list(id);
    expect(ids(listed).slice(1, 4)).toEqual(["z", "a", "b"]);
    expect(listed[1]!.operation.Status).toBe("SUCCEEDED");
    // What the file holds, read by a connection that never listed it.
    expect(await second.operations.list(id)).toEqual(listed);
  });

  it("keeps a record it wrote as the file stores it, in the file's order, and not as the writer's own object", async () => {
    const input = withHistory(newExecution());
    const id = input.execution.executionId;
    await first.executions.create(input);
    await first.operations.list(id);
    // A step that returned nothing (a key set to undefined, which JSON leaves out); two operations
    // of one seq whose ids order differently by UTF-16 unit (JavaScript's <) and by UTF-8 byte (SQLite's).
    const written = [stepOperation(id, 5, "\u{10000}"), stepOperation(id, 5, "\uE000", { StepDetails: { Attempt: 1, Result: undefined } })];
    await put(first, id, written);
    const cached = await first.operations.list(id);
    const fromFile = await second.operations.list(id);
    expect(ids(cached)).toEqual(ids(fromFile));
    expect(cached).toStrictEqual(fromFile);
    expect(Object.isFrozen(written[1]!.operation)).toBe(false); // the writer's object is its own
    written[1]!.operation.Status = "FAILED";
    expect((await first.operations.list(id)).find((r) => r.operation.Id === "\uE000")!.operation.Status).toBe("STARTED");
  });

  it("reads the file again after another connection wrote the execution", async () => {
    const input = withHistory(newExecution());
    const id = input.execution.executionId;
    await first.executions.create(input);
    await put(first, id, [stepOperation(id, 2, "s2")]);
    await first.operations.list(id);
    await put(second, id, [stepOperation(id, 2, "s2", { Status: "SUCCEEDED" }), stepOperation(id, 3, "s3")]);
    const listed = await first.operations.list(id);
    expect(ids(listed).slice(1, 3)).toEqual(["s2", "s3"]);
    expect(listed[1]!.operation.Status).toBe("SUCCEEDED");
    // And its own next write builds on what it read, not on what it had.
    await put(first, id, [stepOperation(id, 4, "s4")]);
    expect(ids(await first.operations.list(id)).slice(1, 4)).toEqual(["s2", "s3", "s4"]);
  });

  it("does not take a purged execution's operations for those of one created again under its id at the same version", async () => {
    const ended = { status: "SUCCEEDED" as const, endTimestamp: "2025-06-01T00:00:01.000Z" };
    const input = newExecution({ ...ended, startTimestamp: iso(1_000) });
    const id = input.execution.executionId;
    await first.executions.create({ ...withHistory(input), operations: [...withHistory(input).operations, stepOperation(id, 2, "old")] });
    expect(ids(await first.operations.list(id))).toContain("old");
    expect(await second.executions.purge({ endedBefore: "2030-01-01T00:00:00.000Z", limit: 10 })).toBe(1);
    const again = newExecution({ ...ended, executionId: id, startTimestamp: iso(2_000) });
    await second.executions.create({ ...again, operations: [...again.operations, stepOperation(id, 2, "new")] });
    expect(ids(await first.operations.list(id))).toContain("new");
    expect(ids(await first.operations.list(id))).not.toContain("old");
  });

  it("forgets what a group transaction wrote when the group fails whole", async () => {
    const [input, other] = [withHistory(newExecution()), newExecution()];
    const id = input.execution.executionId;
    await first.executions.create(input);
    await first.executions.create(other);
    await first.operations.list(id);
    // A deferred foreign key makes COMMIT fail after every write of the group ran.
    const raw = new Database(path);
    raw.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)`);
    raw.close();
    const db = (first as unknown as { db: Database.Database }).db;
    db.pragma("foreign_keys = ON");
    const outcomes = await Promise.allSettled([
      put(first, id, [stepOperation(id, 2, "never-committed")]),
      first.transact(other.execution.executionId, {}, () => {
        db.prepare("INSERT INTO child (id, parent) VALUES (1, 42)").run();
        return { mutation: {} };
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
    // Another connection's write brings the file to the version the failed group had reached.
    await put(second, id, [stepOperation(id, 2, "committed")]);
    expect(ids(await first.operations.list(id))).toContain("committed");
    expect(await first.operations.list(id)).toEqual(await second.operations.list(id));
  });
});

describe("OperationsCache", () => {
  const stamp = { version: 1, startMs: 0 };
  const records = (executionId: string, n: number) => Array.from({ length: n }, (_, i) => stepOperation(executionId, i + 1, `op-${i}`));

  it("answers only for the stamp it holds, and forgets the oldest executions past its bound on records", () => {
    const cache = new OperationsCache();
    cache.remember("a", stamp, records("a", 100));
    expect(cache.get("a", stamp)).toHaveLength(100);
    expect(cache.get("a", { version: 2, startMs: 0 })).toBeUndefined();
    expect(cache.get("a", { version: 1, startMs: 5 })).toBeUndefined();
    cache.advance("a", 1, 2, [stepOperation("a", 101, "op-100")]);
    expect(cache.get("a", { version: 2, startMs: 0 })).toHaveLength(101);
    cache.advance("a", 7, 8); // from a version it does not hold: stale, dropped
    expect(cache.get("a", { version: 2, startMs: 0 })).toBeUndefined();
    cache.remember("b", stamp, records("b", 100));
    cache.advance("b", 1, 2, [], true); // the write ended the execution: nothing will replay it
    expect(cache.get("b", { version: 2, startMs: 0 })).toBeUndefined();
    for (let i = 0; i < 15; i++) cache.remember(`x${i}`, stamp, records(`x${i}`, 1000));
    expect(cache.get("x0", stamp)).toBeUndefined();
    expect(cache.get("x14", stamp)).toHaveLength(1000);
    // A short history is not kept: it reads again cheaply, and a suspended execution must cost rows, not memory.
    cache.remember("short", stamp, records("short", 99));
    expect(cache.get("short", stamp)).toBeUndefined();
    cache.clear();
    expect(cache.get("x14", stamp)).toBeUndefined();
  });
});
