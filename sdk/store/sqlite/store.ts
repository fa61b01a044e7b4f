/**
 * The embedded store: one SQLite file in WAL mode, shareable by several processes. Each resource
 * group lives in its own file (executions.ts, operations.ts, history.ts, logs.ts, callbacks.ts,
 * functions.ts, audit.ts, scheduling.ts, workers.ts, transact.ts), the same names as the DynamoDB backend's.
 *
 * Every write is one `BEGIN IMMEDIATE` transaction: it takes the file's write lock before
 * reading, so the read-check-write of `transact` and `claimDue` cannot interleave with another
 * connection's (SQLite allows one writer at a time; others wait up to `busyTimeoutMs`).
 * better-sqlite3 is synchronous, so the async methods here never yield mid-transaction.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import type {
  AuditStore,
  CallbackStore,
  DurableStore,
  ExecutionMutation,
  ExecutionRecord,
  ExecutionStore,
  FunctionStore,
  HistoryStore,
  JobStore,
  LogStore,
  OperationStore,
  SchedulingStore,
  TransactOptions,
  TransactSnapshot,
  WorkerStore,
} from "../types";
import { StoreNotFoundError } from "../open-errors";
import { SqliteAuditLog, sqliteAudit } from "./audit";
import { sqliteCallbacks } from "./callbacks";
import type { SqliteContext } from "./context";
import { sqliteExecutions } from "./executions";
import { sqliteFunctions } from "./functions";
import { DueSignal } from "../due-signal";
import { GroupCommitter } from "./group-commit";
import { ExecutionCache } from "./execution-cache";
import { OperationsCache } from "./operations-cache";
import type { WalSync } from "./wal-sync";
import { sqliteHistory } from "./history";
import { sqliteJobs } from "./jobs";
import { sqliteLogs } from "./logs";
import { sqliteOperations } from "./operations";
import { applySchema, configureConnection, type SynchronousMode } from "./schema";
import { sqliteScheduling } from "./scheduling";
import { StatementCache, prepareStatements, type Statements } from "./statements";
import { transactInTransaction, type BuildFn } from "./transact";
import { sqliteWorkers } from "./workers";

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

export { DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT } from "./history";
export { DEFAULT_LOG_LIMIT, MAX_LOG_LIMIT } from "./logs";

export class SqliteStore implements DurableStore {
  readonly kind = "sqlite";
  readonly path: string;
  readonly executions: ExecutionStore;
  readonly operations: OperationStore;
  readonly history: HistoryStore;
  readonly logs: LogStore;
  readonly callbacks: CallbackStore;
  readonly functions: FunctionStore;
  readonly audit: AuditStore;
  readonly scheduling: SchedulingStore;
  readonly workers: WorkerStore;
  readonly jobs: JobStore;
  private readonly db: Database.Database;
  private statements?: Statements;
  private auditLog?: SqliteAuditLog;
  private readonly cache: StatementCache;
  private closed = false;
  private closing?: Promise<void>;
  /** Checkpoints and starts from concurrent invocations share one commit (one fsync). */
  private readonly group: GroupCommitter;
  private readonly due = new DueSignal();
  private readonly executionCache = new ExecutionCache();
  private readonly operationsCache = new OperationsCache();
  /** Both caches, as every transact is handed them. */
  private readonly caches = { executions: this.executionCache, operations: this.operationsCache };
  private readonly durability: SynchronousMode;
  /** Set when the store syncs its WAL itself (FULL on a WAL file). */
  private readonly walSync: WalSync | undefined;

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
    this.durability = options.synchronous ?? "FULL";
    try {
      this.walSync = configureConnection(this.db, this.durability);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.cache = new StatementCache(this.db);
    // A group transaction that failed whole may leave records in the caches that were never committed.
    this.group = new GroupCommitter(this.db, this.walSync, () => {
      this.executionCache.clear();
      this.operationsCache.clear();
    });
    const ctx = this.context();
    this.executions = sqliteExecutions(ctx);
    this.operations = sqliteOperations(ctx);
    this.history = sqliteHistory(ctx);
    this.logs = sqliteLogs(ctx);
    this.callbacks = sqliteCallbacks(ctx);
    this.functions = sqliteFunctions(ctx);
    this.audit = sqliteAudit(ctx);
    this.scheduling = sqliteScheduling(ctx);
    this.workers = sqliteWorkers(ctx);
    this.jobs = sqliteJobs(ctx);
  }

  async init(): Promise<void> {
    if (this.statements) return;
    applySchema(this.db);
    this.walSync?.syncNow(); // the schema's commit is as durable as any other write
    this.statements = prepareStatements(this.db);
    this.auditLog = new SqliteAuditLog(this.db);
  }

  /** Resolves once the connection is closed, for every caller (a second call waits for the first). */
  close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private async closeNow(): Promise<void> {
    this.closed = true;
    // Writes already handed over are committed and answered (synced) before the connection goes.
    await this.group.settled();
    this.walSync?.close();
    try {
      // Lets SQLite refresh planner statistics for the indexes this connection used. Best
      // effort: it needs the write lock, and closing must not fail because another process holds it.
      if (this.statements) this.db.pragma("optimize");
    } catch {
      // statistics stay as they were
    }
    this.db.close();
  }

  /** The groups' view of this store: statements and the audit log only once initialised and until closed. */
  private context(): SqliteContext {
    const store = this;
    return {
      db: this.db,
      cache: this.cache,
      group: this.group,
      executions: this.executionCache,
      operations: this.operationsCache,
      due: this.due,
      get s(): Statements {
        return store.s;
      },
      get auditLog(): SqliteAuditLog {
        if (store.auditLog && !store.closed) return store.auditLog;
        throw new Error(store.closed ? "SqliteStore is closed" : "SqliteStore.init() must be called before use");
      },
    };
  }

  /**
   * The store's durability setting. FULL: a write is answered once it is on disk (synced by the
   * store, see wal-sync.ts, or by SQLite for a file that cannot use WAL). NORMAL and OFF: SQLite's.
   */
  get synchronous(): SynchronousMode {
    return this.durability;
  }

  private get s(): Statements {
    if (this.statements) return this.statements;
    throw new Error(this.closed ? "SqliteStore is closed" : "SqliteStore.init() must be called before use");
  }

  transact<R = void>(
    executionId: string,
    options: TransactOptions,
    build: (snapshot: TransactSnapshot) => { mutation: ExecutionMutation; result?: R },
  ): Promise<{ execution: ExecutionRecord; result: R }> {
    // Not async: the group's promise is handed back as is (one promise fewer per checkpoint).
    return this.group.run(() => transactInTransaction(this.s, this.cache, this.caches, this.due, executionId, options, build as BuildFn)) as Promise<{
      execution: ExecutionRecord;
      result: R;
    }>;
  }
}
