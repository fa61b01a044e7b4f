/**
 * The audit log in SQLite: one row per record (the record as JSON, plus its sort and filter
 * keys), listed newest first by (ts_ms, id) with a keyset cursor, purged oldest first in
 * batches of one short write transaction each.
 */
import type Database from "better-sqlite3";
import type { AuditPurgeOptions, AuditQuery, AuditRecord, AuditStore, Page } from "../types";
import type { SqliteContext } from "./context";
import { purgeInBatches } from "../purge-batches";
import { decodeAuditCursor, encodeAuditCursor } from "../cursor";
import { clampLimit } from "../list-query";
import { timestampMs } from "../timestamps";
import { asConflict } from "./write-children";

export const DEFAULT_AUDIT_LIMIT = 50;
export const MAX_AUDIT_LIMIT = 1000;
/** Records deleted per purge transaction: small rows, but the write lock is shared with checkpoints. */
const PURGE_BATCH = 500;

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
  private readonly purgeTx: Database.Transaction<(beforeMs: number, limit: number) => number>;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`INSERT INTO audit_log (id, ts_ms, execution_id, record) VALUES (?, ?, ?, ?)`);
    const purgeOldest = db.prepare(
      `DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log INDEXED BY audit_by_time WHERE ts_ms < ? ORDER BY ts_ms, id LIMIT ?)`,
    );
    this.purgeTx = db.transaction((beforeMs: number, limit: number) => purgeOldest.run(beforeMs, limit).changes);
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
    if (cursor) Object.assign(params, { tsMs: cursor.atMs, id: cursor.id });
    const rows = statement.all(params) as Array<{ ts_ms: number; id: string; record: string }>;
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const page: Page<AuditRecord> = { items: rows.map((row) => JSON.parse(row.record) as AuditRecord) };
    const last = rows[rows.length - 1];
    if (more && last) page.nextCursor = encodeAuditCursor({ atMs: last.ts_ms, id: last.id });
    return page;
  }

  /** Oldest first, PURGE_BATCH records per write transaction (each run by `write`, the store's group commit). */
  purge(options: AuditPurgeOptions, write: <T>(work: () => T) => Promise<T>): Promise<number> {
    const beforeMs = timestampMs("before", options.before);
    return purgeInBatches(options.limit, PURGE_BATCH, (size) => write(() => this.purgeTx(beforeMs, size)));
  }
}

/** The audit group: appends share the store's group commit; lists and purges use the log's own statements. */
export function sqliteAudit(ctx: SqliteContext): AuditStore {
  return {
    async append(record) {
      const log = ctx.auditLog;
      await ctx.group.run(() => log.append(record));
    },

    async list(query = {}) {
      return ctx.auditLog.list(query);
    },

    async purge(options) {
      return ctx.auditLog.purge(options, (work) => ctx.group.run(work));
    },
  };
}
