/**
 * The fixed statements of the store, prepared once per connection. Statements whose text depends
 * on the call (patched columns, list filters) are prepared on first use and cached by shape in
 * `StatementCache`.
 */
import type Database from "better-sqlite3";
import { CALLBACK_COLUMNS, EXECUTION_COLUMNS, EXECUTION_FROM, INSERT_EXECUTION_COLUMNS } from "./rows";

/** What a pending-callbacks statement filters on and how it orders; one statement per shape. */
export interface PendingCallbacksShape {
  byFunction?: boolean;
  byName?: boolean;
  withCursor?: boolean;
  /** "deadline": soonest timeout first, no timeout last (see `deadlineSortKey`). */
  byDeadline?: boolean;
}

/** The deadline sort key in SQL: the same expression as the deadline indexes, so they serve it. */
export const DEADLINE_KEY_SQL = `coalesce(c.timeout_at, ${Number.MAX_SAFE_INTEGER})`;

/**
 * The approvals inbox. The pending partial index of the order (and function, when filtered)
 * drives the loop (CROSS JOIN keeps it outside) and each row looks up its own execution by
 * primary key for the RUNNING check and the execution name. A name filter is checked per row.
 */
export function pendingCallbacksSql(shape: PendingCallbacksShape): string {
  const terms = ["c.pending = 1", "e.status = 'RUNNING'"];
  if (shape.byFunction) terms.push("c.function_name = @fn");
  if (shape.byName) terms.push("c.name = @name");
  const [key, index] = shape.byDeadline
    ? [`${DEADLINE_KEY_SQL}, c.callback_id`, shape.byFunction ? "callbacks_pending_by_function_deadline" : "callbacks_pending_by_deadline"]
    : ["c.created_ms, c.callback_id", shape.byFunction ? "callbacks_pending_by_function" : "callbacks_pending"];
  if (shape.withCursor) {
    // The leading `>=` on the deadline key alone lets SQLite seek the expression index; the row
    // value comparison then drops the rows up to and including the cursor's.
    if (shape.byDeadline) terms.push(`${DEADLINE_KEY_SQL} >= @cKey`);
    terms.push(`(${key}) > (@cKey, @cId)`);
  }
  return (
    `SELECT c.*, e.name AS execution_name ` +
    `FROM callbacks c INDEXED BY ${index} ` +
    `CROSS JOIN executions e ON e.execution_id = c.execution_id ` +
    `WHERE ${terms.join(" AND ")} ORDER BY ${key} LIMIT @limit`
  );
}

/** Events of one execution by EventId, the ids given as one JSON array parameter. */
export const OPERATION_EVENTS_BY_IDS_SQL = `SELECT event FROM events
  WHERE execution_id = ? AND event_id IN (SELECT value FROM json_each(?)) ORDER BY event_id`;

/**
 * Due executions in wake-time order, optionally only those of the functions in the JSON array
 * @functions (a claimer's own: another worker's executions are passed over, not counted against
 * the limit). INDEXED BY: without statistics SQLite prefers the status index, then sorts every
 * RUNNING row; the function test is made on each row the wake-time index yields, in its order.
 */
function dueSql(ofFunctions: boolean): string {
  return `SELECT ${EXECUTION_COLUMNS} FROM executions e INDEXED BY executions_due
       LEFT JOIN execution_payloads p ON p.execution_id = e.execution_id
       WHERE ${dueTerms(ofFunctions)}
       ORDER BY e.next_wake_at, e.execution_id
       LIMIT @limit`;
}

/** Whether dueSql would find a row: 1 or nothing. */
function anyDueSql(ofFunctions: boolean): string {
  return `SELECT 1 FROM executions e INDEXED BY executions_due WHERE ${dueTerms(ofFunctions)} LIMIT 1`;
}

function dueTerms(ofFunctions: boolean): string {
  return `e.status = 'RUNNING' AND e.next_wake_at <= @now
         AND (e.lease_owner IS NULL OR e.lease_expires_at <= @now)${ofFunctions ? FUNCTION_TERM : ""}`;
}

/** The earliest wake time (of the functions in @functions): the wake-time index's first matching entry. */
function nextWakeSql(ofFunctions: boolean): string {
  return `SELECT e.next_wake_at FROM executions e INDEXED BY executions_due
       WHERE e.status = 'RUNNING' AND e.next_wake_at IS NOT NULL${ofFunctions ? FUNCTION_TERM : ""}
       ORDER BY e.next_wake_at LIMIT 1`;
}

const FUNCTION_TERM = `
         AND e.function_name IN (SELECT value FROM json_each(@functions))`;

/** Ended executions, oldest end first (the retention purge's candidates). */
export const PURGEABLE_SQL = `SELECT execution_id FROM executions INDEXED BY executions_ended
  WHERE status <> 'RUNNING' AND end_ms IS NOT NULL AND end_ms < ? AND follow_up_at IS NULL
  ORDER BY end_ms, execution_id LIMIT ?`;

/** Everything of one execution, child tables first; each statement seeks by execution id. */
export const PURGE_EXECUTION_SQL = [
  `DELETE FROM operations WHERE execution_id = ?`,
  `DELETE FROM events WHERE execution_id = ?`,
  `DELETE FROM logs WHERE execution_id = ?`,
  `DELETE FROM callbacks WHERE execution_id = ?`,
  `DELETE FROM execution_payloads WHERE execution_id = ?`,
  `DELETE FROM executions WHERE execution_id = ?`,
];

export function prepareStatements(db: Database.Database) {
  const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(", ");
  return {
    getExecution: db.prepare(`SELECT ${EXECUTION_COLUMNS} FROM ${EXECUTION_FROM} WHERE e.execution_id = ?`),
    // Just the version: enough to reuse the record this connection wrote last (execution-cache.ts).
    getExecutionVersion: db.prepare(`SELECT version FROM executions WHERE execution_id = ?`).pluck(),
    // What stamps the operations cache's entries (operations-cache.ts), as [version, start_ms].
    getExecutionStamp: db.prepare(`SELECT version, start_ms, status FROM executions WHERE execution_id = ?`).raw(),
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
      `SELECT execution_id, seq, operation, timers, event_ids FROM operations WHERE execution_id = ? AND operation_id = ?`,
    ),
    // Rows as arrays (`raw`): better-sqlite3 builds an object per row key by key, which cost more
    // than the read itself when an invocation lists a thousand operations (rowsToOperations).
    listOperations: db
      .prepare(`SELECT seq, operation, timers, event_ids FROM operations WHERE execution_id = ? ORDER BY seq, operation_id`)
      .raw(),
    upsertOperation: db.prepare(
      `INSERT INTO operations (execution_id, operation_id, seq, operation, timers, event_ids) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (execution_id, operation_id) DO UPDATE SET
         seq = excluded.seq, operation = excluded.operation, timers = excluded.timers, event_ids = excluded.event_ids`,
    ),

    insertEvent: db.prepare(`INSERT INTO events (execution_id, event_id, event) VALUES (?, ?, ?)`),
    historyForward: db.prepare(
      `SELECT event FROM events WHERE execution_id = ? AND event_id > ? ORDER BY event_id LIMIT ?`,
    ),
    /** One operation's events by primary key: the ids come as a JSON array (its event_ids). */
    eventsByIds: db.prepare(OPERATION_EVENTS_BY_IDS_SQL),
    /** For operations written without event_ids: the execution's events that name it (a scan of one history). */
    eventsNamingOperation: db.prepare(
      `SELECT event FROM events WHERE execution_id = ? AND json_extract(event, '$.Id') = ? ORDER BY event_id`,
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
      `INSERT INTO callbacks (${CALLBACK_COLUMNS.join(", ")}) VALUES (${placeholders(CALLBACK_COLUMNS.length)})
       ON CONFLICT (callback_id) DO UPDATE SET ${CALLBACK_COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(", ")}`,
    ),
    /** Changes only the fields a patch names (@set* = 1); no row changed = not this execution's callback. */
    patchCallback: db.prepare(
      `UPDATE callbacks SET
         pending = CASE WHEN @setPending = 1 THEN @pending ELSE pending END,
         heartbeat_deadline_at = CASE WHEN @setHeartbeat = 1 THEN @heartbeat ELSE heartbeat_deadline_at END
       WHERE callback_id = @id AND execution_id = @executionId`,
    ),
    getCallback: db.prepare(`SELECT * FROM callbacks WHERE callback_id = ?`),

    upsertFunction: db.prepare(
      `INSERT INTO functions (name, kind, description, sample_input, execution_timeout_seconds, registered_at, last_seen_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, description = excluded.description,
         sample_input = excluded.sample_input, execution_timeout_seconds = excluded.execution_timeout_seconds,
         last_seen_at = excluded.last_seen_at`,
    ),
    listFunctions: db.prepare(`SELECT * FROM functions ORDER BY name`),
    getFunction: db.prepare(`SELECT * FROM functions WHERE name = ?`),

    selectPurgeable: db.prepare(PURGEABLE_SQL).pluck(),
    purgeExecution: PURGE_EXECUTION_SQL.map((sql) => db.prepare(sql)),

    selectDue: db.prepare(dueSql(false)),
    selectDueOfFunctions: db.prepare(dueSql(true)),
    anyDue: db.prepare(anyDueSql(false)).pluck(),
    anyDueOfFunctions: db.prepare(anyDueSql(true)).pluck(),
    selectFollowUpsDue: db.prepare(
      `SELECT ${EXECUTION_COLUMNS} FROM executions e INDEXED BY executions_follow_up
       LEFT JOIN execution_payloads p ON p.execution_id = e.execution_id
       WHERE e.follow_up_at IS NOT NULL AND e.follow_up_at <= @now AND e.status <> 'RUNNING'
       ORDER BY e.follow_up_at, e.execution_id
       LIMIT @limit`,
    ),
    takeLease: db.prepare(
      `UPDATE executions SET lease_owner = ?, lease_expires_at = ?, checkpoint_token = ?, version = version + 1
       WHERE execution_id = ?`,
    ),
    countByStatus: db.prepare(`SELECT status, SUM(n) AS n FROM execution_counts GROUP BY status`),
    countByStatusOfFunction: db.prepare(
      `SELECT status, SUM(n) AS n FROM execution_counts WHERE function_name = ? GROUP BY status`,
    ),
    nextWakeAt: db.prepare(nextWakeSql(false)).pluck(),
    nextWakeAtOfFunctions: db.prepare(nextWakeSql(true)).pluck(),
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
