/**
 * Where a job's matches come from, one batch at a time: the executions list over the job's query,
 * oldest start first, from its keyset cursor (a keyset cursor is a position, not an offset, so
 * executions leaving the query as they are acted on do not shift it); or, for a job with explicit
 * `targets` (e.g. the stuck executions at its creation), the next ids of that list.
 */
import type { DurableStore, ExecutionQuery, ExecutionRecord, JobQuery, JobRecord } from "../../store/types";

/** The cursor of a job that has listed all its matches. */
export const JOB_CURSOR_END = "$end";
const TARGET_CURSOR = "$i:";

/** The executions list's query for a job's filters (stuck is settled at creation, in `targets`). */
export function listQueryOf(query: JobQuery): ExecutionQuery {
  const { stuck: _stuck, ...filters } = query;
  return filters;
}

export interface BatchItem {
  executionId: string;
  /** Absent: a target that no longer exists (purged since the job was created). */
  execution?: ExecutionRecord;
}

export async function nextBatch(store: DurableStore, job: JobRecord): Promise<{ items: BatchItem[]; cursor: string }> {
  if (job.targets) {
    const from = job.cursor?.startsWith(TARGET_CURSOR) ? Number(job.cursor.slice(TARGET_CURSOR.length)) : 0;
    const ids = job.targets.slice(from, from + job.batchSize);
    const found = await Promise.all(ids.map((id) => store.executions.get(id)));
    const to = from + ids.length;
    return { items: ids.map((executionId, i) => ({ executionId, execution: found[i] })), cursor: to >= job.targets.length ? JOB_CURSOR_END : `${TARGET_CURSOR}${to}` };
  }
  const page = await store.executions.list({
    ...listQueryOf(job.query),
    oldestFirst: true,
    limit: job.batchSize,
    ...(job.cursor ? { cursor: job.cursor } : {}),
  });
  return { items: page.items.map((execution) => ({ executionId: execution.executionId, execution })), cursor: page.nextCursor ?? JOB_CURSOR_END };
}
