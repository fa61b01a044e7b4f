/**
 * Read queries about executions: list (filtered, keyset-paged), counts per status, one
 * execution by id or ARN. Reads go straight to the store; writes go through the DurableClient.
 */
import "server-only";
import { isoAt } from "@/sdk/runtime/clock";
import { parseExecutionArn } from "@/sdk/runtime/ids";
import type { ExecutionQuery, ExecutionRecord } from "@/sdk/store/types";
import { durable } from "../durable";
import type { ExecutionFilters } from "../../filters";
import { ApiError } from "../http";
import type { ExecutionDetail, ExecutionPage, ExecutionSummary, StatusCounts } from "../../types";

export const EXECUTIONS_PAGE_SIZE = 50;

/** A stored execution without its fencing token (what the client API returns). */
type ExecutionRow = Omit<ExecutionRecord, "checkpointToken">;

export function toSummary(record: ExecutionRow): ExecutionSummary {
  const summary: ExecutionSummary = {
    executionId: record.executionId,
    arn: record.arn,
    functionName: record.functionName,
    name: record.name,
    status: record.status,
    startTimestamp: record.startTimestamp,
    redriveCount: record.redriveCount,
  };
  if (record.endTimestamp) summary.endTimestamp = record.endTimestamp;
  if (record.replayOf) summary.replayOf = record.replayOf;
  if (record.parent) summary.parentExecutionId = record.parent.executionId;
  return summary;
}

export function toDetail(record: ExecutionRow): ExecutionDetail {
  const detail: ExecutionDetail = {
    ...toSummary(record),
    invocationCount: record.invocationCount,
    eventCount: record.eventCount,
    operationCount: record.operationCount,
    version: record.version,
  };
  if (record.inputPayload !== undefined) detail.input = record.inputPayload;
  if (record.result !== undefined) detail.result = record.result;
  if (record.error !== undefined) detail.error = record.error;
  if (record.executionTimeoutSeconds !== undefined) detail.executionTimeoutSeconds = record.executionTimeoutSeconds;
  if (record.parent !== undefined) detail.parent = record.parent;
  // Scheduling facts, so the page can tell "due, but no worker has picked it up", and draw the
  // invocation running now (an ended execution has none of them).
  if (record.status === "RUNNING") {
    if (record.nextWakeAt !== undefined) detail.nextWakeAt = isoAt(record.nextWakeAt);
    if (record.leaseOwner !== undefined) detail.lease = { owner: record.leaseOwner, expiresAt: isoAt(record.leaseExpiresAt ?? 0) };
    // An open invocation whose lease lapsed was cut off (its worker died): it is not running.
    const leased = record.leaseOwner !== undefined && (record.leaseExpiresAt ?? 0) > Date.now();
    if (record.openInvocation !== undefined && leased) detail.invocationStartedAt = isoAt(record.openInvocation.startedAt);
  }
  return detail;
}

function storeQuery(filters: ExecutionFilters): ExecutionQuery {
  const query: ExecutionQuery = {};
  if (filters.functionName) query.functionName = filters.functionName;
  if (filters.statuses?.length) query.statuses = filters.statuses;
  if (filters.q) query.nameOrId = filters.q;
  if (filters.from) query.startedAfter = filters.from;
  if (filters.to) query.startedBefore = filters.to;
  return query;
}

export async function listExecutions(filters: ExecutionFilters, limit = EXECUTIONS_PAGE_SIZE): Promise<ExecutionPage> {
  const { store } = await durable();
  const query: ExecutionQuery = { ...storeQuery(filters), limit: filters.limit ?? limit, oldestFirst: filters.order === "asc" };
  if (filters.cursor) query.cursor = filters.cursor;
  const page = await store.listExecutions(query);
  const result: ExecutionPage = { items: page.items.map(toSummary) };
  if (page.nextCursor) result.nextCursor = page.nextCursor;
  return result;
}

export async function countExecutions(filters: ExecutionFilters): Promise<StatusCounts> {
  const { store } = await durable();
  return store.countExecutionsByStatus(storeQuery(filters));
}

/** The execution record for an id or a DurableExecutionArn; a clear 404 when there is none. */
export async function findExecutionRecord(idOrArn: string): Promise<ExecutionRecord> {
  const { store } = await durable();
  const executionId = idOrArn.startsWith("arn:") ? parseExecutionArn(idOrArn)?.executionId : idOrArn;
  const record = executionId ? await store.getExecution(executionId) : undefined;
  if (!record) throw new ApiError(404, "EXECUTION_NOT_FOUND", `No execution ${JSON.stringify(idOrArn)}`);
  return record;
}

export async function getExecution(idOrArn: string): Promise<ExecutionDetail> {
  return toDetail(await findExecutionRecord(idOrArn));
}
