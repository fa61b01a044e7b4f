/**
 * The audit log in SQLite: one row per record (the record as JSON, plus its sort and filter
 * keys), listed newest first by (ts_ms, id) with a keyset cursor.
 */
import type Database from "better-sqlite3";
import { StoreError, type AuditQuery, type AuditRecord, type Page } from "../types";
import { clampLimit } from "./list-queries";
import { timestampMs } from "./rows";
import { asConflict } from "./write-children";

export const DEFAULT_AUDIT_LIMIT = 50;
export const MAX_AUDIT_LIMIT = 1000;

interface AuditCursor {
  tsMs: number;
  id: string;
}

function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify({ at: cursor.tsMs, id: cursor.id }), "utf8").toString("base64url");
}

function decodeAuditCursor(text: string): AuditCursor {
  const invalid = () => new StoreError("INVALID_CURSOR", "invalid cursor: not a cursor returned by listAudit");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== "object" || parsed === null) throw invalid();
  const { at, id } = parsed as Record<string, unknown>;
  if (!Number.isSafeInteger(at) || typeof id !== "string") throw invalid();
  const cursor = { tsMs: at as number, id };
  // Node's base64url decoder skips characters it does not know; re-encoding catches edited cursors.
  if (encodeAuditCursor(cursor) !== text) throw invalid();
  return cursor;
}

function auditSql(byExecution: boolean, withCursor: boolean): string {
  const terms: string[] = [];
  if (byExecution) terms.push("execution_id = @executionId");
  if (withCursor) terms.push("(ts_ms, id) < (@tsMs, @id)");
  return (
    `SELECT ts_ms, id, record FROM audit_log INDEXED BY ${byExecution ? "audit_by_execution" : "audit_by_time"}` +
    `${terms.length ? ` WHERE ${terms.join(" AND ")}` : ""} ORDER BY ts_ms DESC, id DESC LIMIT @limit`
  );
}

export class SqliteAuditLog {
  private readonly insert: Database.Statement;
  private readonly lists = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`INSERT INTO audit_log (id, ts_ms, execution_id, record) VALUES (?, ?, ?, ?)`);
  }

  /** Runs inside the caller's transaction (the store's group commit). */
  append(record: AuditRecord): void {
    if (typeof record.id !== "string" || record.id === "") throw new TypeError("audit record id must be a non-empty string");
    const tsMs = timestampMs("timestamp", record.timestamp);
    try {
      this.insert.run(record.id, tsMs, record.executionId ?? null, JSON.stringify(record));
    } catch (error) {
      throw asConflict(error, `audit record ${record.id} already exists`);
    }
  }

  list(query: AuditQuery = {}): Page<AuditRecord> {
    const limit = clampLimit(query.limit, DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT);
    const cursor = query.cursor === undefined ? undefined : decodeAuditCursor(query.cursor);
    const byExecution = query.executionId !== undefined;
    const key = `${byExecution ? 1 : 0}${cursor ? 1 : 0}`;
    let statement = this.lists.get(key);
    if (!statement) {
      statement = this.db.prepare(auditSql(byExecution, cursor !== undefined));
      this.lists.set(key, statement);
    }
    const params: Record<string, unknown> = { limit: limit + 1 };
    if (byExecution) params.executionId = query.executionId;
    if (cursor) Object.assign(params, { tsMs: cursor.tsMs, id: cursor.id });
    const rows = statement.all(params) as Array<{ ts_ms: number; id: string; record: string }>;
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const page: Page<AuditRecord> = { items: rows.map((row) => JSON.parse(row.record) as AuditRecord) };
    const last = rows[rows.length - 1];
    if (more && last) page.nextCursor = encodeAuditCursor({ tsMs: last.ts_ms, id: last.id });
    return page;
  }
}
