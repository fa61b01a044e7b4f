import { describe, expect, it } from "vitest";
import { T0, iso } from "./fixtures";
import type { JobRecord, NewJobOutcome } from "../../../sdk/store/types";
import { expectStoreError, type ConformanceContext } from "./context";

export function job(jobId: string, overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    jobId,
    kind: "redrive",
    query: { statuses: ["FAILED"], functionName: "orders", startedBefore: iso(T0) },
    params: {},
    status: "PENDING",
    counts: { matched: 3, done: 0, skipped: 0, failed: 0 },
    ratePerSecond: 100,
    batchSize: 2,
    createdBy: { actor: "ada", authMethod: "session", role: "operator", source: "console" },
    createdTimestamp: iso(T0),
    updatedTimestamp: iso(T0),
    version: 1,
    ...overrides,
  };
}

const outcome = (executionId: string, status: NewJobOutcome["status"], reason?: string): NewJobOutcome => ({
  executionId,
  status,
  timestamp: iso(T0 + 5),
  ...(reason ? { reason } : {}),
});

export function jobTests(ctx: ConformanceContext): void {
  describe("jobs", () => {
    it("creates, gets and lists jobs newest first with a keyset cursor; a second create of an id is CONFLICT", async () => {
      const jobs = ctx.store.jobs;
      for (const id of ["job-001", "job-003", "job-002"]) await jobs.create(job(id, { version: 7 }));
      expect(await jobs.get("job-002")).toEqual(job("job-002"));
      expect(await jobs.get("job-404")).toBeUndefined();
      expect(await jobs.get("not a job id!")).toBeUndefined();
      const first = await jobs.list({ limit: 2 });
      expect(first.items.map((j) => j.jobId)).toEqual(["job-003", "job-002"]);
      const second = await jobs.list({ limit: 2, cursor: first.nextCursor });
      expect(second.items.map((j) => j.jobId)).toEqual(["job-001"]);
      expect(second.nextCursor).toBeUndefined();
      await expectStoreError(jobs.create(job("job-002", { kind: "stop" })), "CONFLICT");
      expect((await jobs.get("job-002"))?.kind).toBe("redrive");
      await expectStoreError(jobs.list({ cursor: "garbage" }), "INVALID_CURSOR");
    });

    it("refuses a job a runner could not work with, writing nothing", async () => {
      await expect(ctx.store.jobs.create(job("job-bad", { batchSize: 0 }))).rejects.toThrow(/batchSize/);
      await expect(ctx.store.jobs.create(job("job bad"))).rejects.toThrow(/jobId/);
      expect((await ctx.store.jobs.list()).items).toEqual([]);
    });

    it("claims the oldest claimable job once; a lapsed lease is taken over; kind and requiresFunction are honoured", async () => {
      const jobs = ctx.store.jobs;
      await jobs.create(job("job-1", { requiresFunction: "checker" }));
      await jobs.create(job("job-2", { kind: "stop" }));
      await jobs.create(job("job-3"));
      const claimed = await jobs.claim({ now: T0, owner: "w1", leaseMs: 1000, functionNames: ["orders"], kinds: ["redrive"] });
      expect(claimed).toMatchObject({ jobId: "job-3", status: "RUNNING", leaseOwner: "w1", leaseExpiresAt: T0 + 1000, startedTimestamp: iso(T0) });
      expect(await jobs.claim({ now: T0 + 999, owner: "w2", leaseMs: 1000, functionNames: ["orders"], kinds: ["redrive"] })).toBeUndefined();
      const withCode = await jobs.claim({ now: T0 + 500, owner: "w2", leaseMs: 1000, functionNames: ["checker"] });
      expect(withCode?.jobId).toBe("job-1");
      const takenOver = await jobs.claim({ now: T0 + 1000, owner: "w3", leaseMs: 1000, kinds: ["redrive"] });
      expect(takenOver).toMatchObject({ jobId: "job-3", leaseOwner: "w3", startedTimestamp: iso(T0) });
      await expectStoreError(jobs.update("job-3", "w1", { cursor: "c1" }), "CONFLICT");
      expect((await jobs.get("job-3"))?.cursor).toBeUndefined();
    });

    it("two claimers on two connections never get the same job", async () => {
      const peer = ctx.openPeer ? await ctx.openPeer() : ctx.store;
      try {
        await ctx.store.jobs.create(job("job-1"));
        const [a, b] = await Promise.all([
          ctx.store.jobs.claim({ now: T0, owner: "a", leaseMs: 5000 }),
          peer.jobs.claim({ now: T0, owner: "b", leaseMs: 5000 }),
        ]);
        expect([a, b].filter((j) => j !== undefined)).toHaveLength(1);
      } finally {
        if (peer !== ctx.store) await peer.close();
      }
    });

    it("records outcomes in order with their counts, pages them, and refuses a runner that lost the lease", async () => {
      const jobs = ctx.store.jobs;
      await jobs.create(job("job-1"));
      await jobs.claim({ now: T0, owner: "w1", leaseMs: 1000 });
      await jobs.update("job-1", "w1", { inFlight: [{ executionId: "e1", mark: 0 }], leaseExpiresAt: T0 + 2000 });
      expect((await jobs.get("job-1"))?.inFlight).toEqual([{ executionId: "e1", mark: 0 }]);
      const after = await jobs.recordOutcomes("job-1", "w1", [outcome("e1", "DONE"), outcome("e2", "SKIPPED", "not redrivable: SUCCEEDED")], {
        cursor: "c2",
        inFlight: null,
      });
      expect(after).toMatchObject({ counts: { matched: 3, done: 1, skipped: 1, failed: 0 }, cursor: "c2" });
      expect(after.inFlight).toBeUndefined();
      await jobs.recordOutcomes("job-1", "w1", [outcome("e3", "FAILED"), outcome("e4", "DONE")]);
      const stored = await jobs.get("job-1");
      expect(stored?.counts).toEqual({ matched: 4, done: 2, skipped: 1, failed: 1 });
      const page = await jobs.listOutcomes("job-1", { limit: 3 });
      expect(page.items.map((o) => [o.seq, o.executionId, o.status])).toEqual([
        [1, "e1", "DONE"],
        [2, "e2", "SKIPPED"],
        [3, "e3", "FAILED"],
      ]);
      expect(page.items[1]).toMatchObject({ jobId: "job-1", reason: "not redrivable: SUCCEEDED" });
      const rest = await jobs.listOutcomes("job-1", { afterSeq: Number(page.nextCursor), limit: 3 });
      expect(rest.items.map((o) => o.executionId)).toEqual(["e4"]);
      expect(rest.nextCursor).toBeUndefined();
      await jobs.claim({ now: T0 + 5000, owner: "w2", leaseMs: 1000 });
      await expectStoreError(jobs.recordOutcomes("job-1", "w1", [outcome("e5", "DONE")]), "CONFLICT");
      expect((await jobs.listOutcomes("job-1")).items).toHaveLength(4);
      const done = await jobs.update("job-1", "w2", { status: "SUCCEEDED" });
      expect(done.leaseOwner).toBeUndefined();
      expect(done.endedTimestamp).toBeDefined();
      await expectStoreError(jobs.update("job-1", "w2", { cursor: "x" }), "CONFLICT");
    });

    it("cancels a pending job at once, asks a live runner to stop, ends a job whose runner died", async () => {
      const jobs = ctx.store.jobs;
      await jobs.create(job("job-1"));
      await jobs.create(job("job-2"));
      await jobs.create(job("job-3"));
      expect(await jobs.cancel("job-1", T0)).toMatchObject({ status: "CANCELLED", cancelRequested: true });
      await jobs.claim({ now: T0, owner: "w1", leaseMs: 1000 });
      const asked = await jobs.cancel("job-2", T0 + 10);
      expect(asked).toMatchObject({ status: "RUNNING", cancelRequested: true, leaseOwner: "w1" });
      expect((await jobs.update("job-2", "w1", { status: "CANCELLED" })).status).toBe("CANCELLED");
      await jobs.claim({ now: T0, owner: "w1", leaseMs: 1000 });
      expect(await jobs.cancel("job-3", T0 + 1000)).toMatchObject({ status: "CANCELLED" });
      expect((await jobs.get("job-3"))?.leaseOwner).toBeUndefined();
      expect(await jobs.cancel("job-404", T0)).toBeUndefined();
      const ended = await jobs.cancel("job-1", T0 + 2000);
      expect(ended?.version).toBe((await jobs.get("job-1"))?.version);
      expect(await jobs.claim({ now: T0 + 9000, owner: "w9", leaseMs: 1000 })).toBeUndefined();
    });
  
    it("purges jobs that ended before a time, oldest end first, with their outcomes; a running or pending job stays", async () => {
      const jobs = ctx.store.jobs;
      await jobs.create(job("job-a", { status: "SUCCEEDED", endedTimestamp: iso(T0 + 1000) }));
      await jobs.create(job("job-b", { status: "CANCELLED", endedTimestamp: iso(T0 + 3000) }));
      await jobs.create(job("job-c", { status: "FAILED", endedTimestamp: iso(T0 + 2000) }));
      await jobs.create(job("job-d"));
      await jobs.create(job("job-e"));
      await jobs.claim({ now: T0, owner: "w1", leaseMs: 1000 });
      await jobs.recordOutcomes("job-d", "w1", [outcome("e1", "DONE"), outcome("e2", "SKIPPED", "not redrivable")]);
      await jobs.update("job-d", "w1", { status: "SUCCEEDED" }); // ends now, long after T0

      expect(await jobs.purge({ endedBefore: iso(T0 + 2500), limit: 1 })).toBe(1);
      expect(await jobs.get("job-a")).toBeUndefined();
      expect(await jobs.purge({ endedBefore: iso(T0 + 2500), limit: 10 })).toBe(1);
      expect(await jobs.get("job-c")).toBeUndefined();
      expect(await jobs.purge({ endedBefore: iso(T0 + 2500), limit: 10 })).toBe(0);
      expect((await jobs.listOutcomes("job-d")).items).toHaveLength(2);

      expect(await jobs.purge({ endedBefore: iso(Date.now() + 60_000), limit: 10 })).toBe(2);
      expect(await jobs.get("job-d")).toBeUndefined();
      expect((await jobs.listOutcomes("job-d")).items).toEqual([]);
      expect((await jobs.list()).items.map((j) => j.jobId)).toEqual(["job-e"]);
      expect(await jobs.purge({ endedBefore: iso(Date.now() + 60_000), limit: 0 })).toBe(0);
    });
  });
}
