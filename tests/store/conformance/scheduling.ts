import { describe, expect, it } from "vitest";
import { T0, createExecution, iso } from "./fixtures";
import type { ClaimOptions, DurableStore } from "../../../sdk/store/types";
import { expectStoreError, type ConformanceContext } from "./context";

let tokenCounter = 0;
function claim(store: DurableStore, overrides: Partial<ClaimOptions> = {}) {
  return store.scheduling.claimDue({
    now: T0,
    owner: "worker-a",
    leaseMs: 30_000,
    limit: 10,
    newToken: () => `token-${++tokenCounter}`,
    ...overrides,
  });
}

export function claimTests(ctx: ConformanceContext): void {
  describe("scheduling.claimDue", () => {
    it("claims due RUNNING executions in nextWakeAt order, up to the limit", async () => {
      const late = await createExecution(ctx.store, { nextWakeAt: T0 - 1000 });
      const early = await createExecution(ctx.store, { nextWakeAt: T0 - 5000 });
      const exact = await createExecution(ctx.store, { nextWakeAt: T0 });
      await createExecution(ctx.store, { nextWakeAt: T0 + 1 }); // not due yet
      await createExecution(ctx.store); // nothing due
      await createExecution(ctx.store, { status: "SUCCEEDED", nextWakeAt: T0 - 9000 });
      await createExecution(ctx.store, { status: "FAILED", nextWakeAt: T0 - 9000 });

      const claimed = await claim(ctx.store, { limit: 2 });
      expect(claimed.map((e) => e.executionId)).toEqual([early.executionId, late.executionId]);
      const rest = await claim(ctx.store);
      expect(rest.map((e) => e.executionId)).toEqual([exact.executionId]);
      expect(await claim(ctx.store)).toEqual([]);
    });

    it("sets owner, lease expiry and a fresh token, bumps version, and returns what it stored", async () => {
      const created = await createExecution(ctx.store, { nextWakeAt: T0 - 1, checkpointToken: "old-token" });
      const tokens = ["fresh-1", "fresh-2"];
      const [claimed] = await claim(ctx.store, { owner: "worker-b", leaseMs: 5000, newToken: () => tokens.shift()! });
      expect(claimed).toEqual({
        ...created,
        leaseOwner: "worker-b",
        leaseExpiresAt: T0 + 5000,
        checkpointToken: "fresh-1",
        version: created.version + 1,
      });
      expect(await ctx.store.executions.get(created.executionId)).toEqual(claimed);
    });

    it("gives each claimed execution its own token, and a new one on every claim", async () => {
      await createExecution(ctx.store, { nextWakeAt: T0 - 2 });
      await createExecution(ctx.store, { nextWakeAt: T0 - 1 });
      const first = await claim(ctx.store, { leaseMs: 1000 });
      expect(new Set(first.map((e) => e.checkpointToken)).size).toBe(2);
      const again = await claim(ctx.store, { now: T0 + 1000 }); // leases expired
      expect(again).toHaveLength(2);
      for (const execution of again) {
        expect(execution.checkpointToken).not.toBe(first.find((e) => e.executionId === execution.executionId)?.checkpointToken);
      }
    });

    it("skips executions whose lease is held, and reclaims expired leases", async () => {
      const held = await createExecution(ctx.store, { nextWakeAt: T0 - 10, leaseOwner: "other", leaseExpiresAt: T0 + 1 });
      const expired = await createExecution(ctx.store, { nextWakeAt: T0 - 5, leaseOwner: "other", leaseExpiresAt: T0 });
      const first = await claim(ctx.store);
      expect(first.map((e) => e.executionId)).toEqual([expired.executionId]);
      expect(first[0]?.leaseOwner).toBe("worker-a");

      const later = await claim(ctx.store, { now: T0 + 1, owner: "worker-c" });
      expect(later.map((e) => e.executionId)).toEqual([held.executionId]);
      expect((await ctx.store.executions.get(held.executionId))?.leaseOwner).toBe("worker-c");
    });

    it("fences the previous holder: its token is refused after a reclaim", async () => {
      const { executionId } = await createExecution(ctx.store, { nextWakeAt: T0 - 1 });
      const [first] = await claim(ctx.store, { leaseMs: 100 });
      const [second] = await claim(ctx.store, { now: T0 + 100, owner: "worker-b" });
      expect(second?.executionId).toBe(executionId);
      await expectStoreError(
        ctx.store.transact(executionId, { checkpointToken: first!.checkpointToken }, () => ({ mutation: {} })),
        "STALE_CHECKPOINT_TOKEN",
      );
      await ctx.store.transact(executionId, { checkpointToken: second!.checkpointToken }, () => ({ mutation: {} }));
    });

    it("claims nothing when the limit is 0", async () => {
      await createExecution(ctx.store, { nextWakeAt: T0 - 1 });
      expect(await claim(ctx.store, { limit: 0 })).toEqual([]);
    });

    it("never gives one execution to two concurrent claimers", async () => {
      const due = [];
      for (let i = 0; i < 12; i++) due.push(await createExecution(ctx.store, { nextWakeAt: T0 - 100 + i }));
      const peer = ctx.openPeer ? await ctx.openPeer() : ctx.store;
      try {
        const [a, b] = await Promise.all([
          claim(ctx.store, { owner: "worker-a", limit: 8 }),
          claim(peer, { owner: "worker-b", limit: 8 }),
        ]);
        const aIds = a.map((e) => e.executionId);
        const bIds = b.map((e) => e.executionId);
        expect(aIds.filter((id) => bIds.includes(id))).toEqual([]);
        expect(aIds.length + bIds.length).toBeGreaterThan(0);
        for (const execution of [...a, ...b]) {
          expect(await ctx.store.executions.get(execution.executionId)).toEqual(execution);
        }
      } finally {
        if (peer !== ctx.store) await peer.close();
      }
    });
  });

  describe("claimDue of some functions", () => {
    it("claims only executions of the given functions; the others are passed over, not counted, and stay due and unleased", async () => {
      const theirs = await Promise.all(
        Array.from({ length: 24 }, (_, i) => createExecution(ctx.store, { functionName: "theirs", nextWakeAt: T0 - 100_000 + i })),
      );
      const held = await createExecution(ctx.store, { functionName: "mine", nextWakeAt: T0 - 200, leaseOwner: "worker-x", leaseExpiresAt: T0 + 1 });
      const mineLate = await createExecution(ctx.store, { functionName: "mine", nextWakeAt: T0 - 5 });
      const mineEarly = await createExecution(ctx.store, { functionName: "mine", nextWakeAt: T0 - 50 });
      const other = await createExecution(ctx.store, { functionName: "other", nextWakeAt: T0 - 20 });
      await createExecution(ctx.store, { functionName: "mine", nextWakeAt: T0 + 1 }); // not due yet

      const claimed = await claim(ctx.store, { functionNames: ["mine"], limit: 2 });
      expect(claimed.map((e) => e.executionId)).toEqual([mineEarly.executionId, mineLate.executionId]);
      expect(await claim(ctx.store, { functionNames: ["mine"] })).toEqual([]);
      expect(await claim(ctx.store, { functionNames: [] })).toEqual([]);
      for (const execution of [...theirs, other, held]) expect(await ctx.store.executions.get(execution.executionId)).toEqual(execution);

      const others = await claim(ctx.store, { functionNames: ["other", "nobody-has-this"], owner: "worker-b" });
      expect(others.map((e) => [e.executionId, e.leaseOwner])).toEqual([[other.executionId, "worker-b"]]);
      // Without names, every function: the earliest due first.
      const any = await claim(ctx.store, { limit: 3 });
      expect(any.map((e) => e.executionId)).toEqual(
        [...theirs].sort((a, b) => a.nextWakeAt! - b.nextWakeAt!).slice(0, 3).map((e) => e.executionId),
      );
    });
  });

  describe("scheduling.nextWakeAt", () => {
    it("is undefined when nothing is scheduled", async () => {
      expect(await ctx.store.scheduling.nextWakeAt()).toBeUndefined();
      await createExecution(ctx.store);
      await createExecution(ctx.store, { status: "SUCCEEDED", nextWakeAt: T0 });
      expect(await ctx.store.scheduling.nextWakeAt()).toBeUndefined();
    });

    it("is the earliest wake time among RUNNING executions, leased or not", async () => {
      await createExecution(ctx.store, { nextWakeAt: T0 + 500 });
      await createExecution(ctx.store, { nextWakeAt: T0 + 200, leaseOwner: "w", leaseExpiresAt: T0 + 9999 });
      await createExecution(ctx.store, { status: "STOPPED", nextWakeAt: T0 + 100 });
      expect(await ctx.store.scheduling.nextWakeAt()).toBe(T0 + 200);
    });

    it("of some functions ignores the others' executions, due or not", async () => {
      await Promise.all(Array.from({ length: 12 }, (_, i) => createExecution(ctx.store, { functionName: "theirs", nextWakeAt: T0 - 1000 + i })));
      await createExecution(ctx.store, { functionName: "theirs", nextWakeAt: T0 + 100 });
      await createExecution(ctx.store, { functionName: "mine", nextWakeAt: T0 + 500, leaseOwner: "w", leaseExpiresAt: T0 + 9999 });
      await createExecution(ctx.store, { functionName: "mine", nextWakeAt: T0 + 700 });
      await createExecution(ctx.store, { functionName: "mine", status: "SUCCEEDED", nextWakeAt: T0 - 5000 });

      expect(await ctx.store.scheduling.nextWakeAt({ functionNames: ["mine"] })).toBe(T0 + 500);
      expect(await ctx.store.scheduling.nextWakeAt({ functionNames: ["mine", "theirs"] })).toBe(T0 - 1000);
      expect(await ctx.store.scheduling.nextWakeAt()).toBe(T0 - 1000);
      expect(await ctx.store.scheduling.nextWakeAt({ functionNames: ["nobody-has-this"] })).toBeUndefined();
      expect(await ctx.store.scheduling.nextWakeAt({ functionNames: [] })).toBeUndefined();
    });

    it("right after a claim of some functions is still theirs alone: never due because of another function's execution", async () => {
      await Promise.all(Array.from({ length: 12 }, (_, i) => createExecution(ctx.store, { functionName: "theirs", nextWakeAt: T0 - 1000 + i })));
      await createExecution(ctx.store, { functionName: "mine", nextWakeAt: T0 + 500 });
      expect(await claim(ctx.store, { functionNames: ["mine"] })).toEqual([]);
      // A backend may answer a lower bound (never later than the truth), but not a time already due.
      const next = await ctx.store.scheduling.nextWakeAt({ functionNames: ["mine"] });
      expect(next).toBeGreaterThan(T0);
      expect(next).toBeLessThanOrEqual(T0 + 500);
    });

    it("follows transacts that move or clear the wake time", async () => {
      const a = await createExecution(ctx.store, { nextWakeAt: T0 + 500 });
      const b = await createExecution(ctx.store, { nextWakeAt: T0 + 300 });
      await ctx.store.transact(b.executionId, {}, () => ({ mutation: { execution: { nextWakeAt: null } } }));
      expect(await ctx.store.scheduling.nextWakeAt()).toBe(T0 + 500);
      await ctx.store.transact(a.executionId, {}, () => ({ mutation: { execution: { status: "SUCCEEDED" } } }));
      expect(await ctx.store.scheduling.nextWakeAt()).toBeUndefined();
    });
  });

  describe("scheduling.followUpsDue", () => {
    const parent = { executionId: "parent-execution", operationId: "invoke-op" };

    it("lists ended executions whose followUpAt has come, earliest first, whole", async () => {
      const later = await createExecution(ctx.store, { parent, status: "SUCCEEDED", endTimestamp: iso(T0 - 500), result: '{"n":2}', followUpAt: T0 });
      const earlier = await createExecution(ctx.store, {
        parent,
        status: "FAILED",
        endTimestamp: iso(T0 - 900),
        error: { ErrorType: "Boom", ErrorMessage: "no" },
        followUpAt: T0 - 800,
      });
      await createExecution(ctx.store, { parent, status: "SUCCEEDED", endTimestamp: iso(T0), followUpAt: T0 + 1 }); // not yet
      await createExecution(ctx.store, { parent, status: "RUNNING", nextWakeAt: T0, followUpAt: T0 - 5000 }); // running again
      await createExecution(ctx.store, { parent, status: "SUCCEEDED", endTimestamp: iso(T0 - 900) }); // followed up

      const listed = await ctx.store.scheduling.followUpsDue({ now: T0, limit: 10 });
      expect(listed).toEqual([earlier, later]);
      expect(listed[1]!.result).toBe('{"n":2}');
      expect((await ctx.store.scheduling.followUpsDue({ now: T0, limit: 1 })).map((e) => e.executionId)).toEqual([earlier.executionId]);
      expect(await ctx.store.scheduling.followUpsDue({ now: T0 - 801, limit: 10 })).toEqual([]);
    });

    it("drops an execution once a transact clears its mark; until then the retention purge leaves it", async () => {
      const child = await createExecution(ctx.store, { parent, status: "SUCCEEDED", endTimestamp: iso(T0 - 5000), followUpAt: T0 - 4000 });
      expect(await ctx.store.executions.purge({ endedBefore: iso(T0), limit: 10 })).toBe(0);
      expect(await ctx.store.executions.get(child.executionId)).toBeDefined();

      await ctx.store.transact(child.executionId, {}, () => ({ mutation: { execution: { followUpAt: null } } }));
      expect(await ctx.store.scheduling.followUpsDue({ now: T0, limit: 10 })).toEqual([]);
      expect((await ctx.store.executions.get(child.executionId))!.followUpAt).toBeUndefined();
      expect(await ctx.store.executions.purge({ endedBefore: iso(T0), limit: 10 })).toBe(1);
    });
  });

  describe("scheduling.watchDue", () => {
    it("tells a listener, after the write, of a start and of a write that sets a wake time, not of other writes", async () => {
      const heard: number[] = [];
      let count = 0;
      const unwatch = ctx.store.scheduling.watchDue!(() => heard.push(++count));
      const started = await createExecution(ctx.store, { nextWakeAt: T0 });
      await Promise.resolve(); // the listener runs in a microtask after the commit
      expect(heard).toEqual([1]);
      await ctx.store.transact(started.executionId, {}, () => ({ mutation: { execution: { eventCount: 1 } } }));
      await Promise.resolve();
      expect(heard).toEqual([1]);
      await ctx.store.transact(started.executionId, {}, () => ({ mutation: { execution: { nextWakeAt: T0 + 60_000 } } }));
      await Promise.resolve();
      expect(heard).toEqual([1, 2]);
      unwatch();
      await createExecution(ctx.store, { nextWakeAt: T0 });
      await Promise.resolve();
      expect(heard).toEqual([1, 2]);
    });
  });
}
