/**
 * GroupCommitter on a real SQLite file: writes of one event-loop turn share a transaction, a
 * write that throws is undone alone (with or without company), and nobody is answered before
 * the commit is visible to another connection.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GroupCommitter } from "../../sdk/store/sqlite/group-commit";

describe("GroupCommitter", () => {
  let dir: string;
  let db: Database.Database;
  let reader: Database.Database;
  let group: GroupCommitter;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "group-commit-"));
    db = new Database(join(dir, "g.db"));
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)");
    reader = new Database(join(dir, "g.db"), { readonly: true });
    group = new GroupCommitter(db);
  });
  afterEach(() => {
    reader.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (k: string, v: number) => () => db.prepare("INSERT INTO t (k, v) VALUES (?, ?)").run(k, v).changes;
  const keys = () => (reader.prepare("SELECT k FROM t ORDER BY k").all() as Array<{ k: string }>).map((r) => r.k);

  it("answers a lone write after its commit is visible to another connection", async () => {
    const value = await group.run(() => {
      insert("a", 1)();
      return "done";
    });
    expect(value).toBe("done");
    expect(keys()).toEqual(["a"]);
  });

  it("undoes a lone write that throws, and rejects it with its own error", async () => {
    const boom = new Error("boom");
    await expect(
      group.run(() => {
        insert("a", 1)();
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(keys()).toEqual([]);
    // The connection is usable afterwards: no transaction was left open.
    expect(db.inTransaction).toBe(false);
    await group.run(insert("b", 2));
    expect(keys()).toEqual(["b"]);
  });

  it("folds the writes of one turn into one transaction, undoing only the one that throws", async () => {
    const seen: boolean[] = [];
    const outcomes = await Promise.allSettled([
      group.run(() => {
        seen.push(db.inTransaction);
        return insert("a", 1)();
      }),
      group.run(() => {
        insert("b", 2)();
        throw new Error("second fails");
      }),
      group.run(() => {
        seen.push(db.inTransaction);
        return insert("c", 3)();
      }),
      // A duplicate key fails inside SQLite, not in our code: still undone alone.
      group.run(insert("a", 9)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled", "rejected"]);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe("second fails");
    expect(String((outcomes[3] as PromiseRejectedResult).reason.code)).toMatch(/^SQLITE_CONSTRAINT/);
    // The first write ran twice: bare, then again after the second one's failure rolled the group back.
    expect(seen).toEqual([true, true, true]);
    expect(keys()).toEqual(["a", "c"]);
    expect((reader.prepare("SELECT v FROM t WHERE k = 'a'").get() as { v: number }).v).toBe(1);
  });

  it("runs a group without a failure once, and after a failure runs it again with the failed write and those after it guarded", async () => {
    const runs = { a: 0, b: 0, c: 0, d: 0, e: 0, f: 0 };
    const counted = (k: keyof typeof runs, fail = false) => () => {
      runs[k]++;
      insert(k, runs[k])();
      if (fail) throw new Error(`${k} fails`);
    };
    await Promise.all([group.run(counted("a")), group.run(counted("b")), group.run(counted("c"))]);
    expect(runs).toMatchObject({ a: 1, b: 1, c: 1 });

    const outcomes = await Promise.allSettled([group.run(counted("d")), group.run(counted("e", true)), group.run(counted("f"))]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    // d: bare twice (its outcome on the same state is known); e: bare, then in its savepoint;
    // f: never reached by the first run, then once in its savepoint.
    expect(runs).toMatchObject({ d: 2, e: 2, f: 1 });
    // What the first run wrote was rolled back: d holds the second run's value, e nothing.
    expect(reader.prepare("SELECT k, v FROM t WHERE k IN ('d', 'e', 'f') ORDER BY k").all()).toEqual([
      { k: "d", v: 2 },
      { k: "f", v: 1 },
    ]);
  });

  it("answers each write with its own outcome when a write that succeeded bare throws when the group runs again", async () => {
    let aRuns = 0;
    let bRuns = 0;
    const outcomes = await Promise.allSettled([
      group.run(() => {
        insert("a", ++aRuns)();
        if (aRuns >= 2) throw new Error("a fails from its second run on");
      }),
      group.run(() => {
        insert("b", ++bRuns)();
        if (bRuns === 1) throw new Error("b fails once");
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "fulfilled"]);
    expect((outcomes[0] as PromiseRejectedResult).reason.message).toBe("a fails from its second run on");
    expect(keys()).toEqual(["b"]);
  });

  it("answers every write as failed, and keeps none, when SQLite rolls the whole group back under a write (a full disk)", async () => {
    db.exec("INSERT INTO t (k, v) VALUES ('c', 0)");
    db.pragma(`max_page_count = ${(db.pragma("page_count", { simple: true }) as number) + 20}`);
    const outcomes = await Promise.allSettled([
      group.run(insert("a", 1)),
      // Larger than the 20 pages left: SQLITE_FULL, and SQLite abandons the transaction.
      group.run(() => db.prepare("INSERT INTO t (k, v) VALUES ('big', randomblob(400000))").run()),
      group.run(() => db.prepare("UPDATE t SET v = 42 WHERE k = 'c'").run()),
    ]);
    const committed = new Map((reader.prepare("SELECT k, v FROM t").all() as Array<{ k: string; v: number }>).map((r) => [r.k, r.v]));
    // Each answer says what the file holds: a write answered as done is there, one refused is not.
    expect([outcomes[0]!.status === "fulfilled", committed.has("a")]).toEqual([false, false]);
    expect(outcomes[1]!.status).toBe("rejected");
    expect(String((outcomes[1] as PromiseRejectedResult).reason.code)).toBe("SQLITE_FULL");
    expect([outcomes[2]!.status === "fulfilled", committed.get("c")]).toEqual([false, 0]);
    expect(db.inTransaction).toBe(false);
  });

  it("refuses a work that returns a promise, alone or in a group, and keeps nothing of it", async () => {
    const asyncWork = () => {
      insert("p", 1)();
      return Promise.resolve("later");
    };
    await expect(group.run(asyncWork)).rejects.toThrow(/promise/);
    const [inGroup, other] = await Promise.allSettled([group.run(asyncWork), group.run(insert("q", 2))]);
    expect([inGroup.status, other.status]).toEqual(["rejected", "fulfilled"]);
    expect(keys()).toEqual(["q"]);
  });

  it("commits a whole turn once: the writes become visible together", async () => {
    const visibleDuringWork: string[][] = [];
    await Promise.all(
      ["a", "b", "c"].map((k, i) =>
        group.run(() => {
          insert(k, i)();
          // Another connection sees none of the turn's writes until the one commit.
          visibleDuringWork.push(keys());
        }),
      ),
    );
    expect(visibleDuringWork).toEqual([[], [], []]);
    expect(keys()).toEqual(["a", "b", "c"]);
  });
});
