/**
 * The durable operations on executions: ListDurableExecutionsByFunction, GetDurableExecution,
 * GetDurableExecutionHistory and StopDurableExecution, through the console's DurableClient (its
 * redacting view for reads, as every console read), answered in the service's shapes.
 */
import "server-only";
import { z } from "zod";
import { errorObjectSchema } from "@/sdk/runtime/client-schemas";
import { DEFAULT_QUALIFIER } from "@/sdk/runtime/ids";
import { EXECUTION_STATUSES, Limits, type ErrorObject, type ExecutionStatus } from "@/sdk/types/wire";
import { durable } from "../../durable";
import { AwsError } from "../errors";
import { awsCommand, awsJson, queryBoolean, queryInteger } from "../route";
import { epochSeconds, eventShape, executionDetail, executionSummary } from "../shapes";
import { durableExecutionArnParam, functionNameParam } from "./params";

const DEFAULT_PAGE_ITEMS = 100;
const MAX_PAGE_ITEMS = 1000;

/** The execution an ARN names, read through the console's (redacting) client; the whole ARN must match. */
async function executionByArn(arn: string) {
  const { client } = await durable();
  const execution = await client.getExecution(arn);
  if (execution.arn !== arn) throw new AwsError("ResourceNotFoundException", `Durable execution not found: ${arn.slice(0, 300)}`);
  return execution;
}

/** 404 unless the function is registered, or has executions (its worker may be gone). */
async function requireFunction(functionName: string): Promise<void> {
  const { client } = await durable();
  const registered = (await client.listFunctions()).some((fn) => fn.name === functionName);
  if (!registered && !(await client.listFunctionNames()).includes(functionName)) {
    throw new AwsError("ResourceNotFoundException", `Function not found: ${functionName}`);
  }
}

const statusesQuery = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .pipe(z.array(z.enum(EXECUTION_STATUSES as [ExecutionStatus, ...ExecutionStatus[]])).max(EXECUTION_STATUSES.length));

export const listDurableExecutionsByFunction = awsCommand(
  {
    access: "read",
    params: { FunctionName: functionNameParam },
    query: z.object({
      Qualifier: z.string().min(1).max(128).optional(),
      DurableExecutionName: z.string().regex(Limits.executionNamePattern, "must be 1-64 letters, digits, '-' or '_'").optional(),
      Statuses: statusesQuery.optional(),
      StartedAfter: z.iso.datetime({ offset: true }).optional(),
      StartedBefore: z.iso.datetime({ offset: true }).optional(),
      ReverseOrder: queryBoolean.optional(),
      Marker: z.string().min(1).max(4096).optional(),
      MaxItems: queryInteger(0, MAX_PAGE_ITEMS).optional(),
    }),
  },
  async ({ params, query }) => {
    await requireFunction(params.FunctionName);
    // One version of everything runs here: $LATEST. Another version has no executions.
    if (query.Qualifier !== undefined && query.Qualifier !== DEFAULT_QUALIFIER) return awsJson({ DurableExecutions: [] });
    const { client } = await durable();
    const page = await client.listExecutions({
      functionName: params.FunctionName,
      statuses: query.Statuses,
      nameOrId: query.DurableExecutionName,
      startedAfter: query.StartedAfter,
      startedBefore: query.StartedBefore,
      // The service lists oldest first; ReverseOrder is newest first.
      oldestFirst: query.ReverseOrder !== true,
      limit: query.MaxItems || DEFAULT_PAGE_ITEMS,
      cursor: query.Marker,
    });
    // The store's search also finds ids; the service's filter is on names (that contain the text).
    const items = query.DurableExecutionName === undefined ? page.items : page.items.filter((e) => e.name.includes(query.DurableExecutionName!));
    return awsJson({ DurableExecutions: items.map(executionSummary), ...(page.nextCursor ? { NextMarker: page.nextCursor } : {}) });
  },
);

export const getDurableExecution = awsCommand(
  {
    access: "read",
    params: { arn: durableExecutionArnParam },
    query: z.object({ IncludeExecutionData: queryBoolean.optional() }),
  },
  async ({ params, query }) => awsJson(executionDetail(await executionByArn(params.arn), query.IncludeExecutionData !== false)),
);

export const getDurableExecutionHistory = awsCommand(
  {
    access: "read",
    params: { arn: durableExecutionArnParam },
    query: z.object({
      IncludeExecutionData: queryBoolean.optional(),
      MaxItems: queryInteger(0, MAX_PAGE_ITEMS).optional(),
      Marker: z.string().regex(/^\d{1,15}$/, "is not a marker this API gave").optional(),
      ReverseOrder: queryBoolean.optional(),
    }),
  },
  async ({ params, query }) => {
    const execution = await executionByArn(params.arn);
    const { client } = await durable();
    const page = await client.getHistory(execution.executionId, {
      afterEventId: query.Marker === undefined ? undefined : Number(query.Marker),
      limit: query.MaxItems || DEFAULT_PAGE_ITEMS,
      reverse: query.ReverseOrder === true,
    });
    const includeData = query.IncludeExecutionData !== false;
    return awsJson({ Events: page.items.map((event) => eventShape(event, includeData)), ...(page.nextCursor ? { NextMarker: page.nextCursor } : {}) });
  },
);

export const stopDurableExecution = awsCommand(
  {
    access: "write",
    action: "execution.stop",
    params: { arn: durableExecutionArnParam },
    // The body is the ErrorObject itself (the request's payload), or nothing.
    body: errorObjectSchema,
  },
  async ({ params, body, audit }) => {
    const execution = await executionByArn(params.arn);
    audit.executionId = execution.executionId;
    const { client } = await durable();
    const error: ErrorObject | undefined = Object.keys(body).length > 0 ? body : undefined;
    const stopped = await client.stopExecution(execution.executionId, error);
    return awsJson({ StopTimestamp: epochSeconds(stopped.endTimestamp ?? new Date().toISOString()) });
  },
);
