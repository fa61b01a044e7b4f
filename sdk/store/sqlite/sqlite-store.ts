/**
 * The embedded store: one SQLite file in WAL mode, shareable by several processes.
 *
 * Every write is one `BEGIN IMMEDIATE` transaction: it takes the file's write lock before
 * reading, so the read-check-write of `transact` and `claimDue` cannot interleave with another
 * connection's (SQLite allows one writer at a time; others wait up to `busyTimeoutMs`).
 * better-sqlite3 is synchronous, so the async methods here never yield mid-transaction.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { EXECUTION_STATUSES, type ExecutionStatus, type HistoryEvent } from "../../types/wire";
import {
  type AuditPurgeOptions,
  type AuditQuery,
  type AuditRecord,
  type CallbackRecord,
  type ClaimOptions,
  type DurableStore,
  type ExecutionMutation,
  type ExecutionQuery,
  type ExecutionRecord,
  type FunctionRecord,
  type FunctionWindow,
  type FunctionWindowQuery,
  type HistoryQuery,
  type LogQuery,
  type LogRecord,
  type NewExecution,
  type OperationRecord,
  type OperationWithEvents,
  type Page,
  type PendingCallbackQuery,
  type PendingCallbackView,
  type PurgeOptions,
  type TransactOptions,
  type TransactSnapshot,
  type WakeQuery,
} from "../types";
import { encodeListCursor } from "./cursor";
import { transactInTransaction, type BuildFn } from "./transact";
import { claimInTransaction } from "./claims";
import { purgeInBatches } from "../purge-batches";
import { FUNCTION_WINDOW_SQL, readFunctionWindow } from "./function-window";
import { buildCountQuery, buildListQuery, clampLimit, normalizeListQuery } from "./list-queries";
import {
  executionRowValues,
  payloadValues,
  rowToEvent,
  rowToCallback,
  rowToExecution,
  rowToFunction,
  rowToLog,
  rowToOperation,
  timestampMs,
  type CallbackRow,
  type ExecutionRow,
  type FunctionRow,
  type LogRow,
  type OperationRow,
} from "./rows";
import { listPendingCallbacks } from "./pending-callbacks";
import { asConflict, writeChildren } from "./write-children";
import { StoreNotFoundError } from "../open-errors";
import { applySchema, configureConnection, type SynchronousMode } from "./schema";
import { GroupCommitter } from "./group-commit";
import { SqliteAuditLog } from "./audit";
import { StatementCache, prepareStatements, type Statements } from "./statements";

export interface SqliteStoreOptions {
  /** File path, or ":memory:" for a private in-memory database (tests). */
  path: string;
  /** FULL (default): a commit is on disk before it returns. NORMAL may lose the last commits on power loss. */
  synchronous?: SynchronousMode;
  /** How long a writer waits for another connection's write lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /**
   * Open only a file that exists: a missing one throws StoreNotFoundError and nothing (file,
   * folder, -wal/-shm) is created. For tools that only read or steer what is already there.
   */
  mustExist?: boolean;
}

export const DEFAULT_HISTORY_LIMIT = 100;
export const MAX_HISTORY_LIMIT = 1000;
export const DEFAULT_LOG_LIMIT = 100;
export const MAX_LOG_LIMIT = 1000;
/** Executions deleted per purge transaction. */
const PURGE_BATCH = 50;

export class SqliteStore implements DurableStore {
  readonly kind = "sqlite";
  readonly path: string;
  private readonly db: Database.Database;
  private statements?: Statements;
  private auditLog?: SqliteAuditLog;
  private readonly cache: StatementCache;
  private closed = false;
  /** Checkpoints and starts from concurrent invocations share one commit (one fsync). */
  private readonly group: GroupCommitter;
  private readonly claimTx: Database.Transaction<(options: ClaimOptions) => ExecutionRecord[]>;
  private readonly putFunctionsTx: Database.Transaction<(records: FunctionRecord[]) => void>;
  private readonly purgeTx: Database.Transaction<(endedBeforeMs: number, limit: number) => number>;

  constructor(options: SqliteStoreOptions) {
    this.path = options.path;
    const mustExist = options.mustExist === true && options.path !== ":memory:";
    if (mustExist && !existsSync(options.path)) throw new StoreNotFoundError(options.path);
    if (options.path !== ":memory:" && !mustExist) mkdirSync(dirname(resolve(options.path)), { recursive: true });
    try {
      this.db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5000, fileMustExist: mustExist });
    } catch (error) {
      // Deleted between the check and the open.
      if (mustExist && !existsSync(options.path)) throw new StoreNotFoundError(options.path);
      throw error;
    }
    try {
      configureConnection(this.db, options.synchronous ?? "FULL");
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.cache = new StatementCache(this.db);
    this.group = new GroupCommitter(this.db);
    this.claimTx = this.db.transaction((options: ClaimOptions) => claimInTransaction(this.s, options));
    this.putFunctionsTx = this.db.transaction((records: FunctionRecord[]) => {
      for (const r of records) {
        this.s.upsertFunction.run(
          r.name,
          r.kind,
          r.description ?? null,
          r.sampleInput ?? null,
          r.executionTimeoutSeconds ?? null,
          r.registeredAt,
          r.lastSeenAt,
        );
      }
    });
    this.purgeTx = this.db.transaction((endedBeforeMs: number, limit: number) => {
      const ids = this.s.selectPurgeable.all(endedBeforeMs, limit) as string[];
      for (const id of ids) for (const statement of this.s.purgeExecution) statement.run(id);
      return ids.length;
    });
  }

  async init(): Promise<void> {
    if (this.statements) return;
    applySchema(this.db);
    this.statements = prepareStatements(this.db);
    this.auditLog = new SqliteAuditLog(this.db);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      // Lets SQLite refresh planner statistics for the indexes this connection used. Best
      // effort: it needs the write lock, and closing must not fail because another process holds it.
      if (this.statements) this.db.pragma("optimize");
    } catch {
      // statistics stay as they were
    }
    this.db.close();
  }

  private get s(): Statements {
    if (this.statements) return this.statements;
    throw new Error(this.closed ? "SqliteStore is closed" : "SqliteStore.init() must be called before use");
  }

  // ---- executions ---------------------------------------------------------------------------

  async createExecution(input: NewExecution): Promise<{ execution: ExecutionRecord; created: boolean }> {
    return this.group.run(() => this.createInTransaction(input));
  }

  private createInTransaction(input: NewExecution): { execution: ExecutionRecord; created: boolean } {
    const { execution } = input;
    const existing = this.s.findExecutionByName.get(execution.functionName, execution.name) as ExecutionRow | undefined;
    if (existing) return { execution: rowToExecution(existing), created: false };
    try {
      this.s.insertExecution.run(executionRowValues(execution));
    } catch (error) {
      throw asConflict(error, `execution ${execution.executionId} already exists`);
    }
    this.s.upsertPayloads.run(execution.executionId, ...payloadValues(execution));
    writeChildren(this.s, execution.executionId, { putOperations: input.operations, events: input.events });
    return { execution: { ...execution }, created: true };
  }

  async getExecution(executionId: string): Promise<ExecutionRecord | undefined> {
    const row = this.s.getExecution.get(executionId) as ExecutionRow | undefined;
    return row && rowToExecution(row);
  }

  async findExecutionByName(functionName: string, name: string): Promise<ExecutionRecord | undefined> {
    const row = this.s.findExecutionByName.get(functionName, name) as ExecutionRow | undefined;
    return row && rowToExecution(row);
  }

  async listExecutions(query: ExecutionQuery): Promise<Page<ExecutionRecord>> {
    const normalized = normalizeListQuery(query);
    const built = buildListQuery(normalized);
    const rows = this.cache.get(built.key, () => built.sql).all(built.params) as ExecutionRow[];
    const more = rows.length > normalized.limit;
    if (more) rows.length = normalized.limit;
    const items = rows.map(rowToExecution);
    const last = rows[rows.length - 1];
    const page: Page<ExecutionRecord> = { items };
    if (more && last) {
      page.nextCursor = encodeListCursor({
        startMs: last.start_ms,
        executionId: last.execution_id,
        oldestFirst: normalized.oldestFirst,
      });
    }
    return page;
  }

  async countExecutionsByStatus(query: ExecutionQuery): Promise<Record<ExecutionStatus, number>> {
    const normalized = normalizeListQuery({ ...query, statuses: undefined, cursor: undefined, limit: undefined });
    const built = buildCountQuery(normalized);
    type CountRow = { status: ExecutionStatus; n: number };
    let rows: CountRow[];
    if (built) rows = this.cache.get(built.key, () => built.sql).all(built.params) as CountRow[];
    else if (normalized.functionName !== undefined) {
      rows = this.s.countByStatusOfFunction.all(normalized.functionName) as CountRow[];
    } else rows = this.s.countByStatus.all() as CountRow[];
    const counts = Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, 0])) as Record<ExecutionStatus, number>;
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  async functionWindow(query: FunctionWindowQuery): Promise<FunctionWindow> {
    return readFunctionWindow(this.cache.get("functionWindow", () => FUNCTION_WINDOW_SQL), query);
  }

  async listFunctionNames(): Promise<string[]> {
    return this.s.listFunctionNames.all() as string[];
  }

  // ---- operations, history, logs, callbacks -------------------------------------------------

  async listOperations(executionId: string): Promise<OperationRecord[]> {
    return (this.s.listOperations.all(executionId) as OperationRow[]).map(rowToOperation);
  }

  async getOperation(executionId: string, operationId: string): Promise<OperationRecord | undefined> {
    const row = this.s.getOperation.get(executionId, operationId) as OperationRow | undefined;
    return row && rowToOperation(row);
  }

  /** The operation's row, then its events by primary key (json_each over its event_ids). */
  async getOperationWithEvents(executionId: string, operationId: string): Promise<OperationWithEvents | undefined> {
    const row = this.s.getOperation.get(executionId, operationId) as OperationRow | undefined;
    if (!row) return undefined;
    // The events a list names were committed with it, so they are there whatever was written since.
    const rows = (
      row.event_ids !== null
        ? this.s.eventsByIds.all(executionId, row.event_ids)
        : this.s.eventsNamingOperation.all(executionId, operationId)
    ) as { event: string }[];
    return { operation: rowToOperation(row), events: rows.map(rowToEvent) };
  }

  /**
   * Forward: events with EventId > afterEventId, ascending. Reverse: events with
   * EventId < afterEventId (all when absent), descending. `nextCursor` is the last EventId
   * returned, to pass back as `afterEventId`.
   */
  async getHistory(executionId: string, query: HistoryQuery = {}): Promise<Page<HistoryEvent>> {
    const limit = clampLimit(query.limit, DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT);
    const rows = (
      query.reverse
        ? this.s.historyReverse.all(executionId, query.afterEventId ?? Number.MAX_SAFE_INTEGER, limit + 1)
        : this.s.historyForward.all(executionId, query.afterEventId ?? 0, limit + 1)
    ) as { event: string }[];
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const items = rows.map(rowToEvent);
    const last = items[items.length - 1];
    return more && last ? { items, nextCursor: String(last.EventId) } : { items };
  }

  /** Logs with seq > afterSeq, ascending; `nextCursor` is the last seq returned. */
  async getLogs(executionId: string, query: LogQuery = {}): Promise<Page<LogRecord>> {
    const limit = clampLimit(query.limit, DEFAULT_LOG_LIMIT, MAX_LOG_LIMIT);
    const afterSeq = query.afterSeq ?? 0;
    const rows = (
      query.operationId !== undefined
        ? this.s.logsOfOperation.all(executionId, query.operationId, afterSeq, limit + 1)
        : this.s.logsOfExecution.all(executionId, afterSeq, limit + 1)
    ) as LogRow[];
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const items = rows.map(rowToLog);
    const last = items[items.length - 1];
    return more && last ? { items, nextCursor: String(last.seq) } : { items };
  }

  async getCallback(callbackId: string): Promise<CallbackRecord | undefined> {
    const row = this.s.getCallback.get(callbackId) as CallbackRow | undefined;
    return row && rowToCallback(row);
  }

  async listPendingCallbacks(query: PendingCallbackQuery = {}): Promise<Page<PendingCallbackView>> {
    return listPendingCallbacks(this.s, query);
  }

  // ---- registered functions and retention ---------------------------------------------------

  async putFunctions(records: FunctionRecord[]): Promise<void> {
    for (const r of records) {
      if (r.kind !== "durable" && r.kind !== "plain") throw new TypeError(`function kind must be durable or plain, got ${String(r.kind)}`);
    }
    if (records.length > 0) this.putFunctionsTx.immediate(records);
  }

  async listFunctions(): Promise<FunctionRecord[]> {
    return (this.s.listFunctions.all() as FunctionRow[]).map(rowToFunction);
  }

  async getFunction(name: string): Promise<FunctionRecord | undefined> {
    const row = this.s.getFunction.get(name) as FunctionRow | undefined;
    return row && rowToFunction(row);
  }

  /** Batches of PURGE_BATCH executions, one write transaction each, so workers are not held up long. */
  async purgeExecutions(options: PurgeOptions): Promise<number> {
    const endedBeforeMs = timestampMs("endedBefore", options.endedBefore);
    return purgeInBatches(options.limit, PURGE_BATCH, (size) => this.purgeTx.immediate(endedBeforeMs, size));
  }

  // ---- audit log ----------------------------------------------------------------------------

  async appendAudit(record: AuditRecord): Promise<void> {
    const log = this.audit;
    await this.group.run(() => log.append(record));
  }

  async listAudit(query: AuditQuery = {}): Promise<Page<AuditRecord>> {
    return this.audit.list(query);
  }

  async purgeAudit(options: AuditPurgeOptions): Promise<number> {
    return this.audit.purge(options);
  }

  private get audit(): SqliteAuditLog {
    if (this.auditLog && !this.closed) return this.auditLog;
    throw new Error(this.closed ? "SqliteStore is closed" : "SqliteStore.init() must be called before use");
  }

  // ---- transact -----------------------------------------------------------------------------

  transact<R = void>(
    executionId: string,
    options: TransactOptions,
    build: (snapshot: TransactSnapshot) => { mutation: ExecutionMutation; result?: R },
  ): Promise<{ execution: ExecutionRecord; result: R }> {
    // Not async: the group's promise is handed back as is (one promise fewer per checkpoint).
    return this.group.run(() => transactInTransaction(this.s, this.cache, executionId, options, build as BuildFn)) as Promise<{
      execution: ExecutionRecord;
      result: R;
    }>;
  }

  // ---- timers and leases --------------------------------------------------------------------

  async claimDue(options: ClaimOptions): Promise<ExecutionRecord[]> {
    if (!(options.limit >= 1)) return [];
    return this.claimTx.immediate(options);
  }

  async nextWakeAt(query: WakeQuery = {}): Promise<number | undefined> {
    const names = query.functionNames;
    const next = (names === undefined ? this.s.nextWakeAt.get() : this.s.nextWakeAtOfFunctions.get({ functions: JSON.stringify(names) })) as
      | number
      | null
      | undefined;
    return next ?? undefined;
  }

  async listFollowUpsDue(options: { now: number; limit: number }): Promise<ExecutionRecord[]> {
    const rows = this.s.selectFollowUpsDue.all({ now: options.now, limit: Math.max(0, Math.floor(options.limit)) }) as ExecutionRow[];
    return rows.map(rowToExecution);
  }
}
