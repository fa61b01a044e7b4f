/**
 * Callbacks on SQLite: one row per callback id in `callbacks`. The approvals inbox lists the
 * pending callbacks of RUNNING executions, oldest first, in keyset pages over the pending partial
 * indexes (see `pendingCallbacksSql`).
 */
import type { CallbackStore, Page, PendingCallbackQuery, PendingCallbackView } from "../types";
import type { SqliteContext } from "./context";
import { decodePendingCallbackCursor, encodePendingCallbackCursor } from "../cursor";
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT, clampLimit } from "../list-query";
import { rowToCallback, rowToPendingCallback, type CallbackRow } from "./rows";
import type { Statements } from "./statements";

function listPendingCallbacks(s: Statements, query: PendingCallbackQuery = {}): Page<PendingCallbackView> {
  const limit = clampLimit(query.limit, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
  const params: Record<string, unknown> = { limit: limit + 1 };
  const cursor = query.cursor === undefined ? undefined : decodePendingCallbackCursor(query.cursor);
  if (cursor) {
    params.cMs = cursor.createdMs;
    params.cId = cursor.callbackId;
  }
  const byFunction = query.functionName !== undefined;
  if (byFunction) params.fn = query.functionName;
  const statement = byFunction
    ? cursor
      ? s.pendingCallbacksOfFunctionAfter
      : s.pendingCallbacksOfFunction
    : cursor
      ? s.pendingCallbacksAfter
      : s.pendingCallbacks;
  const rows = statement.all(params) as (CallbackRow & { execution_name: string })[];
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const page: Page<PendingCallbackView> = { items: rows.map(rowToPendingCallback) };
  const last = rows[rows.length - 1];
  if (more && last) page.nextCursor = encodePendingCallbackCursor({ createdMs: last.created_ms, callbackId: last.callback_id });
  return page;
}

export function sqliteCallbacks(ctx: SqliteContext): CallbackStore {
  return {
    async get(callbackId) {
      const row = ctx.s.getCallback.get(callbackId) as CallbackRow | undefined;
      return row && rowToCallback(row);
    },

    async listPending(query = {}) {
      return listPendingCallbacks(ctx.s, query);
    },
  };
}
