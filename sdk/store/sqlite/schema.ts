/**
 * The SQLite schema. Scalars the store filters or sorts on are real columns; the wire shapes
 * (Operation, HistoryEvent, ErrorObject) are stored as JSON text exactly as the runtime gave them.
 *
 * Large payloads (execution input, result and error) live in `execution_payloads`, not in
 * `executions`: SQLite rewrites a whole row on every UPDATE, and the execution row is updated
 * by every checkpoint, so a 6 MB input kept there would be rewritten (and logged to the WAL)
 * once per step.
 */
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import type Database from "better-sqlite3";
import type { Operation } from "../../types/wire";
import { WalSync } from "./wal-sync";

/** Bumped when the layout changes; stored in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 4;

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS executions (
  execution_id              TEXT PRIMARY KEY NOT NULL,
  arn                       TEXT NOT NULL,
  function_name             TEXT NOT NULL,
  name                      TEXT NOT NULL,
  status                    TEXT NOT NULL,
  start_timestamp           TEXT NOT NULL,
  -- epoch ms of start_timestamp: ISO strings of differing precision do not sort as text
  start_ms                  INTEGER NOT NULL,
  end_timestamp             TEXT,
  -- epoch ms of end_timestamp (retention purge finds old ended executions by it)
  end_ms                    INTEGER,
  execution_timeout_seconds INTEGER,
  next_wake_at              INTEGER,
  lease_owner               TEXT,
  lease_expires_at          INTEGER,
  checkpoint_token          TEXT,
  event_count               INTEGER NOT NULL,
  operation_count           INTEGER NOT NULL,
  log_count                 INTEGER NOT NULL DEFAULT 0,
  invocation_count          INTEGER NOT NULL,
  redrive_count             INTEGER NOT NULL,
  replay_of                 TEXT,
  parent_execution_id       TEXT,
  parent_operation_id       TEXT,
  -- epoch ms: an ended execution whose follow-up (answer its parent, stop its children) may not be done
  follow_up_at              INTEGER,
  -- JSON {requestId, startedAt} of the invocation running now (ExecutionRecord.openInvocation)
  open_invocation           TEXT,
  version                   INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS executions_by_function_and_name ON executions (function_name, name);
-- keyset listing: each index ends in (start_ms, execution_id), the sort key of every list
CREATE INDEX IF NOT EXISTS executions_by_start ON executions (start_ms, execution_id);
CREATE INDEX IF NOT EXISTS executions_by_status_start ON executions (status, start_ms, execution_id);
-- status and end_ms ride along so the functions summary (function-window.ts) reads this index
-- alone; they change once or twice in an execution's life, never per checkpoint
CREATE INDEX IF NOT EXISTS executions_by_function_start_covering
  ON executions (function_name, start_ms, execution_id, status, end_ms);
CREATE INDEX IF NOT EXISTS executions_by_function_status_start
  ON executions (function_name, status, start_ms, execution_id);
-- due timers: only RUNNING executions with a wake time are in this index, so it stays small
CREATE INDEX IF NOT EXISTS executions_due ON executions (next_wake_at, execution_id)
  WHERE status = 'RUNNING' AND next_wake_at IS NOT NULL;
-- ended executions whose follow-up is not yet known to be done (normally none)
CREATE INDEX IF NOT EXISTS executions_follow_up ON executions (follow_up_at, execution_id)
  WHERE follow_up_at IS NOT NULL;
-- retention purge: only ended executions are in this index
CREATE INDEX IF NOT EXISTS executions_ended ON executions (end_ms, execution_id)
  WHERE status <> 'RUNNING' AND end_ms IS NOT NULL;

-- Live count per (function, status), kept by triggers, so unfiltered and per-function status
-- counts read a handful of rows instead of counting a million index entries.
CREATE TABLE IF NOT EXISTS execution_counts (
  function_name TEXT NOT NULL,
  status        TEXT NOT NULL,
  n             INTEGER NOT NULL,
  PRIMARY KEY (function_name, status)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS executions_count_insert AFTER INSERT ON executions BEGIN
  INSERT INTO execution_counts (function_name, status, n) VALUES (NEW.function_name, NEW.status, 1)
    ON CONFLICT (function_name, status) DO UPDATE SET n = n + 1;
END;
-- fires only for UPDATEs whose SET names status or function_name (patches write only patched columns)
CREATE TRIGGER IF NOT EXISTS executions_count_update AFTER UPDATE OF status, function_name ON executions
  WHEN OLD.status IS NOT NEW.status OR OLD.function_name IS NOT NEW.function_name BEGIN
  UPDATE execution_counts SET n = n - 1 WHERE function_name = OLD.function_name AND status = OLD.status;
  INSERT INTO execution_counts (function_name, status, n) VALUES (NEW.function_name, NEW.status, 1)
    ON CONFLICT (function_name, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS executions_count_delete AFTER DELETE ON executions BEGIN
  UPDATE execution_counts SET n = n - 1 WHERE function_name = OLD.function_name AND status = OLD.status;
END;

CREATE TABLE IF NOT EXISTS execution_payloads (
  execution_id  TEXT PRIMARY KEY NOT NULL,
  input_payload TEXT,
  result        TEXT,
  error         TEXT
);

-- Children of an execution are keyed by it. Each B-tree a checkpoint touches is one more page
-- written to the WAL per commit, so indexes here are few: operations are listed in seq order by
-- sorting one execution's rows (no seq index), and insert-only events and logs are clustered on
-- their primary key (WITHOUT ROWID: one B-tree instead of table + key index).
-- event_ids: JSON array of the EventIds of the operation's own events (OperationRecord.eventIds).
-- It rides in the row every checkpoint rewrites anyway, so one operation's events are read by
-- key without an events-by-operation index (which would cost a B-tree write per event).
CREATE TABLE IF NOT EXISTS operations (
  execution_id TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  operation    TEXT NOT NULL,
  timers       TEXT,
  event_ids    TEXT,
  PRIMARY KEY (execution_id, operation_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS events (
  execution_id TEXT NOT NULL,
  event_id     INTEGER NOT NULL,
  event        TEXT NOT NULL,
  PRIMARY KEY (execution_id, event_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS logs (
  execution_id   TEXT NOT NULL,
  seq            INTEGER NOT NULL,
  timestamp      TEXT NOT NULL,
  level          TEXT NOT NULL,
  message        TEXT NOT NULL,
  data           TEXT,
  operation_id   TEXT,
  operation_name TEXT,
  attempt        INTEGER,
  request_id     TEXT,
  PRIMARY KEY (execution_id, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS logs_by_operation ON logs (execution_id, operation_id, seq);

-- Callbacks are looked up by id (answers from outside). The pending ones are in two small
-- partial indexes (the approvals inbox, overall and per function); a callback leaves them when
-- it is answered, times out or is cancelled, or its execution ends.
CREATE TABLE IF NOT EXISTS callbacks (
  callback_id           TEXT PRIMARY KEY NOT NULL,
  execution_id          TEXT NOT NULL,
  operation_id          TEXT NOT NULL,
  pending               INTEGER NOT NULL DEFAULT 0,
  function_name         TEXT NOT NULL DEFAULT '',
  name                  TEXT,
  parent_operation_id   TEXT,
  created_at            TEXT NOT NULL DEFAULT '',
  -- epoch ms of created_at: the inbox sort key
  created_ms            INTEGER NOT NULL DEFAULT 0,
  timeout_at            INTEGER,
  heartbeat_deadline_at INTEGER,
  -- the JSON Schema its answer must satisfy (JSON text), when the handler gave one
  answer_schema         TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS callbacks_by_execution ON callbacks (execution_id);
CREATE INDEX IF NOT EXISTS callbacks_pending ON callbacks (created_ms, callback_id) WHERE pending = 1;
CREATE INDEX IF NOT EXISTS callbacks_pending_by_function
  ON callbacks (function_name, created_ms, callback_id) WHERE pending = 1;
-- The inbox sorted by deadline (soonest timeout first, none last): the key is DEADLINE_KEY_SQL.
CREATE INDEX IF NOT EXISTS callbacks_pending_by_deadline
  ON callbacks (coalesce(timeout_at, 9007199254740991), callback_id) WHERE pending = 1;
CREATE INDEX IF NOT EXISTS callbacks_pending_by_function_deadline
  ON callbacks (function_name, coalesce(timeout_at, 9007199254740991), callback_id) WHERE pending = 1;

-- The audit log: who did what to which execution, newest first by (ts_ms, id). Kept apart from
-- execution data (the retention purge does not touch it); the whole record is JSON, the columns
-- are its sort and filter keys. Added without a schema version bump: older code ignores it.
CREATE TABLE IF NOT EXISTS audit_log (
  id           TEXT PRIMARY KEY NOT NULL,
  ts_ms        INTEGER NOT NULL,
  execution_id TEXT,
  record       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS audit_by_time ON audit_log (ts_ms, id);
CREATE INDEX IF NOT EXISTS audit_by_execution ON audit_log (execution_id, ts_ms, id) WHERE execution_id IS NOT NULL;

-- Worker heartbeat rows (WorkerRecord as JSON, a handful of rows, read whole). Added without a
-- schema version bump: older code ignores it.
CREATE TABLE IF NOT EXISTS workers (
  worker_id TEXT PRIMARY KEY NOT NULL,
  record    TEXT NOT NULL
) WITHOUT ROWID;

-- Jobs over many executions (JobRecord as JSON; sdk/store/jobs.ts) and what each did to each
-- execution, in the order recorded. Added without a schema version bump: older code ignores them.
CREATE TABLE IF NOT EXISTS jobs (
  job_id  TEXT PRIMARY KEY NOT NULL,
  version INTEGER NOT NULL,
  active  INTEGER NOT NULL,
  record  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS jobs_active ON jobs (job_id) WHERE active = 1;
CREATE TABLE IF NOT EXISTS job_outcomes (
  job_id       TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  execution_id TEXT NOT NULL,
  record       TEXT NOT NULL,
  PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;

-- Functions registered by workers (a handful of rows, read whole).
CREATE TABLE IF NOT EXISTS functions (
  name                      TEXT PRIMARY KEY NOT NULL,
  kind                      TEXT NOT NULL,
  description               TEXT,
  -- JSON text of an input that works (FunctionRecord.sampleInput); added without a version bump
  sample_input              TEXT,
  execution_timeout_seconds INTEGER,
  registered_at             TEXT NOT NULL,
  last_seen_at              TEXT NOT NULL
) WITHOUT ROWID;
`;

/** Columns older files lack, added before the schema (and its new indexes) is applied. */
const V2_COLUMNS: Record<string, string[]> = {
  executions: ["end_ms INTEGER", "log_count INTEGER NOT NULL DEFAULT 0"],
  callbacks: [
    "pending INTEGER NOT NULL DEFAULT 0",
    "function_name TEXT NOT NULL DEFAULT ''",
    "name TEXT",
    "parent_operation_id TEXT",
    "created_at TEXT NOT NULL DEFAULT ''",
    "created_ms INTEGER NOT NULL DEFAULT 0",
    "timeout_at INTEGER",
    "heartbeat_deadline_at INTEGER",
  ],
};
const V3_COLUMNS: Record<string, string[]> = { operations: ["event_ids TEXT"] };
const V4_COLUMNS: Record<string, string[]> = { executions: ["follow_up_at INTEGER", "open_invocation TEXT"] };
/** Nullable, nothing to backfill, ignored by older code (which leaves it as it finds it). */
const FUNCTION_COLUMNS: Record<string, string[]> = { functions: ["sample_input TEXT"], callbacks: ["answer_schema TEXT"] };

function columnsOf(db: Database.Database, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
}

/** Adds the given columns to the tables of an older file; true when anything was added. */
function addMissingColumns(db: Database.Database, columns: Record<string, string[]>): boolean {
  let added = false;
  for (const [table, definitions] of Object.entries(columns)) {
    const existing = columnsOf(db, table);
    if (existing.size === 0) continue; // a new file: CREATE TABLE makes it whole
    for (const definition of definitions) {
      if (existing.has(definition.split(" ")[0]!)) continue;
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${definition}`);
      added = true;
    }
  }
  return added;
}

/**
 * Fills the version-2 columns of rows written by version 1: log counters continue after the
 * highest log seq (the old seqs were version-based, so new logs still sort after them), end
 * times in ms, and callback details read from their CALLBACK operations. A callback is pending
 * when its operation is STARTED under that id in a RUNNING execution.
 */
function backfillV2(db: Database.Database): void {
  db.exec(`UPDATE executions SET log_count = COALESCE((SELECT MAX(seq) FROM logs WHERE logs.execution_id = executions.execution_id), 0)`);
  const ended = db.prepare(`SELECT execution_id, end_timestamp FROM executions WHERE end_timestamp IS NOT NULL`).all() as {
    execution_id: string;
    end_timestamp: string;
  }[];
  const setEnd = db.prepare(`UPDATE executions SET end_ms = ? WHERE execution_id = ?`);
  for (const row of ended) {
    const ms = Date.parse(row.end_timestamp);
    if (Number.isFinite(ms)) setEnd.run(ms, row.execution_id);
  }
  const callbacks = db
    .prepare(
      `SELECT c.callback_id, e.function_name, e.status, o.operation, o.timers,
              (SELECT p.operation FROM operations p
                WHERE p.execution_id = c.execution_id AND p.operation_id = json_extract(o.operation, '$.ParentId')) AS parent
       FROM callbacks c
       JOIN executions e ON e.execution_id = c.execution_id
       JOIN operations o ON o.execution_id = c.execution_id AND o.operation_id = c.operation_id`,
    )
    .all() as { callback_id: string; function_name: string; status: string; operation: string; timers: string | null; parent: string | null }[];
  const setCallback = db.prepare(
    `UPDATE callbacks SET pending = ?, function_name = ?, name = ?, parent_operation_id = ?, created_at = ?, created_ms = ?,
       timeout_at = ?, heartbeat_deadline_at = ? WHERE callback_id = ?`,
  );
  for (const row of callbacks) {
    const op = JSON.parse(row.operation) as Operation;
    const parent = row.parent === null ? undefined : (JSON.parse(row.parent) as Operation);
    const timers = (row.timers === null ? {} : JSON.parse(row.timers)) as { callbackTimeoutAt?: number; heartbeatDeadlineAt?: number };
    const pending = row.status === "RUNNING" && op.Status === "STARTED" && op.CallbackDetails?.CallbackId === row.callback_id;
    const createdMs = Date.parse(op.StartTimestamp);
    setCallback.run(
      pending ? 1 : 0,
      row.function_name,
      op.Name ?? (parent?.Type === "CONTEXT" ? parent.Name : undefined) ?? null,
      op.ParentId ?? null,
      op.StartTimestamp,
      Number.isFinite(createdMs) ? createdMs : 0,
      timers.callbackTimeoutAt ?? null,
      timers.heartbeatDeadlineAt ?? null,
      row.callback_id,
    );
  }
}

/**
 * Fills `operations.event_ids` of a file written before version 3 from the events themselves
 * (each event names its operation in `$.Id`): one pass over the events, grouped, instead of one
 * history scan per operation. Operations without events get an empty list.
 */
function backfillEventIds(db: Database.Database): void {
  db.exec(`UPDATE operations SET event_ids = '[]' WHERE event_ids IS NULL`);
  db.exec(`UPDATE operations SET event_ids = g.ids
    FROM (SELECT execution_id, json_extract(event, '$.Id') AS operation_id, json_group_array(event_id ORDER BY event_id) AS ids
          FROM events WHERE json_extract(event, '$.Id') IS NOT NULL
          GROUP BY execution_id, json_extract(event, '$.Id')) AS g
    WHERE operations.execution_id = g.execution_id AND operations.operation_id = g.operation_id`);
}

export type SynchronousMode = "FULL" | "NORMAL" | "OFF";

/** Connection settings; run on every connection before anything else. */
export function configureConnection(db: Database.Database, synchronous: SynchronousMode): WalSync | undefined {
  if (!["FULL", "NORMAL", "OFF"].includes(synchronous)) {
    throw new TypeError(`synchronous must be FULL, NORMAL or OFF, got ${JSON.stringify(synchronous)}`);
  }
  // WAL: readers never block the writer, and several processes can share the file.
  const wal = db.pragma("journal_mode = WAL", { simple: true }) === "wal";
  db.pragma("temp_store = MEMORY");
  if (synchronous === "FULL" && wal) {
    // FULL: a commit is on disk before it is acknowledged (the durability promise of a
    // checkpoint). The store syncs the WAL itself, off the event loop (wal-sync.ts), so SQLite
    // runs NORMAL underneath: it still syncs around its checkpoints, which keeps the file whole.
    db.pragma("synchronous = NORMAL");
    // SQLite follows a symlinked database to its file and keeps the WAL beside that file.
    return new WalSync(realpathSync(resolve(db.name)));
  }
  // An in-memory database (or one that cannot use WAL) gets SQLite's own setting.
  db.pragma(`synchronous = ${synchronous}`);
  return undefined;
}

/** Creates the tables (idempotent) in one write transaction, so concurrent openers agree. */
export function applySchema(db: Database.Database): void {
  db.transaction(() => {
    const found = db.pragma("user_version", { simple: true }) as number;
    if (found > SCHEMA_VERSION) {
      throw new Error(
        `store file uses schema version ${found}, newer than this code understands (${SCHEMA_VERSION}); upgrade the SDK`,
      );
    }
    const hadCounts = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'execution_counts'`).get() !== undefined;
    const migrated = addMissingColumns(db, V2_COLUMNS);
    const listsAdded = addMissingColumns(db, V3_COLUMNS);
    // Version 4 adds nullable columns and nothing to backfill: older files ended their children
    // with the parent answered or (if a worker died between) stranded, as before; an invocation
    // open in an older file is marked on its EXECUTION operation, which the runtime still reads.
    addMissingColumns(db, V4_COLUMNS);
    addMissingColumns(db, FUNCTION_COLUMNS);
    // Version 4 widened this index (executions_by_function_start_covering, created below).
    db.exec(`DROP INDEX IF EXISTS executions_by_function_start`);
    // Served the name-prefix search; a search now finds text anywhere, which no index answers.
    db.exec(`DROP INDEX IF EXISTS executions_by_name`);
    db.exec(SCHEMA_SQL);
    if (migrated) backfillV2(db);
    if (listsAdded) backfillEventIds(db);
    if (!hadCounts) {
      // The counters start from what is there (nothing, for a new file).
      db.exec(`INSERT INTO execution_counts (function_name, status, n)
               SELECT function_name, status, COUNT(*) FROM executions GROUP BY function_name, status`);
    }
    if (found < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
