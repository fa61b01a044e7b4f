/**
 * Opaque keyset cursors of every paged list, on both backends (DynamoDB imports them from here):
 * base64url JSON of the last returned row's sort key under short field names. One codec makes
 * and checks them all, so every list refuses a cursor it did not make the same way: StoreError
 * INVALID_CURSOR. The field names are part of the cursor strings already handed out; keep them.
 */
import { StoreError } from "./types";

export function invalidCursor(why: string): StoreError {
  return new StoreError("INVALID_CURSOR", `invalid cursor: ${why}`);
}

export interface KeysetCursorCodec<C> {
  encode(cursor: C): string;
  /** Throws StoreError INVALID_CURSOR for anything `encode` did not make. */
  decode(text: string): C;
}

/**
 * @param listName  the store method whose cursors these are (for the error message)
 * @param toJson    the cursor as a flat JSON object; its field order is the canonical form
 * @param fromJson  the cursor read back, or undefined when a field is missing or of the wrong type
 */
export function keysetCursor<C>(
  listName: string,
  toJson: (cursor: C) => Record<string, string | number>,
  fromJson: (json: Record<string, unknown>) => C | undefined,
): KeysetCursorCodec<C> {
  const encode = (cursor: C) => Buffer.from(JSON.stringify(toJson(cursor)), "utf8").toString("base64url");
  const decode = (text: string): C => {
    const invalid = () => invalidCursor(`not a cursor returned by ${listName}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    } catch {
      throw invalid();
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalid();
    const cursor = fromJson(parsed as Record<string, unknown>);
    // Node's base64url decoder skips characters it does not know; re-encoding catches edited cursors.
    if (cursor === undefined || encode(cursor) !== text) throw invalid();
    return cursor;
  };
  return { encode, decode };
}

const isMs = (value: unknown): value is number => Number.isSafeInteger(value);

// ---- listExecutions ---------------------------------------------------------------------------

export interface ListCursor {
  /** start_ms of the last row. */
  startMs: number;
  executionId: string;
  /** The direction it was made for: a cursor from a newest-first page is refused on an oldest-first query. */
  oldestFirst: boolean;
}

const listCursor = keysetCursor<ListCursor>(
  "listExecutions",
  (c) => ({ s: c.startMs, i: c.executionId, o: c.oldestFirst ? 1 : 0 }),
  ({ s, i, o }) => (isMs(s) && typeof i === "string" && (o === 0 || o === 1) ? { startMs: s, executionId: i, oldestFirst: o === 1 } : undefined),
);

export const encodeListCursor = listCursor.encode;

export function decodeListCursor(text: string, oldestFirst: boolean): ListCursor {
  const cursor = listCursor.decode(text);
  if (cursor.oldestFirst !== oldestFirst) {
    throw invalidCursor(`the cursor was made for ${cursor.oldestFirst ? "oldest" : "newest"}-first order`);
  }
  return cursor;
}

// ---- listPendingCallbacks ---------------------------------------------------------------------

/** The last row's (created_ms, callback_id). */
export interface PendingCallbackCursor {
  createdMs: number;
  callbackId: string;
}

const pendingCallbackCursor = keysetCursor<PendingCallbackCursor>(
  "listPendingCallbacks",
  (c) => ({ cb: c.createdMs, id: c.callbackId }),
  ({ cb, id }) => (isMs(cb) && typeof id === "string" ? { createdMs: cb, callbackId: id } : undefined),
);

export const encodePendingCallbackCursor = pendingCallbackCursor.encode;
export const decodePendingCallbackCursor = pendingCallbackCursor.decode;

/** Soonest deadline first: the last row's (deadline sort key, callback_id); see `deadlineSortKey`. */
export interface PendingByDeadlineCursor {
  deadlineKey: number;
  callbackId: string;
}

const pendingByDeadlineCursor = keysetCursor<PendingByDeadlineCursor>(
  "listPendingCallbacks (by deadline)",
  (c) => ({ dl: c.deadlineKey, id: c.callbackId }),
  ({ dl, id }) => (isMs(dl) && typeof id === "string" ? { deadlineKey: dl, callbackId: id } : undefined),
);

export const encodePendingByDeadlineCursor = pendingByDeadlineCursor.encode;
export const decodePendingByDeadlineCursor = pendingByDeadlineCursor.decode;

/** A callback's place in deadline order: its timeout, or after every real one when it has none. */
export function deadlineSortKey(timeoutAt: number | undefined | null): number {
  return timeoutAt ?? Number.MAX_SAFE_INTEGER;
}

// ---- listAudit --------------------------------------------------------------------------------

/** The last record's (timestamp as epoch ms, id). */
export interface AuditCursor {
  atMs: number;
  id: string;
}

const auditCursor = keysetCursor<AuditCursor>(
  "listAudit",
  (c) => ({ at: c.atMs, id: c.id }),
  ({ at, id }) => (isMs(at) && typeof id === "string" ? { atMs: at, id } : undefined),
);

export const encodeAuditCursor = auditCursor.encode;
export const decodeAuditCursor = auditCursor.decode;
