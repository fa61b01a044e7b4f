/**
 * The SQLite schema. Scalars the store filters or sorts on are real columns; the wire shapes
 * (Operation, HistoryEvent, ErrorObject) are stored as JSON text exactly as the runtime gave them.
 *
 * Large payloads (execution input, result and error) live in `execution_payloads`, not in
 * `executions`: SQLite rewrites a whole row on every UPDATE, and the execution row is updated
 * by every checkpoint, so a 6 MB input kept there would be rewritten (and logged to the WAL)
 * once per step.
 */
import type Database from "better-sqlite3";

/** Bumped when the layout changes; stored in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 1;

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
  execution_timeout_seconds INTEGER,
  next_wake_at              INTEGER,
  lease_owner               TEXT,
  lease_expires_at          INTEGER,
  checkpoint_token          TEXT,
  event_count               INTEGER NOT NULL,
  operation_count           INTEGER NOT NULL,
  invocation_count          INTEGER NOT NULL,
  redrive_count             INTEGER NOT NULL,
  replay_of                 TEXT,
  parent_execution_id       TEXT,
  parent_operation_id       TEXT,
  version                   INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS executions_by_function_and_name ON executions (function_name, name);
-- keyset listing: each index ends in (start_ms, execution_id), the sort key of every list
CREATE INDEX IF NOT EXISTS executions_by_start ON executions (start_ms, execution_id);
CREATE INDEX IF NOT EXISTS executions_by_status_start ON executions (status, start_ms, execution_id);
CREATE INDEX IF NOT EXISTS executions_by_function_start ON executions (function_name, start_ms, execution_id);
CREATE INDEX IF NOT EXISTS executions_by_function_status_start
  ON executions (function_name, status, start_ms, execution_id);
-- name prefix search (the execution_id prefix uses the primary key)
CREATE INDEX IF NOT EXISTS executions_by_name ON executions (name);
-- due timers: only RUNNING executions with a wake time are in this index, so it stays small
CREATE INDEX IF NOT EXISTS executions_due ON executions (next_wake_at, execution_id)
  WHERE status = 'RUNNING' AND next_wake_at IS NOT NULL;

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
CREATE TABLE IF NOT EXISTS operations (
  execution_id TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  operation    TEXT NOT NULL,
  timers       TEXT,
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

CREATE TABLE IF NOT EXISTS callbacks (
  callback_id  TEXT PRIMARY KEY NOT NULL,
  execution_id TEXT NOT NULL,
  operation_id TEXT NOT NULL
) WITHOUT ROWID;
`;

export type SynchronousMode = "FULL" | "NORMAL" | "OFF";

/** Connection settings; run on every connection before anything else. */
export function configureConnection(db: Database.Database, synchronous: SynchronousMode): void {
  if (!["FULL", "NORMAL", "OFF"].includes(synchronous)) {
    throw new TypeError(`synchronous must be FULL, NORMAL or OFF, got ${JSON.stringify(synchronous)}`);
  }
  // WAL: readers never block the writer, and several processes can share the file.
  db.pragma("journal_mode = WAL");
  // FULL: a commit is on disk before it is acknowledged (the durability promise of a checkpoint).
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma("temp_store = MEMORY");
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
    db.exec(SCHEMA_SQL);
    if (!hadCounts) {
      // The counters start from what is there (nothing, for a new file).
      db.exec(`INSERT INTO execution_counts (function_name, status, n)
               SELECT function_name, status, COUNT(*) FROM executions GROUP BY function_name, status`);
    }
    if (found < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
