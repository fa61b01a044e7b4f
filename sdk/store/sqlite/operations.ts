/** An execution's operations on SQLite: rows of `operations`, keyed by (execution id, operation id). */
import type { OperationStore } from "../types";
import type { SqliteContext } from "./context";
import { rowToEvent, rowToOperation, rowsToOperations, type OperationRow } from "./rows";

export function sqliteOperations(ctx: SqliteContext): OperationStore {
  return {
    async list(executionId) {
      // The stamp is read first: rows read after it are at least as new, so an entry is never
      // newer than its stamp says (a newer row version only makes the next list read again).
      const row = ctx.s.getExecutionStamp.get(executionId) as [number, number, string] | undefined;
      const stamp = row && { version: row[0], startMs: row[1] };
      const cached = stamp && ctx.operations.get(executionId, stamp);
      if (cached) return cached;
      const records = rowsToOperations(executionId, ctx.s.listOperations.all(executionId) as Parameters<typeof rowsToOperations>[1]);
      // Only a running execution's list is kept: an ended one is not replayed again, and the
      // console's, checks' and exports' reads of ended histories would push running ones out.
      if (stamp && row[2] === "RUNNING") ctx.operations.remember(executionId, stamp, records);
      return records;
    },

    async get(executionId, operationId) {
      const row = ctx.s.getOperation.get(executionId, operationId) as OperationRow | undefined;
      return row && rowToOperation(row);
    },

    /** The operation's row, then its events by primary key (json_each over its event_ids). */
    async getWithEvents(executionId, operationId) {
      const row = ctx.s.getOperation.get(executionId, operationId) as OperationRow | undefined;
      if (!row) return undefined;
      // The events a list names were committed with it, so they are there whatever was written since.
      const rows = (
        row.event_ids !== null
          ? ctx.s.eventsByIds.all(executionId, row.event_ids)
          : ctx.s.eventsNamingOperation.all(executionId, operationId)
      ) as { event: string }[];
      return { operation: rowToOperation(row), events: rows.map(rowToEvent) };
    },
  };
}
