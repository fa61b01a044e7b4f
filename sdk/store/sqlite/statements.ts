/**
 * The fixed statements of the store, prepared once per connection. Statements whose text depends
 * on the call (patched columns, list filters) are prepared on first use and cached by shape in
 * `StatementCache`.
 */
import type Database from "better-sqlite3";
import { EXECUTION_COLUMNS, EXECUTION_FROM, INSERT_EXECUTION_COLUMNS } from "./rows";

export function prepareStatements(db: Database.Database) {
  const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(", ");
  return {
    getExecution: db.prepare(`SELECT ${EXECUTION_COLUMNS} FROM ${EXECUTION_FROM} WHERE e.execution_id = ?`),
    findExecutionByName: db.prepare(
      `SELECT ${EXECUTION_COLUMNS} FROM ${EXECUTION_FROM} WHERE e.function_name = ? AND e.name = ?`,
    ),
    insertExecution: db.prepare(
      `INSERT INTO executions (${INSERT_EXECUTION_COLUMNS.join(", ")}) VALUES (${placeholders(INSERT_EXECUTION_COLUMNS.length)})`,
    ),
    upsertPayloads: db.prepare(
      `INSERT INTO execution_payloads (execution_id, input_payload, result, error) VALUES (?, ?, ?, ?)
       ON CONFLICT (execution_id) DO UPDATE SET
         input_payload = excluded.input_payload, result = excluded.result, error = excluded.error`,
    ),
    /** Skip-scan of the function index: one seek per distinct name instead of reading every row. */
    listFunctionNames: db
      .prepare(
        `WITH RECURSIVE fn (name) AS (
           SELECT MIN(function_name) FROM executions
           UNION ALL
           SELECT (SELECT MIN(function_name) FROM executions WHERE function_name > fn.name) FROM fn
           WHERE fn.name IS NOT NULL
         )
         SELECT name FROM fn WHERE name IS NOT NULL`,
      )
      .pluck(),

    getOperation: db.prepare(
      `SELECT execution_id, seq, operation, timers FROM operations WHERE execution_id = ? AND operation_id = ?`,
    ),
    listOperations: db.prepare(
      `SELECT execution_id, seq, operation, timers FROM operations WHERE execution_id = ? ORDER BY seq, operation_id`,
    ),
    upsertOperation: db.prepare(
      `INSERT INTO operations (execution_id, operation_id, seq, operation, timers) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (execution_id, operation_id) DO UPDATE SET
         seq = excluded.seq, operation = excluded.operation, timers = excluded.timers`,
    ),

    insertEvent: db.prepare(`INSERT INTO events (execution_id, event_id, event) VALUES (?, ?, ?)`),
    historyForward: db.prepare(
      `SELECT event FROM events WHERE execution_id = ? AND event_id > ? ORDER BY event_id LIMIT ?`,
    ),
    historyReverse: db.prepare(
      `SELECT event FROM events WHERE execution_id = ? AND event_id < ? ORDER BY event_id DESC LIMIT ?`,
    ),

    insertLog: db.prepare(
      `INSERT INTO logs (execution_id, seq, timestamp, level, message, data, operation_id, operation_name, attempt, request_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    logsOfExecution: db.prepare(`SELECT * FROM logs WHERE execution_id = ? AND seq > ? ORDER BY seq LIMIT ?`),
    logsOfOperation: db.prepare(
      `SELECT * FROM logs WHERE execution_id = ? AND operation_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    ),

    upsertCallback: db.prepare(
      `INSERT INTO callbacks (callback_id, execution_id, operation_id) VALUES (?, ?, ?)
       ON CONFLICT (callback_id) DO UPDATE SET execution_id = excluded.execution_id, operation_id = excluded.operation_id`,
    ),
    getCallback: db.prepare(`SELECT callback_id, execution_id, operation_id FROM callbacks WHERE callback_id = ?`),

    // INDEXED BY: without statistics SQLite prefers the status index, then sorts every RUNNING row.
    selectDue: db.prepare(
      `SELECT ${EXECUTION_COLUMNS} FROM executions e INDEXED BY executions_due
       LEFT JOIN execution_payloads p ON p.execution_id = e.execution_id
       WHERE e.status = 'RUNNING' AND e.next_wake_at <= @now
         AND (e.lease_owner IS NULL OR e.lease_expires_at <= @now)
       ORDER BY e.next_wake_at, e.execution_id
       LIMIT @limit`,
    ),
    takeLease: db.prepare(
      `UPDATE executions SET lease_owner = ?, lease_expires_at = ?, checkpoint_token = ?, version = version + 1
       WHERE execution_id = ?`,
    ),
    /** How many names and ids start with a prefix, counted up to @cap each (index only). */
    prefixMatches: db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM executions WHERE name >= @p AND name < @pEnd LIMIT @cap))
              + (SELECT COUNT(*) FROM (SELECT 1 FROM executions WHERE execution_id >= @p AND execution_id < @pEnd LIMIT @cap))`,
      )
      .pluck(),
    countByStatus: db.prepare(`SELECT status, SUM(n) AS n FROM execution_counts GROUP BY status`),
    countByStatusOfFunction: db.prepare(
      `SELECT status, SUM(n) AS n FROM execution_counts WHERE function_name = ? GROUP BY status`,
    ),
    nextWakeAt: db
      .prepare(
        `SELECT MIN(next_wake_at) FROM executions INDEXED BY executions_due
         WHERE status = 'RUNNING' AND next_wake_at IS NOT NULL`,
      )
      .pluck(),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

/** Prepared statements keyed by the shape of the SQL that made them. */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(key: string, sql: () => string): Database.Statement {
    let statement = this.statements.get(key);
    if (statement === undefined) {
      statement = this.db.prepare(sql());
      this.statements.set(key, statement);
    }
    return statement;
  }
}
