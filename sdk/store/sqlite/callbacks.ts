/**
 * Callbacks on SQLite: one row per callback id in `callbacks`. The approvals inbox lists the
 * pending callbacks of RUNNING executions, oldest first, in keyset pages over the pending partial
 * indexes (see `pendingCallbacksSql`).
 */
import type { CallbackStore, Page, PendingCallbackQuery, PendingCallbackView } from "../types";
import type { SqliteContext } from "./context";
import {
  deadlineSortKey,
  decodePendingByDeadlineCursor,
  decodePendingCallbackCursor,
  encodePendingByDeadlineCursor,
  encodePendingCallbackCursor,
} from "../cursor";
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT, clampLimit } from "../list-query";
import { rowToCallback, rowToPendingCallback, type CallbackRow } from "./rows";
import { pendingCallbacksSql } from "./statements";

function listPendingCallbacks(ctx: SqliteContext, query: PendingCallbackQuery = {}): Page<PendingCallbackView> {
  const limit = clampLimit(query.limit, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
  const byDeadline = query.order === "deadline";
  const params: Record<string, unknown> = { limit: limit + 1 };
  if (query.cursor !== undefined) {
    const cursor = byDeadline ? decodePendingByDeadlineCursor(query.cursor) : decodePendingCallbackCursor(query.cursor);
    params.cKey = "deadlineKey" in cursor ? cursor.deadlineKey : cursor.createdMs;
    params.cId = cursor.callbackId;
  }
  if (query.functionName !== undefined) params.fn = query.functionName;
  if (query.name !== undefined) params.name = query.name;
  const shape = { byFunction: "fn" in params, byName: "name" in params, withCursor: "cId" in params, byDeadline };
  const statement = ctx.cache.get(`pending-callbacks:${JSON.stringify(shape)}`, () => pendingCallbacksSql(shape));
  const rows = statement.all(params) as (CallbackRow & { execution_name: string })[];
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const page: Page<PendingCallbackView> = { items: rows.map(rowToPendingCallback) };
  const last = rows[rows.length - 1];
  if (more && last) {
    page.nextCursor = byDeadline
      ? encodePendingByDeadlineCursor({ deadlineKey: deadlineSortKey(last.timeout_at), callbackId: last.callback_id })
      : encodePendingCallbackCursor({ createdMs: last.created_ms, callbackId: last.callback_id });
  }
  return page;
}

export function sqliteCallbacks(ctx: SqliteContext): CallbackStore {
  return {
    async get(callbackId) {
      const row = ctx.s.getCallback.get(callbackId) as CallbackRow | undefined;
      return row && rowToCallback(row);
    },

    async listPending(query = {}) {
      return listPendingCallbacks(ctx, query);
    },
  };
}
