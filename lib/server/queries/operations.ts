/**
 * Read queries about one execution's Durable Operations: the list in start order (the page nests
 * it by ParentId) and one operation with its attempts and its own history events (read by key
 * through the operation's event list, never by scanning the history).
 */
import "server-only";
import { isoAt } from "@/sdk/runtime/clock";
import { runtimeStateOf } from "@/sdk/runtime/operation-state";
import type { OperationRecord } from "@/sdk/store/types";
import { durable } from "../durable";
import { ApiError } from "../http";
import { attemptsOf } from "../../attempts";
import type { OperationDetail, OperationView } from "../../types";
import { parseAnswerSchema } from "@/sdk/utils/answer-schema";
import { readExecution } from "./executions";

export function toOperationView(record: OperationRecord): OperationView {
  const view: OperationView = { ...record.operation, Seq: record.seq };
  const state = runtimeStateOf(record);
  if (record.operation.Status === "STARTED" || record.operation.Status === "PENDING") {
    if (state.callbackTimeoutAt !== undefined) view.CallbackTimeoutAt = isoAt(state.callbackTimeoutAt);
    if (state.heartbeatDeadlineAt !== undefined) view.HeartbeatDeadlineAt = isoAt(state.heartbeatDeadlineAt);
    if (state.answerSchema !== undefined) view.AnswerSchema = parseAnswerSchema(state.answerSchema);
  }
  if (state.chainedInvoke) {
    view.ChildFunctionName = state.chainedInvoke.functionName;
    if (state.chainedInvoke.childExecutionId) view.ChildExecutionId = state.chainedInvoke.childExecutionId;
  }
  return view;
}

/** Above this many operations the list leaves results out (a map of 25,000 iterations: 21 MB → 14 MB of JSON). */
export const SLIM_LIST_ABOVE = 2000;

/** The operation without its result payloads (errors stay: they are small and shown in the tree). */
function withoutResults(view: OperationView): OperationView {
  const slim: OperationView = { ...view, PayloadsOmitted: true };
  for (const key of ["StepDetails", "ContextDetails", "CallbackDetails", "ChainedInvokeDetails"] as const) {
    const details = slim[key];
    if (details && "Result" in details) {
      const { Result: _omitted, ...rest } = details;
      (slim as unknown as Record<string, unknown>)[key] = rest;
    }
  }
  return slim;
}

export async function listOperations(idOrArn: string): Promise<OperationView[]> {
  const execution = await readExecution(idOrArn);
  return operationViewsOf(execution.executionId);
}

/** The operations of an execution known to exist, as the list answers them. */
export async function operationViewsOf(executionId: string): Promise<OperationView[]> {
  const { client } = await durable();
  const records = await client.getOperations(executionId);
  const views = records.map(toOperationView);
  return views.length > SLIM_LIST_ABOVE ? views.map((view) => (view.Type === "EXECUTION" ? view : withoutResults(view))) : views;
}

export async function getOperationDetail(idOrArn: string, operationId: string): Promise<OperationDetail> {
  const execution = await readExecution(idOrArn);
  const { client } = await durable();
  // The record and its own events by key (the record lists its EventIds): no history scan, so
  // opening an operation costs the same in a 100,000-event execution as in a small one.
  const found = await client.getOperationWithEvents(execution.executionId, operationId);
  if (!found) {
    throw new ApiError("OPERATION_NOT_FOUND", `Execution ${execution.executionId} has no operation ${JSON.stringify(operationId)}`);
  }
  const { operation: record, events } = found;
  const operation = toOperationView(record);
  return { operation, attempts: operation.Type === "STEP" ? attemptsOf(events, operation) : [], events };
}
