import { beforeEach, describe, expect, it } from "vitest";
import { EXECUTION_STATUSES } from "../../../sdk/types/wire";
import { T0, createExecution, iso } from "./fixtures";
import type { ExecutionRecord } from "../../../sdk/store/types";
import type { ConformanceContext } from "./context";

/**
 * Names that tell a substring search from a prefix search, a case-insensitive one from an exact
 * one, and literal `%`, `_` and `\` from the wildcards and escape character of a LIKE pattern.
 * Ids (`srch-NN`) never contain a name's text, and names never contain an id.
 */
const NAMES = [
  "Order-ABC-100",
  "order_abc_200",
  "orderXabcX300",
  "refund-50%-off",
  "back\\slash-1",
  "plain-name",
];

/** The reference answer: newest first (seeded one minute apart, in NAMES order). */
function expectedNames(text: string): string[] {
  const lower = (s: string) => s.toLowerCase();
  return NAMES.map((name, i) => ({ name, id: `srch-0${i}` }))
    .filter(({ name, id }) => lower(name).includes(lower(text)) || lower(id).includes(lower(text)))
    .map(({ name }) => name)
    .reverse();
}

export function searchTests(ctx: ConformanceContext): void {
  describe("listExecutions search (nameOrId): any part of the name or id, in any ASCII case, wildcards literal", () => {
    let records: ExecutionRecord[] = [];
    beforeEach(async () => {
      records = [];
      for (const [i, name] of NAMES.entries()) {
        records.push(
          await createExecution(ctx.store, {
            executionId: `srch-0${i}`,
            name,
            status: EXECUTION_STATUSES[i % EXECUTION_STATUSES.length]!,
            startTimestamp: iso(T0 + i * 60_000),
          }),
        );
      }
    });

    const cases: [string, string, string[]][] = [
      ["text in the middle of names", "abc", ["orderXabcX300", "order_abc_200", "Order-ABC-100"]],
      ["text at the end of a name", "-100", ["Order-ABC-100"]],
      ["text in another case than the name's", "ORDER-abc", ["Order-ABC-100"]],
      ["text in the middle of an id", "RCH-04", ["back\\slash-1"]],
      ["'_' as itself, not any character", "r_a", ["order_abc_200"]],
      ["'%' as itself, not any run of characters", "%", ["refund-50%-off"]],
      ["text around a '%'", "50%-O", ["refund-50%-off"]],
      ["'\\' as itself", "\\", ["back\\slash-1"]],
      ["text around a '\\'", "k\\S", ["back\\slash-1"]],
      ["a LIKE pattern that is not in any name", "o%x", []],
      ["text in no name or id", "zzz", []],
    ];
    for (const [label, text, want] of cases) {
      it(`finds ${label}: ${JSON.stringify(text)}`, async () => {
        expect(expectedNames(text)).toEqual(want); // the reference agrees with the stated answer
        const page = await ctx.store.executions.list({ nameOrId: text });
        expect(page.items.map((r) => r.name)).toEqual(want);
        expect(page.nextCursor).toBeUndefined();
      });
    }

    it("counts by status what the search finds", async () => {
      for (const text of ["abc", "%", "O"]) {
        const want = Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, 0]));
        for (const name of expectedNames(text)) want[records.find((r) => r.name === name)!.status] += 1;
        expect(await ctx.store.executions.countByStatus({ nameOrId: text })).toEqual(want);
      }
    });

    it("pages through what the search finds, with the other filters", async () => {
      const first = await ctx.store.executions.list({ nameOrId: "ORDER", limit: 2 });
      expect(first.items.map((r) => r.name)).toEqual(["orderXabcX300", "order_abc_200"]);
      const second = await ctx.store.executions.list({ nameOrId: "ORDER", limit: 2, cursor: first.nextCursor });
      expect(second.items.map((r) => r.name)).toEqual(["Order-ABC-100"]);
      expect(second.nextCursor).toBeUndefined();
      const windowed = await ctx.store.executions.list({ nameOrId: "a", startedAfter: iso(T0 + 60_000), startedBefore: iso(T0 + 5 * 60_000), oldestFirst: true });
      expect(windowed.items.map((r) => r.name)).toEqual(["order_abc_200", "orderXabcX300", "back\\slash-1"]);
    });
  });
}
