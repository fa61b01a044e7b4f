/** An execution's logs on SQLite: rows of `logs`, keyed by (execution id, seq). */
import type { LogStore } from "../types";
import type { SqliteContext } from "./context";
import { clampLimit } from "../list-query";
import { rowToLog, type LogRow } from "./rows";

export const DEFAULT_LOG_LIMIT = 100;
export const MAX_LOG_LIMIT = 1000;

export function sqliteLogs(ctx: SqliteContext): LogStore {
  return {
    async list(executionId, query = {}) {
      const limit = clampLimit(query.limit, DEFAULT_LOG_LIMIT, MAX_LOG_LIMIT);
      const afterSeq = query.afterSeq ?? 0;
      const rows = (
        query.operationId !== undefined
          ? ctx.s.logsOfOperation.all(executionId, query.operationId, afterSeq, limit + 1)
          : ctx.s.logsOfExecution.all(executionId, afterSeq, limit + 1)
      ) as LogRow[];
      const more = rows.length > limit;
      if (more) rows.length = limit;
      const items = rows.map(rowToLog);
      const last = items[items.length - 1];
      return more && last ? { items, nextCursor: String(last.seq) } : { items };
    },
  };
}
