/**
 * Our records in the shapes Lambda's durable API answers with. The model is Lambda's already
 * (sdk/types/wire); what differs on the wire is time: our timestamps are ISO strings (the invoke
 * payload's form), the REST API's JSON bodies carry epoch seconds, which is what
 * `@aws-sdk/client-lambda` reads into Dates.
 */
import "server-only";
import type { ExecutionView } from "@/sdk/runtime/client";
import { functionArn } from "@/sdk/runtime/ids";
import type { HistoryEvent, Operation } from "@/sdk/types/wire";

/** Epoch seconds (fractional: milliseconds survive) of an ISO timestamp. */
export function epochSeconds(iso: string): number {
  return Date.parse(iso) / 1000;
}

/** A copy of `value` with every string under a key ending in "Timestamp" turned into epoch seconds. */
export function withEpochTimestamps<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => withEpochTimestamps(item)) as T;
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = key.endsWith("Timestamp") && typeof field === "string" ? epochSeconds(field) : withEpochTimestamps(field);
  }
  return out as T;
}

/** An item of ListDurableExecutionsByFunction. */
export function executionSummary(execution: ExecutionView) {
  return {
    DurableExecutionArn: execution.arn,
    DurableExecutionName: execution.name,
    FunctionArn: functionArn(execution.functionName),
    Status: execution.status,
    StartTimestamp: epochSeconds(execution.startTimestamp),
    ...(execution.endTimestamp ? { EndTimestamp: epochSeconds(execution.endTimestamp) } : {}),
  };
}

/** GetDurableExecution's answer; without execution data, the input, result and error are left out. */
export function executionDetail(execution: ExecutionView, includeData: boolean) {
  return {
    ...executionSummary(execution),
    ...(includeData && execution.inputPayload !== undefined ? { InputPayload: execution.inputPayload } : {}),
    ...(includeData && execution.result !== undefined ? { Result: execution.result } : {}),
    ...(includeData && execution.error !== undefined ? { Error: execution.error } : {}),
    Version: "$LATEST",
    ExecutionDataIncluded: includeData,
  };
}

export function operationShape(operation: Operation): Operation {
  return withEpochTimestamps(operation);
}

/** A history event; without execution data, the payloads of its Input, Result and Error are left out. */
export function eventShape(event: HistoryEvent, includeData: boolean): HistoryEvent {
  const shaped = withEpochTimestamps(event);
  if (includeData) return shaped;
  const fields = shaped as unknown as Record<string, unknown>;
  for (const [key, details] of Object.entries(fields)) {
    if (!key.endsWith("Details") || typeof details !== "object" || details === null) continue;
    const trimmed: Record<string, unknown> = { ...details };
    for (const part of ["Input", "Result", "Error"]) {
      const payload = trimmed[part] as { Payload?: unknown } | undefined;
      if (payload && typeof payload === "object" && "Payload" in payload) {
        const { Payload: _payload, ...rest } = payload;
        trimmed[part] = rest;
      }
    }
    fields[key] = trimmed;
  }
  return shaped;
}
