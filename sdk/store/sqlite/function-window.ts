/**
 * `functionWindow` on SQLite: one range scan of executions_by_function_start_covering
 * (function_name, start_ms, execution_id, status, end_ms), which yields the rows already in start
 * order from the index alone (no table row, no payload). INDEXED BY pins the index: the
 * (function_name, status, ...) index would need a sort, and the window must not depend on
 * planner statistics. tests/store/sqlite-function-window.test.ts checks the plan.
 */
import type Database from "better-sqlite3";
import { functionWindowBounds, windowOf } from "../function-window";
import type { FunctionWindow, FunctionWindowQuery, FunctionWindowRow } from "../types";

export const FUNCTION_WINDOW_SQL =
  `SELECT start_ms, status, ` +
  `CASE WHEN status <> 'RUNNING' AND end_ms IS NOT NULL THEN MAX(0, end_ms - start_ms) END AS duration_ms ` +
  `FROM executions INDEXED BY executions_by_function_start_covering ` +
  `WHERE function_name = @fn AND start_ms >= @after AND start_ms < @before ` +
  `ORDER BY start_ms, execution_id`;

/** `statement` is FUNCTION_WINDOW_SQL prepared on the store's connection (cached by the caller). */
export function readFunctionWindow(statement: Database.Statement, query: FunctionWindowQuery): FunctionWindow {
  const bounds = functionWindowBounds(query);
  if (bounds.afterMs >= bounds.beforeMs) return windowOf([]);
  // raw(): each row comes back as the array [start_ms, status, duration_ms], which is already
  // a FunctionWindowRow, so 100,000 rows cost 100,000 small arrays and no objects.
  const rows = statement.raw(true).all({ fn: bounds.functionName, after: bounds.afterMs, before: bounds.beforeMs }) as FunctionWindowRow[];
  return windowOf(rows);
}
