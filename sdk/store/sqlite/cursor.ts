/**
 * Opaque list cursors: base64url JSON of the last returned row's sort key, plus the direction
 * it was made for (a cursor from a newest-first page is refused on an oldest-first query).
 */
import { StoreError } from "../types";

export interface ListCursor {
  /** start_ms of the last row. */
  startMs: number;
  executionId: string;
  oldestFirst: boolean;
}

export function encodeListCursor(cursor: ListCursor): string {
  const json = JSON.stringify({ s: cursor.startMs, i: cursor.executionId, o: cursor.oldestFirst ? 1 : 0 });
  return Buffer.from(json, "utf8").toString("base64url");
}

export function decodeListCursor(text: string, oldestFirst: boolean): ListCursor {
  const invalid = (why: string) => new StoreError("INVALID_CURSOR", `invalid cursor: ${why}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalid("not a cursor returned by listExecutions");
  }
  if (typeof parsed !== "object" || parsed === null) throw invalid("not a cursor returned by listExecutions");
  const { s, i, o } = parsed as Record<string, unknown>;
  if (!Number.isSafeInteger(s) || typeof i !== "string" || (o !== 0 && o !== 1)) {
    throw invalid("not a cursor returned by listExecutions");
  }
  const cursor: ListCursor = { startMs: s as number, executionId: i, oldestFirst: o === 1 };
  // Node's base64url decoder skips characters it does not know; re-encoding catches edited cursors.
  if (encodeListCursor(cursor) !== text) throw invalid("not a cursor returned by listExecutions");
  if (cursor.oldestFirst !== oldestFirst) {
    throw invalid(`the cursor was made for ${cursor.oldestFirst ? "oldest" : "newest"}-first order`);
  }
  return cursor;
}

/** Cursor of the pending-callback inbox: the last row's (created_ms, callback_id). */
export interface PendingCallbackCursor {
  createdMs: number;
  callbackId: string;
}

export function encodePendingCallbackCursor(cursor: PendingCallbackCursor): string {
  return Buffer.from(JSON.stringify({ cb: cursor.createdMs, id: cursor.callbackId }), "utf8").toString("base64url");
}

export function decodePendingCallbackCursor(text: string): PendingCallbackCursor {
  const invalid = () => new StoreError("INVALID_CURSOR", "invalid cursor: not a cursor returned by listPendingCallbacks");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== "object" || parsed === null) throw invalid();
  const { cb, id } = parsed as Record<string, unknown>;
  if (!Number.isSafeInteger(cb) || typeof id !== "string") throw invalid();
  const cursor: PendingCallbackCursor = { createdMs: cb as number, callbackId: id };
  if (encodePendingCallbackCursor(cursor) !== text) throw invalid();
  return cursor;
}
