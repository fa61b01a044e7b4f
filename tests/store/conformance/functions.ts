import { describe, expect, it } from "vitest";
import { T0, iso } from "./fixtures";
import type { FunctionRecord } from "../../../sdk/store/types";
import type { ConformanceContext } from "./context";

function fn(name: string, overrides: Partial<FunctionRecord> = {}): FunctionRecord {
  return { name, kind: "durable", registeredTimestamp: iso(T0), lastSeenTimestamp: iso(T0), ...overrides };
}

export function functionTests(ctx: ConformanceContext): void {
  describe("registered functions", () => {
    it("answers an empty store with no functions", async () => {
      expect(await ctx.store.functions.list()).toEqual([]);
      expect(await ctx.store.functions.get("orders")).toBeUndefined();
      await ctx.store.functions.put([]);
      expect(await ctx.store.functions.list()).toEqual([]);
    });

    it("lists functions by name and gets one, every field round-tripped", async () => {
      const full = fn("orders", {
        description: "Takes orders",
        sampleInput: JSON.stringify({ orderId: "A-1", items: [{ sku: "KB-01", quantity: 1 }], note: "ünïcode ✓" }),
        executionTimeoutSeconds: 3600,
        lastSeenTimestamp: iso(T0 + 5),
      });
      const plain = fn("notify", { kind: "plain" });
      const minimal = fn("Billing");
      await ctx.store.functions.put([full, plain]);
      await ctx.store.functions.put([minimal]);
      // binary order: upper case sorts before lower case
      expect(await ctx.store.functions.list()).toEqual([minimal, plain, full]);
      expect(await ctx.store.functions.get("orders")).toEqual(full);
      const read = await ctx.store.functions.get("notify");
      expect(read).toEqual(plain);
      expect(read).not.toHaveProperty("description");
      expect(read).not.toHaveProperty("sampleInput");
      expect(read).not.toHaveProperty("executionTimeoutSeconds");
      expect(await ctx.store.functions.get("ORDERS")).toBeUndefined();
    });

    it("upserts: a function registered again keeps registeredTimestamp and takes every other field", async () => {
      await ctx.store.functions.put([fn("orders", { description: "old", sampleInput: '{"old":true}', executionTimeoutSeconds: 60 })]);
      const again = fn("orders", { kind: "plain", registeredTimestamp: iso(T0 + 9000), lastSeenTimestamp: iso(T0 + 9000) });
      await ctx.store.functions.put([again]);
      expect(await ctx.store.functions.get("orders")).toEqual({ ...again, registeredTimestamp: iso(T0) });
      expect(await ctx.store.functions.list()).toHaveLength(1);
    });
  });
}
