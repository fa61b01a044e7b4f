/** An execution's history on SQLite: rows of `events`, keyed by (execution id, EventId). */
import type { HistoryStore } from "../types";
import type { SqliteContext } from "./context";
import { clampLimit } from "../list-query";
import { rowToEvent } from "./rows";

export const DEFAULT_HISTORY_LIMIT = 100;
export const MAX_HISTORY_LIMIT = 1000;

export function sqliteHistory(ctx: SqliteContext): HistoryStore {
  return {
    async list(executionId, query = {}) {
      const limit = clampLimit(query.limit, DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT);
      const rows = (
        query.reverse
          ? ctx.s.historyReverse.all(executionId, query.afterEventId ?? Number.MAX_SAFE_INTEGER, limit + 1)
          : ctx.s.historyForward.all(executionId, query.afterEventId ?? 0, limit + 1)
      ) as { event: string }[];
      const more = rows.length > limit;
      if (more) rows.length = limit;
      const items = rows.map(rowToEvent);
      const last = items[items.length - 1];
      return more && last ? { items, nextCursor: String(last.EventId) } : { items };
    },
  };
}
