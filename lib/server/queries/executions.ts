/**
 * Read queries about executions: list (filtered, keyset-paged), counts per status, one
 * execution by id or ARN. Like every console read, through the DurableClient (lib/server/durable).
 */
import "server-only";
import type { ExecutionView } from "@/sdk/runtime/client";
import { isoAt } from "@/sdk/runtime/clock";
import { DurableClientError } from "@/sdk/runtime/errors";
import type { ExecutionQuery } from "@/sdk/store/types";
import { durable } from "../durable";
import { dateRangeProblem, type ExecutionFilters } from "../../filters";
import { ApiError } from "../http";
import type { ExecutionDetail, ExecutionPage, ExecutionSummary, StatusCounts } from "../../types";

export const EXECUTIONS_PAGE_SIZE = 50;

/** A stored execution without its fencing token (what the client API returns). */
type ExecutionRow = ExecutionView;

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
  // A page keeps a reversed range as typed (its filter bar points it out): it matches nothing,
  // where the client would refuse it.
  if (dateRangeProblem(filters)) return { items: [] };
  const { client } = await durable();
  const query: ExecutionQuery = { ...storeQuery(filters), limit: filters.limit ?? limit, oldestFirst: filters.order === "asc" };
  if (filters.cursor) query.cursor = filters.cursor;
  let page: Awaited<ReturnType<typeof client.listExecutions>>;
  try {
    page = await client.listExecutions(query);
  } catch (error) {
    // The client words a cursor the store cannot read as a VALIDATION_ERROR without field details
    // (its schema's own refusals always name the field); the console has always called it
    // INVALID_CURSOR, as the store does.
    if (query.cursor && DurableClientError.is(error) && error.code === "VALIDATION_ERROR" && !error.details?.length) {
      throw new ApiError("INVALID_CURSOR", error.message);
    }
    throw error;
  }
  const result: ExecutionPage = { items: page.items.map(toSummary) };
  if (page.nextCursor) result.nextCursor = page.nextCursor;
  return result;
}

export async function countExecutions(filters: ExecutionFilters): Promise<StatusCounts> {
  const { client } = await durable();
  return client.countExecutionsByStatus(storeQuery(filters));
}

/**
 * The execution for an id or a DurableExecutionArn, read through the client (which resolves the
 * ARN); the console's own 404 wording when there is none, or when the reference cannot name one.
 */
export async function readExecution(idOrArn: string): Promise<ExecutionView> {
  const { client } = await durable();
  try {
    return await client.getExecution(idOrArn);
  } catch (error) {
    if (DurableClientError.is(error) && (error.code === "EXECUTION_NOT_FOUND" || error.code === "VALIDATION_ERROR")) {
      throw new ApiError("EXECUTION_NOT_FOUND", `No execution ${JSON.stringify(idOrArn)}`);
    }
    throw error;
  }
}

export async function getExecution(idOrArn: string): Promise<ExecutionDetail> {
  return toDetail(await readExecution(idOrArn));
}
