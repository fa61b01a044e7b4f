import { beforeEach, describe, expect, it } from "vitest";
import { EXECUTION_STATUSES, type ExecutionStatus } from "../../../sdk/types/wire";
import { T0, createExecution, iso, listAll } from "./fixtures";
import type { ExecutionQuery, ExecutionRecord } from "../../../sdk/store/types";
import { expectStoreError, type ConformanceContext } from "./context";

const FUNCTIONS = ["orders", "billing", "shipping"];
const MINUTE = 60_000;

/**
 * 30 executions: function i%3, status i%5, start T0 + floor(i/2) minutes (so pairs tie on start
 * time and the execution id breaks the tie), names alpha-/beta-/gamma- by tens. Two names start
 * with an execution-id prefix, one of them its own id, to exercise "name OR id".
 */
async function seedThirty(ctx: ConformanceContext): Promise<ExecutionRecord[]> {
  const records: ExecutionRecord[] = [];
  for (let i = 0; i < 30; i++) {
    const pad = String(i).padStart(2, "0");
    const name = i === 29 ? "id-0-lookalike" : i === 5 ? "id-05-own-id" : `${["alpha", "beta", "gamma"][Math.floor(i / 10)]}-${pad}`;
    records.push(
      await createExecution(ctx.store, {
        executionId: `id-${pad}`,
        functionName: FUNCTIONS[i % 3]!,
        name,
        status: EXECUTION_STATUSES[i % 5]!,
        startTimestamp: iso(T0 + Math.floor(i / 2) * MINUTE),
      }),
    );
  }
  return records;
}

/** What a backend must answer for `query`, computed from the seeded records. */
function expected(records: ExecutionRecord[], query: ExecutionQuery): string[] {
  const after = query.startedAfter === undefined ? -Infinity : Date.parse(query.startedAfter);
  const before = query.startedBefore === undefined ? Infinity : Date.parse(query.startedBefore);
  const statuses = query.statuses?.length ? query.statuses : undefined;
  const search = (query.nameOrId ?? "").toLowerCase();
  const key = (r: ExecutionRecord) => [Date.parse(r.startTimestamp), r.executionId] as const;
  const sorted = records
    .filter((r) => query.functionName === undefined || r.functionName === query.functionName)
    .filter((r) => !statuses || statuses.includes(r.status))
    .filter((r) => Date.parse(r.startTimestamp) >= after && Date.parse(r.startTimestamp) < before)
    .filter((r) => r.name.toLowerCase().includes(search) || r.executionId.toLowerCase().includes(search))
    .sort((a, b) => {
      const [sa, ia] = key(a);
      const [sb, ib] = key(b);
      return sa !== sb ? sa - sb : ia < ib ? -1 : ia > ib ? 1 : 0;
    });
  return (query.oldestFirst ? sorted : sorted.reverse()).map((r) => r.executionId);
}

const ids = (items: ExecutionRecord[]) => items.map((r) => r.executionId);

export function listingTests(ctx: ConformanceContext): void {
  describe("listExecutions filters and order", () => {
    let records: ExecutionRecord[] = [];
    beforeEach(async () => {
      records = await seedThirty(ctx);
    });

    const cases: [string, ExecutionQuery][] = [
      ["no filter (newest first, ties by execution id)", {}],
      ["oldestFirst", { oldestFirst: true }],
      ["functionName", { functionName: "billing" }],
      ["one status", { statuses: ["FAILED"] }],
      ["two statuses", { statuses: ["RUNNING", "STOPPED"] }],
      ["three statuses, oldest first", { statuses: ["SUCCEEDED", "TIMED_OUT", "STOPPED"], oldestFirst: true }],
      ["all five statuses", { statuses: [...EXECUTION_STATUSES] }],
      ["an empty statuses list (= every status)", { statuses: [] }],
      ["name text", { nameOrId: "beta-1" }],
      ["id text", { nameOrId: "id-2" }],
      ["text matching ids of some and the names of others", { nameOrId: "id-0" }],
      ["text matching nothing", { nameOrId: "zzz" }],
      ["startedAfter (inclusive)", { startedAfter: iso(T0 + 10 * MINUTE) }],
      ["startedBefore (exclusive)", { startedBefore: iso(T0 + 4 * MINUTE) }],
      ["time window", { startedAfter: iso(T0 + 3 * MINUTE), startedBefore: iso(T0 + 9 * MINUTE) }],
      ["function + status", { functionName: "orders", statuses: ["RUNNING", "FAILED", "STOPPED"] }],
      [
        "function + statuses + window + search",
        {
          functionName: "shipping",
          statuses: ["FAILED", "SUCCEEDED", "STOPPED", "RUNNING"],
          startedAfter: iso(T0 + 2 * MINUTE),
          startedBefore: iso(T0 + 14 * MINUTE),
          nameOrId: "id-",
        },
      ],
    ];
    for (const [label, query] of cases) {
      it(`filters by ${label}`, async () => {
        const want = expected(records, query);
        const page = await ctx.store.executions.list(query);
        expect(ids(page.items)).toEqual(want);
        expect(page.nextCursor).toBeUndefined();
      });
    }

    it("checks the reference answers are not trivial", () => {
      // Guards the cases above: each filter must keep some executions and drop others.
      for (const [, query] of cases.slice(2)) {
        const n = expected(records, query).length;
        if (query.nameOrId === "zzz") expect(n).toBe(0);
        else if (query.statuses?.length === 5 || query.statuses?.length === 0) expect(n).toBe(30);
        else {
          expect(n).toBeGreaterThan(0);
          expect(n).toBeLessThan(30);
        }
      }
    });

    it("returns full records", async () => {
      const page = await ctx.store.executions.list({ functionName: "orders", limit: 3 });
      for (const item of page.items) expect(item).toEqual(records.find((r) => r.executionId === item.executionId));
    });

    it("includes an execution starting exactly at startedAfter and excludes one at startedBefore", async () => {
      const at = iso(T0 + 5 * MINUTE); // id-10 and id-11 start here
      expect(ids((await ctx.store.executions.list({ startedAfter: at, oldestFirst: true, limit: 2 })).items)).toEqual([
        "id-10",
        "id-11",
      ]);
      expect(ids((await ctx.store.executions.list({ startedBefore: at, limit: 2 })).items)).toEqual(["id-09", "id-08"]);
    });

    it("counts by status for the same filters, ignoring statuses, cursor and limit", async () => {
      const tally = (query: ExecutionQuery) => {
        const counts = Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, 0])) as Record<ExecutionStatus, number>;
        for (const id of expected(records, { ...query, statuses: undefined })) {
          counts[records.find((r) => r.executionId === id)!.status] += 1;
        }
        return counts;
      };
      const queries: ExecutionQuery[] = [
        {},
        { functionName: "billing" },
        { functionName: "orders", startedAfter: iso(T0 + 4 * MINUTE) },
        { startedBefore: iso(T0 + 7 * MINUTE) },
        { nameOrId: "id-0" },
        { functionName: "shipping", statuses: ["FAILED"], limit: 1 },
      ];
      for (const query of queries) {
        expect(await ctx.store.executions.countByStatus(query)).toEqual(tally(query));
      }
      const page = await ctx.store.executions.list({ limit: 5 });
      expect(await ctx.store.executions.countByStatus({ cursor: page.nextCursor })).toEqual(tally({}));
    });

    it("counts follow status changes", async () => {
      await ctx.store.transact("id-00", {}, () => ({ mutation: { execution: { status: "SUCCEEDED" } } }));
      const counts = await ctx.store.executions.countByStatus({ functionName: "orders" });
      const base = expected(records, { functionName: "orders" }).map((id) => records.find((r) => r.executionId === id)!);
      expect(counts.RUNNING).toBe(base.filter((r) => r.status === "RUNNING").length - 1);
      expect(counts.SUCCEEDED).toBe(base.filter((r) => r.status === "SUCCEEDED").length + 1);
    });

    it("lists the distinct function names", async () => {
      expect([...(await ctx.store.executions.functionNames())].sort()).toEqual([...FUNCTIONS].sort());
    });
  });

  describe("listExecutions paging", () => {
    it("answers an empty store with an empty page, zero counts and no functions", async () => {
      expect(await ctx.store.executions.list({})).toEqual({ items: [] });
      expect(await ctx.store.executions.countByStatus({})).toEqual({
        RUNNING: 0,
        SUCCEEDED: 0,
        FAILED: 0,
        TIMED_OUT: 0,
        STOPPED: 0,
      });
      expect(await ctx.store.executions.functionNames()).toEqual([]);
    });

    it("pages through 125 executions without duplicates or gaps, in both orders and with filters", async () => {
      const records: ExecutionRecord[] = [];
      for (let i = 0; i < 125; i++) {
        records.push(
          await createExecution(ctx.store, {
            executionId: `page-${String(i).padStart(3, "0")}`,
            functionName: FUNCTIONS[i % 2]!,
            status: EXECUTION_STATUSES[i % 5]!,
            // groups of three share a start time: the cursor must split ties correctly
            startTimestamp: iso(T0 + Math.floor(i / 3) * 1000),
          }),
        );
      }
      const queries: ExecutionQuery[] = [
        { limit: 7 },
        { limit: 7, oldestFirst: true },
        { limit: 10, functionName: "billing", statuses: ["RUNNING", "FAILED"] },
        { limit: 4, statuses: ["SUCCEEDED"], oldestFirst: true, startedAfter: iso(T0 + 5000) },
        { limit: 6, nameOrId: "page-1" },
        { limit: 1000 },
      ];
      for (const query of queries) {
        const want = expected(records, query);
        const { items, pages } = await listAll(ctx.store, query);
        expect(ids(items)).toEqual(want);
        expect(new Set(ids(items)).size).toBe(items.length);
        expect(pages).toBe(Math.max(1, Math.ceil(want.length / query.limit!)));
      }
    });

    it("uses a page size of 50 by default", async () => {
      for (let i = 0; i < 55; i++) await createExecution(ctx.store, { startTimestamp: iso(T0 + i) });
      const first = await ctx.store.executions.list({});
      expect(first.items).toHaveLength(50);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await ctx.store.executions.list({ cursor: first.nextCursor });
      expect(second.items).toHaveLength(5);
      expect(second.nextCursor).toBeUndefined();
    });

    it("rejects a malformed cursor with INVALID_CURSOR", async () => {
      await createExecution(ctx.store);
      await expectStoreError(ctx.store.executions.list({ cursor: "not a cursor" }), "INVALID_CURSOR");
      await expectStoreError(
        ctx.store.executions.list({ cursor: Buffer.from('{"x":1}').toString("base64url") }),
        "INVALID_CURSOR",
      );
      await expectStoreError(ctx.store.executions.list({ cursor: "%%%" }), "INVALID_CURSOR");
    });
  });
}
