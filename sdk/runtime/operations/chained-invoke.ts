/**
 * CHAINED_INVOKE: calls another function and waits for its answer. A durable target runs as a
 * child execution (its end answers the invoke); a plain one is called in-process, with Lambda's
 * function timeout as the deadline after which it counts as lost.
 */
import { Limits, type ErrorObject, type Operation } from "../../types/wire";
import { executionArn, functionNameOfTarget } from "../arns";
import type { MutationBuilder } from "../mutation-builder";
import { runtimeStateOf, withRuntimeState, type ChainedInvokeState } from "../operation-state";
import { baseOperation, endedOperation, errorOf, payloadOf } from "./operation-writes";
import type { AppliedUpdates, CheckpointDeps, OperationBehaviour, OperationFacts, UpdateOf } from "./types";

/** Lambda's maximum function timeout: a plain chained invoke that has not answered by then is lost. */
export const DEFAULT_PLAIN_INVOKE_TIMEOUT_MS = 15 * 60 * 1000;

/** What it is, as data: started once, it waits for its target's answer or a cancel. */
const chainedInvokeFacts: OperationFacts<"CHAINED_INVOKE"> = {
  type: "CHAINED_INVOKE",
  transitions: { START: [undefined], CANCEL: ["STARTED"] },
  waitingStatuses: ["STARTED"],
  dueNowStatuses: [],
};

export const chainedInvokeBehaviour: OperationBehaviour<"CHAINED_INVOKE"> = {
  ...chainedInvokeFacts,
  maxPayloadBytes: Limits.operationPayloadBytes,
  checkUpdate(u, reject) {
    if (u.Action !== "START") return;
    const fn = u.ChainedInvokeOptions?.FunctionName;
    if (typeof fn !== "string" || fn.length < 1 || fn.length > 1024) reject("ChainedInvokeOptions.FunctionName is required to start a CHAINED_INVOKE");
  },

  apply(b, u, record, deps, applied) {
    if (u.Action === "START") return start(b, u, deps, applied);
    const error: ErrorObject = u.Error ?? { ErrorType: "ChainedInvokeCancelled", ErrorMessage: "The chained invoke was cancelled" };
    const op: Operation = { ...endedOperation(b, record!.operation, "STOPPED"), ChainedInvokeDetails: { Error: error } };
    const state = runtimeStateOf(record);
    b.putOperation(withRuntimeState({ ...record!, operation: op }, { ...state, chainedInvoke: state.chainedInvoke && { ...state.chainedInvoke, deadlineAt: undefined } }));
    b.event("ChainedInvokeStopped", op, { Error: errorOf(error) });
    if (state.chainedInvoke?.childExecutionId) applied.cancelledChildExecutionIds.push(state.chainedInvoke.childExecutionId);
  },

  // Only a plain target has a deadline: a durable child answers when it ends, however long.
  timer: {
    dueAt: (record) => runtimeStateOf(record).chainedInvoke?.deadlineAt,
    fire(b, record) {
      const error: ErrorObject = { ErrorType: "Lambda.TimeoutException", ErrorMessage: "The invoked function did not answer before its timeout" };
      const next: Operation = { ...record.operation, Status: "TIMED_OUT", EndTimestamp: b.nowIso, ChainedInvokeDetails: { Error: error } };
      b.putOperation({ ...record, operation: next });
      b.event("ChainedInvokeTimedOut", next, { Error: { Payload: error } });
    },
  },

  redrive: {
    reopen() {},
    // A new run of the target: a new child execution (durable), or a new call (plain; the worker
    // calls it at the next invocation and arms its deadline then).
    rerun(b, record, deps) {
      const state = runtimeStateOf(record);
      const invoke = state.chainedInvoke;
      if (!invoke) return false;
      const { EndTimestamp: _end, ChainedInvokeDetails: _details, ...rest } = record.operation;
      const next: Operation = { ...rest, Status: "STARTED" };
      const rearmed = { ...invoke, deadlineAt: undefined, childExecutionId: invoke.kind === "durable" ? deps.newExecutionId() : undefined };
      b.putOperation(withRuntimeState({ ...record, operation: next }, { ...state, chainedInvoke: rearmed }));
      b.event("ChainedInvokeStarted", next, {
        FunctionName: invoke.requestedFunctionName,
        TenantId: invoke.tenantId,
        Input: invoke.input === undefined ? {} : { Payload: invoke.input },
        DurableExecutionArn: rearmed.childExecutionId && executionArn(invoke.functionName, rearmed.childExecutionId, rearmed.childExecutionId),
      });
      return true;
    },
  },
};

function start(b: MutationBuilder, u: UpdateOf<"CHAINED_INVOKE">, deps: CheckpointDeps, applied: AppliedUpdates): void {
  const requested = u.ChainedInvokeOptions!.FunctionName!;
  const functionName = functionNameOfTarget(requested);
  const kind = functionName === undefined ? undefined : deps.resolveTarget ? deps.resolveTarget(functionName) : "durable";
  const op: Operation = { ...baseOperation(b, u, undefined), Status: "STARTED" };
  const state: ChainedInvokeState = {
    functionName: functionName ?? requested,
    requestedFunctionName: requested,
    tenantId: u.ChainedInvokeOptions?.TenantId,
    input: u.Payload,
    kind: kind ?? "plain",
  };
  if (kind === "durable") state.childExecutionId = deps.newExecutionId();
  if (kind === "plain") state.deadlineAt = b.now + (deps.plainInvokeTimeoutMs ?? DEFAULT_PLAIN_INVOKE_TIMEOUT_MS);
  b.putOperation(withRuntimeState(b.createOperation(op), { chainedInvoke: withoutUndefined(state) }));
  b.event("ChainedInvokeStarted", op, {
    FunctionName: requested,
    TenantId: state.tenantId,
    Input: payloadOf(u.Payload),
    DurableExecutionArn: state.childExecutionId && executionArn(state.functionName, state.childExecutionId, state.childExecutionId),
  });
  if (kind === undefined) {
    // Lambda fails an invoke of a function that does not exist; there is nothing to wait for.
    const error: ErrorObject = { ErrorType: "ResourceNotFoundException", ErrorMessage: `Function not found: ${requested}` };
    const failed: Operation = { ...op, Status: "FAILED", EndTimestamp: b.nowIso, ChainedInvokeDetails: { Error: error } };
    b.putOperation({ ...b.getOperation(op.Id)!, operation: failed });
    b.event("ChainedInvokeFailed", failed, { Error: errorOf(error) });
    return;
  }
  applied.chainedInvokeStarts.push({ operationId: op.Id, state });
}

/** The stored state keeps no undefined fields (the start reported to the caller keeps them all). */
function withoutUndefined(state: ChainedInvokeState): ChainedInvokeState {
  const out = { ...state } as Record<string, unknown>;
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out as unknown as ChainedInvokeState;
}
