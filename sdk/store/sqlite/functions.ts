/** Registered functions on SQLite: one row per name in `functions`; an upsert keeps the first registeredTimestamp. */
import type { FunctionRecord, FunctionStore } from "../types";
import type { SqliteContext } from "./context";
import { rowToFunction, type FunctionRow } from "./rows";

export function sqliteFunctions(ctx: SqliteContext): FunctionStore {
  const putTx = ctx.db.transaction((records: FunctionRecord[]) => {
    for (const r of records) {
      ctx.s.upsertFunction.run(
        r.name,
        r.kind,
        r.description ?? null,
        r.sampleInput ?? null,
        r.executionTimeoutSeconds ?? null,
        r.registeredTimestamp,
        r.lastSeenTimestamp,
      );
    }
  });
  return {
    async put(records) {
      for (const r of records) {
        if (r.kind !== "durable" && r.kind !== "plain") throw new TypeError(`function kind must be durable or plain, got ${String(r.kind)}`);
      }
      if (records.length > 0) await ctx.group.run(() => putTx(records));
    },

    async list() {
      return (ctx.s.listFunctions.all() as FunctionRow[]).map(rowToFunction);
    },

    async get(name) {
      const row = ctx.s.getFunction.get(name) as FunctionRow | undefined;
      return row && rowToFunction(row);
    },
  };
}
