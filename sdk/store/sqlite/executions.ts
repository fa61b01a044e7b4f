/**
 * Executions on SQLite: one row each in `executions` (payloads in `execution_payloads`), listed
 * with the keyset queries of execution-list.ts and purged in short write transactions.
 */
import { EXECUTION_STATUSES, type ExecutionStatus } from "../../types/wire";
import type { ExecutionQuery, ExecutionRecord, ExecutionStore, NewExecution, Page, PurgeOptions } from "../types";
import { purgeInBatches } from "../purge-batches";
import type { SqliteContext } from "./context";
import { encodeListCursor } from "../cursor";
import { buildCountQuery, buildListQuery } from "./execution-list";
import { normalizeListQuery } from "../list-query";
import { FUNCTION_WINDOW_SQL, readFunctionWindow } from "./function-window";
import { executionRowValues, payloadValues, rowToExecution, type ExecutionRow } from "./rows";
import { timestampMs } from "../timestamps";
import { asConflict, writeChildren } from "./write-children";

/** Executions deleted per purge transaction. */
const PURGE_BATCH = 50;

export function sqliteExecutions(ctx: SqliteContext): ExecutionStore {
  const purgeTx = ctx.db.transaction((endedBeforeMs: number, limit: number) => {
    const ids = ctx.s.selectPurgeable.all(endedBeforeMs, limit) as string[];
    for (const id of ids) {
      for (const statement of ctx.s.purgeExecution) statement.run(id);
      ctx.operations.forget(id);
    }
    return ids.length;
  });

  function createInTransaction(input: NewExecution): { execution: ExecutionRecord; created: boolean } {
    const { execution } = input;
    const s = ctx.s;
    const existing = s.findExecutionByName.get(execution.functionName, execution.name) as ExecutionRow | undefined;
    if (existing) return { execution: rowToExecution(existing), created: false };
    try {
      s.insertExecution.run(executionRowValues(execution));
    } catch (error) {
      throw asConflict(error, `execution ${execution.executionId} already exists`);
    }
    s.upsertPayloads.run(execution.executionId, ...payloadValues(execution));
    writeChildren(s, execution.executionId, { putOperations: input.operations, events: input.events });
    ctx.operations.forget(execution.executionId); // one of a purged execution that had this id
    if (execution.nextWakeAt !== undefined) ctx.due.notify();
    return { execution: { ...execution }, created: true };
  }

  return {
    async create(input) {
      return ctx.group.run(() => createInTransaction(input));
    },

    async get(executionId) {
      const row = ctx.s.getExecution.get(executionId) as ExecutionRow | undefined;
      return row && rowToExecution(row);
    },

    async findByName(functionName, name) {
      const row = ctx.s.findExecutionByName.get(functionName, name) as ExecutionRow | undefined;
      return row && rowToExecution(row);
    },

    async list(query) {
      const normalized = normalizeListQuery(query);
      const built = buildListQuery(normalized);
      const rows = ctx.cache.get(built.key, () => built.sql).all(built.params) as ExecutionRow[];
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
    },

    async countByStatus(query: ExecutionQuery) {
      const normalized = normalizeListQuery({ ...query, statuses: undefined, cursor: undefined, limit: undefined });
      const built = buildCountQuery(normalized);
      type CountRow = { status: ExecutionStatus; n: number };
      let rows: CountRow[];
      if (built) rows = ctx.cache.get(built.key, () => built.sql).all(built.params) as CountRow[];
      else if (normalized.functionName !== undefined) {
        rows = ctx.s.countByStatusOfFunction.all(normalized.functionName) as CountRow[];
      } else rows = ctx.s.countByStatus.all() as CountRow[];
      const counts = Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, 0])) as Record<ExecutionStatus, number>;
      for (const row of rows) counts[row.status] = row.n;
      return counts;
    },

    async functionWindow(query) {
      return readFunctionWindow(ctx.cache.get("functionWindow", () => FUNCTION_WINDOW_SQL), query);
    },

    async functionNames() {
      return ctx.s.listFunctionNames.all() as string[];
    },

    /** Batches of PURGE_BATCH executions, one write transaction each, so workers are not held up long. */
    async purge(options: PurgeOptions) {
      const endedBeforeMs = timestampMs("endedBefore", options.endedBefore);
      return purgeInBatches(options.limit, PURGE_BATCH, (size) => ctx.group.run(() => purgeTx(endedBeforeMs, size)));
    },
  };
}
