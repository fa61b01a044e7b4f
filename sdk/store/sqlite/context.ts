/**
 * What every SQLite resource group works with: the store's one connection, its prepared
 * statements (ready after `init()`), the cache of statements built per query shape, and the group
 * committer that folds concurrent writes into one transaction.
 */
import type Database from "better-sqlite3";
import type { SqliteAuditLog } from "./audit";
import type { DueSignal } from "../due-signal";
import type { ExecutionCache } from "./execution-cache";
import type { GroupCommitter } from "./group-commit";
import type { OperationsCache } from "./operations-cache";
import type { StatementCache, Statements } from "./statements";

export interface SqliteContext {
  readonly db: Database.Database;
  /** Throws when the store is not initialised yet or closed. */
  readonly s: Statements;
  readonly auditLog: SqliteAuditLog;
  readonly cache: StatementCache;
  readonly group: GroupCommitter;
  /** The execution records this connection wrote last (execution-cache.ts). */
  readonly executions: ExecutionCache;
  /** The operations of executions this connection listed lately, kept current by its writes (operations-cache.ts). */
  readonly operations: OperationsCache;
  /** Writes that made an execution due, for the workers of this process (types.ts: watchDue). */
  readonly due: DueSignal;
}
