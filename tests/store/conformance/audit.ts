import { describe, expect, it } from "vitest";
import { T0, createExecution, iso } from "./fixtures";
import type { AuditRecord, DurableStore } from "../../../sdk/store/types";
import { expectStoreError, type ConformanceContext } from "./context";

function auditRecord(id: string, atMs: number, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return { id, timestamp: iso(atMs), actor: "alice", authMethod: "session", action: "execution.stop", outcome: "succeeded", ...overrides };
}

/** Every record of a listing, following cursors; checks each page is non-empty and within the limit. */
async function listAll(store: DurableStore, query: { executionId?: string; limit: number }): Promise<AuditRecord[]> {
  const all: AuditRecord[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await store.audit.list({ ...query, cursor });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.length).toBeLessThanOrEqual(query.limit);
    all.push(...page.items);
    if (!page.nextCursor) return all;
    cursor = page.nextCursor;
  }
  throw new Error("listAudit never ended");
}

export function auditTests(ctx: ConformanceContext): void {
  describe("audit log", () => {
    it("answers an empty store with no records", async () => {
      expect(await ctx.store.audit.list()).toEqual({ items: [] });
      expect(await ctx.store.audit.list({ executionId: "nope", limit: 5 })).toEqual({ items: [] });
    });

    it("round-trips every field, and leaves absent optional fields absent", async () => {
      const full = auditRecord("a-full", T0 + 5, {
        role: "operator",
        action: "callback.fail",
        executionId: "exec-1",
        callbackId: "cb-1",
        outcome: "failed",
        errorCode: "CALLBACK_NOT_FOUND",
        message: "no such callback",
        details: { count: 2, names: ["x", "y"], nested: { ok: true } },
      });
      const minimal = auditRecord("a-min", T0);
      await ctx.store.audit.append(full);
      await ctx.store.audit.append(minimal);
      const { items } = await ctx.store.audit.list();
      expect(items).toEqual([full, minimal]);
      for (const key of ["role", "executionId", "callbackId", "errorCode", "message", "details"]) expect(items[1]).not.toHaveProperty(key);
    });

    it("lists newest first by timestamp, then by id, whatever the order of appends", async () => {
      await ctx.store.audit.append(auditRecord("m", T0 + 2000));
      await ctx.store.audit.append(auditRecord("z", T0));
      await ctx.store.audit.append(auditRecord("b", T0 + 2000));
      await ctx.store.audit.append(auditRecord("a", T0 + 9000));
      // timestamps of differing precision compare as instants, not as text
      await ctx.store.audit.append(auditRecord("c", T0 + 2000, { timestamp: "2025-06-01T00:00:02Z" }));
      const { items } = await ctx.store.audit.list();
      expect(items.map((r) => r.id)).toEqual(["a", "m", "c", "b", "z"]);
    });

    it("filters by execution and pages with a keyset cursor: no record twice, none missed", async () => {
      const expected: string[] = [];
      for (let i = 0; i < 23; i++) {
        const executionId = i % 3 === 0 ? "exec-a" : "exec-b";
        // several records share a millisecond, so the id breaks ties
        await ctx.store.audit.append(auditRecord(`r${String(i).padStart(2, "0")}`, T0 + Math.floor(i / 2) * 1000, { executionId }));
      }
      await ctx.store.audit.append(auditRecord("no-execution", T0 + 500, { action: "auth.login" }));
      for (let i = 22; i >= 0; i--) if (i % 3 === 0) expected.push(`r${String(i).padStart(2, "0")}`);

      const ofA = await listAll(ctx.store, { executionId: "exec-a", limit: 3 });
      expect(ofA.map((r) => r.id)).toEqual(expected);
      const all = await listAll(ctx.store, { limit: 4 });
      expect(all).toHaveLength(24);
      expect(new Set(all.map((r) => r.id)).size).toBe(24);
      const times = all.map((r) => Date.parse(r.timestamp));
      expect(times).toEqual([...times].sort((x, y) => y - x));
      expect(all.find((r) => r.id === "no-execution")).toBeDefined();
      // a record appended after a page was read, newer than everything, does not shift later pages
      const first = await ctx.store.audit.list({ limit: 10 });
      await ctx.store.audit.append(auditRecord("newest", T0 + 99_000));
      const second = await ctx.store.audit.list({ limit: 10, cursor: first.nextCursor });
      expect(second.items[0]?.id).toBe(all[10]?.id);
    });

    it("defaults to 50 per page", async () => {
      for (let i = 0; i < 51; i++) await ctx.store.audit.append(auditRecord(`d${String(i).padStart(2, "0")}`, T0 + i));
      const page = await ctx.store.audit.list();
      expect(page.items).toHaveLength(50);
      expect(page.items[0]?.id).toBe("d50");
      const rest = await ctx.store.audit.list({ cursor: page.nextCursor });
      expect(rest.items.map((r) => r.id)).toEqual(["d00"]);
      expect(rest.nextCursor).toBeUndefined();
    });

    it("refuses a second record with the same id, keeping the first", async () => {
      await ctx.store.audit.append(auditRecord("dup", T0, { actor: "alice" }));
      await expectStoreError(ctx.store.audit.append(auditRecord("dup", T0 + 1, { actor: "mallory" })), "CONFLICT");
      const { items } = await ctx.store.audit.list();
      expect(items).toHaveLength(1);
      expect(items[0]?.actor).toBe("alice");
    });

    it("refuses a cursor it did not make", async () => {
      await ctx.store.audit.append(auditRecord("x", T0));
      await expectStoreError(ctx.store.audit.list({ cursor: "not-a-cursor" }), "INVALID_CURSOR");
      await expectStoreError(ctx.store.audit.list({ cursor: Buffer.from('{"at":"1","id":2}').toString("base64url") }), "INVALID_CURSOR");
      await expectStoreError(ctx.store.audit.list({ cursor: Buffer.from("[1,2]").toString("base64url") }), "INVALID_CURSOR");
    });

    it("takes back the cursors it handed out, and refuses them edited", async () => {
      for (const id of ["c1", "c2", "c3"]) await ctx.store.audit.append(auditRecord(id, T0));
      const first = await ctx.store.audit.list({ limit: 1 });
      // the cursor's form (base64url JSON of the last record's time and id) is what earlier versions handed out
      expect(JSON.parse(Buffer.from(first.nextCursor!, "base64url").toString("utf8"))).toEqual({ at: T0, id: "c3" });
      expect((await ctx.store.audit.list({ limit: 5, cursor: first.nextCursor })).items.map((r) => r.id)).toEqual(["c2", "c1"]);
      await expectStoreError(ctx.store.audit.list({ cursor: `${first.nextCursor}*` }), "INVALID_CURSOR");
    });

    it("outlives the retention purge of the execution it is about", async () => {
      const execution = await createExecution(ctx.store, { status: "SUCCEEDED", endTimestamp: iso(T0 + 1) });
      await ctx.store.audit.append(auditRecord("kept", T0 + 2, { executionId: execution.executionId }));
      expect(await ctx.store.executions.purge({ endedBefore: iso(T0 + 3_600_000), limit: 10 })).toBe(1);
      expect((await ctx.store.audit.list({ executionId: execution.executionId })).items.map((r) => r.id)).toEqual(["kept"]);
    });

    it("purges records older than the cut-off, oldest first and at most `limit`, from every listing", async () => {
      for (let i = 0; i < 7; i++) {
        await ctx.store.audit.append(auditRecord(`old${i}`, T0 + i * 1000, i % 2 === 0 ? { executionId: "exec-p" } : {}));
      }
      // exactly at the cut-off is not before it
      await ctx.store.audit.append(auditRecord("edge", T0 + 10_000, { executionId: "exec-p" }));
      await ctx.store.audit.append(auditRecord("new", T0 + 20_000, { executionId: "exec-p" }));
      const before = iso(T0 + 10_000);

      expect(await ctx.store.audit.purge({ before, limit: 0 })).toBe(0);
      expect(await ctx.store.audit.purge({ before, limit: 3 })).toBe(3);
      expect((await listAll(ctx.store, { limit: 4 })).map((r) => r.id)).toEqual(["new", "edge", "old6", "old5", "old4", "old3"]);
      expect(await ctx.store.audit.purge({ before, limit: 100 })).toBe(4);
      expect(await ctx.store.audit.purge({ before, limit: 100 })).toBe(0);
      expect((await ctx.store.audit.list()).items.map((r) => r.id)).toEqual(["new", "edge"]);
      expect((await ctx.store.audit.list({ executionId: "exec-p" })).items.map((r) => r.id)).toEqual(["new", "edge"]);
    });

    it("purges a backlog larger than one batch, and a purged id may be appended again", async () => {
      for (let i = 0; i < 130; i++) await ctx.store.audit.append(auditRecord(`b${String(i).padStart(3, "0")}`, T0 + i, { executionId: `exec-${i % 4}` }));
      await ctx.store.audit.append(auditRecord("recent", T0 + 60_000));
      expect(await ctx.store.audit.purge({ before: iso(T0 + 1000), limit: 1000 })).toBe(130);
      expect((await ctx.store.audit.list()).items.map((r) => r.id)).toEqual(["recent"]);
      for (let i = 0; i < 4; i++) expect((await ctx.store.audit.list({ executionId: `exec-${i}` })).items).toEqual([]);
      await ctx.store.audit.append(auditRecord("b000", T0 + 61_000));
      expect((await ctx.store.audit.list()).items.map((r) => r.id)).toEqual(["b000", "recent"]);
    });
  });
}
