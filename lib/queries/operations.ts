/**
 * Read queries about one execution's Durable Operations: the list in start order (the page nests
 * it by ParentId) and one operation with its attempts and its own history events.
 */
import { isoAt } from "@/sdk/runtime/clock";
import { runtimeStateOf } from "@/sdk/runtime/operation-state";
import type { OperationRecord } from "@/sdk/store/types";
import { durable } from "../durable";
import { ApiError } from "../http";
import { attemptsOf } from "../attempts";
import type { OperationDetail, OperationView } from "../types";
import { findExecutionRecord } from "./executions";
import { eventsOfOperation } from "./history";

export function toOperationView(record: OperationRecord): OperationView {
  const view: OperationView = { ...record.operation, Seq: record.seq };
  const state = runtimeStateOf(record);
  if (record.operation.Status === "STARTED" || record.operation.Status === "PENDING") {
    if (state.callbackTimeoutAt !== undefined) view.CallbackTimeoutAt = isoAt(state.callbackTimeoutAt);
    if (state.heartbeatDeadlineAt !== undefined) view.HeartbeatDeadlineAt = isoAt(state.heartbeatDeadlineAt);
  }
  if (state.chainedInvoke) {
    view.ChildFunctionName = state.chainedInvoke.functionName;
    if (state.chainedInvoke.childExecutionId) view.ChildExecutionId = state.chainedInvoke.childExecutionId;
  }
  return view;
}

export async function listOperations(idOrArn: string): Promise<OperationView[]> {
  const execution = await findExecutionRecord(idOrArn);
  const { store } = await durable();
  const records = await store.listOperations(execution.executionId);
  return records.map(toOperationView);
}

export async function getOperationDetail(idOrArn: string, operationId: string): Promise<OperationDetail> {
  const execution = await findExecutionRecord(idOrArn);
  const { store } = await durable();
  const record = await store.getOperation(execution.executionId, operationId);
  if (!record) {
    throw new ApiError(404, "OPERATION_NOT_FOUND", `Execution ${execution.executionId} has no operation ${JSON.stringify(operationId)}`);
  }
  const events = await eventsOfOperation(execution.executionId, operationId);
  const operation = toOperationView(record);
  return { operation, attempts: operation.Type === "STEP" ? attemptsOf(events, operation) : [], events };
}
