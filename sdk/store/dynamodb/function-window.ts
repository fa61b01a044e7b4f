/**
 * `functionWindow` on DynamoDB, through the listing's own path: gsi2 holds every execution of a
 * function under `FS#<function>#<status>`, sorted by start time, so the window is one Query time
 * range per status partition (five), paged to the end, then the execution items of the ids found,
 * read with BatchGet and projected to the four attributes the rows need.
 *
 * Exact, not sampled, and the cost is linear in the executions started in the range: index pages
 * of ~1 MB of small key-only entries, plus one strongly consistent item read per execution (in
 * BatchGets of 100, a bounded number in flight). Nothing outside the range is read. There is no
 * cheaper exact answer on DynamoDB (no server-side aggregates); the console calls this once per
 * function per poll, so a function with very many executions in the range costs that many reads.
 *
 * Status and times come from the item, not the index: the index is eventually consistent, so an
 * execution that just changed status may still sit in its old partition (it is read once, by id)
 * and, for a moment, in neither (it is missed, as a list page would miss it at that moment).
 */
import { EXECUTION_STATUSES, type ExecutionStatus } from "../../types/wire";
import { functionWindowBounds, windowDuration, windowOf } from "../function-window";
import type { FunctionWindow, FunctionWindowQuery, FunctionWindowRow } from "../types";
import { isLive } from "./execution-reads";
import { rangeInput } from "./index-streams";
import { EXEC_SK, compareBytes, executionPk, functionStatusPartition, sortableMs } from "./keys";
import { batchGet, keyId, queryPages, type Dynamo } from "./requests";

/** Item ids per round of BatchGets (10 requests of 100 in flight at most). */
const READ_ROUND = 1000;

const ROW_PROJECTION = {
  expression: "pk, sk, functionName, #status, startTimestamp, endTimestamp, purging",
  names: { "#status": "status" },
};

async function idsInPartition(db: Dynamo, functionName: string, status: ExecutionStatus, from: string, below: string): Promise<string[]> {
  const input = rangeInput({
    index: "byFunctionStatus",
    partition: functionStatusPartition(functionName, status),
    from,
    below,
    pageSize: 1000,
  });
  if (!input) return [];
  const { Limit: _limit, ...unlimited } = input;
  const { items } = await queryPages(db, {
    ...unlimited,
    ProjectionExpression: "#executionId",
    ExpressionAttributeNames: { ...unlimited.ExpressionAttributeNames, "#executionId": "executionId" },
  });
  return items.map((item) => item.executionId as string);
}

export async function functionWindow(db: Dynamo, query: FunctionWindowQuery): Promise<FunctionWindow> {
  const bounds = functionWindowBounds(query);
  if (bounds.afterMs >= bounds.beforeMs) return windowOf([]);
  const from = sortableMs(bounds.afterMs);
  const below = sortableMs(bounds.beforeMs);
  const perStatus = await Promise.all(EXECUTION_STATUSES.map((status) => idsInPartition(db, bounds.functionName, status, from, below)));
  const ids = [...new Set(perStatus.flat())];

  const found: { id: string; row: FunctionWindowRow }[] = [];
  for (let i = 0; i < ids.length; i += READ_ROUND) {
    const round = ids.slice(i, i + READ_ROUND).map((id) => ({ pk: executionPk(id), sk: EXEC_SK }));
    const items = await batchGet(db, round, ROW_PROJECTION);
    for (const key of round) {
      const item = items.get(keyId(key));
      if (!isLive(item) || item.functionName !== bounds.functionName) continue;
      const startMs = Date.parse(item.startTimestamp as string);
      if (!(startMs >= bounds.afterMs && startMs < bounds.beforeMs)) continue;
      const status = item.status as ExecutionStatus;
      const endMs = typeof item.endTimestamp === "string" ? Date.parse(item.endTimestamp) : undefined;
      found.push({ id: key.pk.slice(executionPk("").length), row: [startMs, status, windowDuration(status, startMs, endMs)] });
    }
  }
  found.sort((a, b) => a.row[0] - b.row[0] || compareBytes(a.id, b.id));
  return windowOf(found.map((f) => f.row));
}
