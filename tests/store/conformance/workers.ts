import { describe, expect, it } from "vitest";
import { T0, iso } from "./fixtures";
import type { WorkerRecord } from "../../../sdk/store/types";
import type { ConformanceContext } from "./context";

function worker(workerId: string, overrides: Partial<WorkerRecord> = {}): WorkerRecord {
  return {
    workerId,
    host: "build-7",
    pid: 4242,
    functions: ["orders", "notify"],
    startedTimestamp: iso(T0),
    lastHeartbeatTimestamp: iso(T0 + 1000),
    heartbeatIntervalMs: 5000,
    leaseMs: 15_000,
    running: 2,
    ...overrides,
  };
}

export function workerTests(ctx: ConformanceContext): void {
  describe("worker heartbeat rows", () => {
    it("answers an empty store with no workers", async () => {
      expect(await ctx.store.workers.list()).toEqual([]);
      expect(await ctx.store.workers.get("worker-a")).toBeUndefined();
      await ctx.store.workers.remove("worker-a");
      expect(await ctx.store.workers.list()).toEqual([]);
    });

    it("lists workers by id in binary order and gets one, every field round-tripped", async () => {
      const a = worker("worker-a");
      const upper = worker("Worker-Z", { functions: [], running: 0, host: "ünïcode-host ✓" });
      const b = worker("worker-b", { pid: 1, functions: ["a", "b", "c"] });
      await ctx.store.workers.put(a);
      await ctx.store.workers.put(b);
      await ctx.store.workers.put(upper);
      expect(await ctx.store.workers.list()).toEqual([upper, a, b]);
      expect(await ctx.store.workers.get("worker-b")).toEqual(b);
      expect(await ctx.store.workers.get("WORKER-B")).toBeUndefined();
    });

    it("a heartbeat replaces the row whole; fields the record does not have are not kept", async () => {
      await ctx.store.workers.put(worker("worker-a"));
      const beat = worker("worker-a", { lastHeartbeatTimestamp: iso(T0 + 9000), functions: ["orders"], running: 0 });
      await ctx.store.workers.put({ ...beat, extra: "not a field" } as WorkerRecord);
      expect(await ctx.store.workers.get("worker-a")).toEqual(beat);
      expect(await ctx.store.workers.list()).toHaveLength(1);
    });

    it("removes one worker and leaves the others", async () => {
      await ctx.store.workers.put(worker("worker-a"));
      await ctx.store.workers.put(worker("worker-b"));
      await ctx.store.workers.remove("worker-a");
      expect((await ctx.store.workers.list()).map((w) => w.workerId)).toEqual(["worker-b"]);
      expect(await ctx.store.workers.get("worker-a")).toBeUndefined();
    });

    it("refuses a malformed row and writes nothing", async () => {
      const bad: Array<Partial<WorkerRecord>> = [
        { workerId: "" },
        { pid: -1 },
        { heartbeatIntervalMs: 1.5 },
        { functions: "orders" as unknown as string[] },
        { lastHeartbeatTimestamp: "yesterday" },
      ];
      for (const overrides of bad) {
        await expect(ctx.store.workers.put(worker("worker-a", overrides))).rejects.toThrow(TypeError);
      }
      expect(await ctx.store.workers.list()).toEqual([]);
    });
  });
}
