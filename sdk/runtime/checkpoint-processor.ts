/**
 * What a checkpoint means: pure functions from (stored state, updates, logs, now) to the
 * operation records, history events, logs and callback records one transaction writes.
 * Semantics follow Lambda's CheckpointDurableExecution (reference §4-§5): each update is
 * validated, applied to the operation it names, and recorded as a history event.
 */
import type { ExecutionMutation, ExecutionRecord, OperationRecord } from "../store/types";
import type { ErrorObject, Operation, OperationUpdate } from "../types/wire";
import { isoAt } from "./clock";
import { checkTransition, validateLogs, validateUpdateShape } from "./checkpoint-validation";
import { InvalidCheckpointError } from "./errors";
import { executionArn, functionNameOfTarget } from "./ids";
import { MutationBuilder } from "./mutation-builder";
import { runtimeStateOf, withRuntimeState, type ChainedInvokeState } from "./operation-state";
import { fireDueTimers } from "./timers";

export { fireDueTimers, computeNextWakeAt } from "./timers";

/** Lambda's maximum function timeout: a plain chained invoke that has not answered by then is lost. */
export const DEFAULT_PLAIN_INVOKE_TIMEOUT_MS = 15 * 60 * 1000;
export const DEFAULT_RETRY_DELAY_SECONDS = 1;

/** The EXECUTION operation's Id is the execution id (the SDK finds it as the first operation). */
export function executionOperationId(execution: Pick<ExecutionRecord, "executionId">): string {
  return execution.executionId;
}

export interface CheckpointDeps {
  newCallbackId: () => string;
  newExecutionId: () => string;
  /**
   * What a chained invoke's target is: a durable function (a child execution), a plain function
   * (called in-process) or unknown (the invoke fails at once). Without a resolver every target is
   * treated as durable.
   */
  resolveTarget?: (functionName: string) => "durable" | "plain" | undefined;
  plainInvokeTimeoutMs?: number;
}

export interface ChainedInvokeStart {
  operationId: string;
  state: ChainedInvokeState;
}

export interface AppliedUpdates {
  /** Chained invokes this checkpoint started: the caller starts their targets after commit. */
  chainedInvokeStarts: ChainedInvokeStart[];
  /** Child executions of chained invokes this checkpoint cancelled: the caller stops them. */
  cancelledChildExecutionIds: string[];
  /** Set when the SDK checkpointed the execution's own outcome (the large-result path). */
  executionOutcome?: "SUCCEEDED" | "FAILED";
}

const payloadOf = (payload: string | undefined) => (payload === undefined ? {} : { Payload: payload });
const errorOf = (error: ErrorObject | undefined) => (error === undefined ? {} : { Payload: error });

/** Validates and applies updates in order (several updates may name the same operation). */
export function applyCheckpointUpdates(b: MutationBuilder, updates: unknown, deps: CheckpointDeps): AppliedUpdates {
  if (updates !== undefined && !Array.isArray(updates)) throw new InvalidCheckpointError("Updates must be an array");
  const list = (updates ?? []) as unknown[];
  list.forEach((raw, index) => validateUpdateShape(raw, index));
  const applied: AppliedUpdates = { chainedInvokeStarts: [], cancelledChildExecutionIds: [] };
  (list as OperationUpdate[]).forEach((given, index) => {
    // An EXECUTION update always means the execution itself, whatever Id the SDK used
    // (its large-result path checkpoints with a synthetic id).
    const update = given.Type === "EXECUTION" ? { ...given, Id: executionOperationId(b.execution) } : given;
    if (applied.executionOutcome) throw new InvalidCheckpointError(`update ${index}: the execution has already completed`);
    const record = b.getOperation(update.Id);
    checkTransition(index, update, record?.operation.Type, record?.operation.Status);
    applyOne(b, update, record, deps, applied);
  });
  return applied;
}

function newOperation(b: MutationBuilder, u: OperationUpdate, status: Operation["Status"]): Operation {
  const op: Operation = { Id: u.Id, Type: u.Type, StartTimestamp: b.nowIso, Status: status };
  if (u.ParentId !== undefined) op.ParentId = u.ParentId;
  if (u.Name !== undefined) op.Name = u.Name;
  if (u.SubType !== undefined) op.SubType = u.SubType;
  return op;
}

function put(b: MutationBuilder, record: OperationRecord | undefined, op: Operation): OperationRecord {
  if (!record) return b.createOperation(op);
  const next = { ...record, operation: op };
  b.putOperation(next);
  return next;
}

function applyOne(b: MutationBuilder, u: OperationUpdate, record: OperationRecord | undefined, deps: CheckpointDeps, applied: AppliedUpdates): void {
  const current = record?.operation;
  const base = current ?? newOperation(b, u, "STARTED");
  const ended = (status: Operation["Status"]): Operation => ({ ...base, Status: status, EndTimestamp: b.nowIso });
  switch (u.Type) {
    case "STEP": {
      const attempts = current?.StepDetails?.Attempt ?? 0;
      const { NextAttemptTimestamp: _next, Error: _error, ...kept } = current?.StepDetails ?? {};
      if (u.Action === "START") {
        const op: Operation = { ...base, Status: "STARTED" };
        if (current) op.StepDetails = kept;
        b.event("StepStarted", put(b, record, op).operation, {});
      } else if (u.Action === "RETRY") {
        const delay = u.StepOptions?.NextAttemptDelaySeconds ?? DEFAULT_RETRY_DELAY_SECONDS;
        const attempt = attempts + 1;
        const op: Operation = {
          ...base,
          Status: "PENDING",
          StepDetails: { Attempt: attempt, NextAttemptTimestamp: isoAt(b.now + delay * 1000), Result: u.Payload, Error: u.Error },
        };
        const stored = put(b, record, op).operation;
        // A failed attempt is a StepFailed; a waitForCondition round (state, no error) a StepSucceeded.
        // RetryDetails.CurrentAttempt is the attempt (or round) the event reports on. The official
        // local runner numbers by the attempts recorded before it, one less from the second on.
        if (u.Error !== undefined) {
          b.event("StepFailed", stored, { Error: errorOf(u.Error), RetryDetails: { CurrentAttempt: attempt, NextAttemptDelaySeconds: delay } });
        } else {
          b.event("StepSucceeded", stored, { Result: payloadOf(u.Payload), RetryDetails: successRetryDetails(attempt, delay) });
        }
      } else if (u.Action === "SUCCEED") {
        const op: Operation = { ...ended("SUCCEEDED"), StepDetails: { ...kept, Result: u.Payload } };
        b.event("StepSucceeded", put(b, record, op).operation, { Result: payloadOf(u.Payload), RetryDetails: successRetryDetails(attempts + 1) });
      } else {
        const { Result: _result, ...withoutResult } = kept;
        const op: Operation = { ...ended("FAILED"), StepDetails: { ...withoutResult, Error: u.Error } };
        b.event("StepFailed", put(b, record, op).operation, { Error: errorOf(u.Error), RetryDetails: { CurrentAttempt: attempts + 1 } });
      }
      return;
    }
    case "CONTEXT": {
      const replayChildren = u.ContextOptions?.ReplayChildren ?? current?.ContextDetails?.ReplayChildren;
      const details = replayChildren === undefined ? {} : { ReplayChildren: replayChildren };
      if (u.Action === "START") {
        const op: Operation = { ...base, Status: "STARTED" };
        if (replayChildren !== undefined) op.ContextDetails = details;
        b.event("ContextStarted", put(b, record, op).operation, {});
      } else if (u.Action === "SUCCEED") {
        const op: Operation = { ...ended("SUCCEEDED"), ContextDetails: { ...details, Result: u.Payload } };
        b.event("ContextSucceeded", put(b, record, op).operation, { Result: payloadOf(u.Payload) });
      } else {
        const op: Operation = { ...ended("FAILED"), ContextDetails: { ...details, Error: u.Error } };
        b.event("ContextFailed", put(b, record, op).operation, { Error: errorOf(u.Error) });
      }
      return;
    }
    case "WAIT": {
      if (u.Action === "START") {
        const seconds = u.WaitOptions?.WaitSeconds ?? 0;
        const scheduledEnd = isoAt(b.now + seconds * 1000);
        const op: Operation = { ...base, Status: "STARTED", WaitDetails: { ScheduledEndTimestamp: scheduledEnd } };
        b.event("WaitStarted", put(b, record, op).operation, { Duration: seconds, ScheduledEndTimestamp: scheduledEnd });
      } else {
        b.event("WaitCancelled", put(b, record, ended("CANCELLED")).operation, { Error: u.Error === undefined ? undefined : errorOf(u.Error) });
      }
      return;
    }
    case "CALLBACK": {
      if (u.Action === "START") {
        const callbackId = deps.newCallbackId();
        const timeout = positive(u.CallbackOptions?.TimeoutSeconds);
        const heartbeat = positive(u.CallbackOptions?.HeartbeatTimeoutSeconds);
        const op: Operation = { ...base, Status: "STARTED", CallbackDetails: { CallbackId: callbackId } };
        const created = b.createOperation(op);
        const deadlines = {
          timeoutAt: timeout === undefined ? undefined : b.now + timeout * 1000,
          heartbeatDeadlineAt: heartbeat === undefined ? undefined : b.now + heartbeat * 1000,
        };
        b.putOperation(
          withRuntimeState(created, {
            callbackTimeoutAt: deadlines.timeoutAt,
            heartbeatDeadlineAt: deadlines.heartbeatDeadlineAt,
            callbackTimeoutSeconds: timeout,
            heartbeatTimeoutSeconds: heartbeat,
          }),
        );
        // The parent CONTEXT (for the inbox name) is in the builder: the invocation client reads
        // the ParentId of every CALLBACK START it knows exists; a parent started in this batch is here.
        b.openCallback(callbackId, op, deadlines);
        b.event("CallbackStarted", op, { CallbackId: callbackId, Input: payloadOf(u.Payload), Timeout: timeout, HeartbeatTimeout: heartbeat });
      } else {
        // No history event type exists for a cancelled callback; the operation records it.
        const state = runtimeStateOf(record);
        b.putOperation(withRuntimeState({ ...record!, operation: ended("CANCELLED") }, { ...state, callbackTimeoutAt: undefined, heartbeatDeadlineAt: undefined }));
        const callbackId = record!.operation.CallbackDetails?.CallbackId;
        if (callbackId !== undefined) b.closeCallback(callbackId);
      }
      return;
    }
    case "CHAINED_INVOKE": {
      if (u.Action === "START") startChainedInvoke(b, u, base, deps, applied);
      else {
        const error: ErrorObject = u.Error ?? { ErrorType: "ChainedInvokeCancelled", ErrorMessage: "The chained invoke was cancelled" };
        const op: Operation = { ...ended("STOPPED"), ChainedInvokeDetails: { Error: error } };
        const state = runtimeStateOf(record);
        b.putOperation(withRuntimeState({ ...record!, operation: op }, { ...state, chainedInvoke: state.chainedInvoke && { ...state.chainedInvoke, deadlineAt: undefined } }));
        b.event("ChainedInvokeStopped", op, { Error: errorOf(error) });
        if (state.chainedInvoke?.childExecutionId) applied.cancelledChildExecutionIds.push(state.chainedInvoke.childExecutionId);
      }
      return;
    }
    case "EXECUTION": {
      // The outcome is kept on the execution row; the terminal event is written when the
      // invocation completes, after its InvocationCompleted (as for a returned result).
      const status = u.Action === "SUCCEED" ? "SUCCEEDED" : "FAILED";
      put(b, record, ended(status));
      if (status === "SUCCEEDED") b.setExecution(u.Payload === undefined ? { result: null } : { result: u.Payload });
      else b.setExecution({ error: u.Error ?? { ErrorType: "Error", ErrorMessage: "" } });
      applied.executionOutcome = status;
      return;
    }
  }
}

function startChainedInvoke(b: MutationBuilder, u: OperationUpdate, base: Operation, deps: CheckpointDeps, applied: AppliedUpdates): void {
  const requested = u.ChainedInvokeOptions!.FunctionName!;
  const functionName = functionNameOfTarget(requested);
  const kind = functionName === undefined ? undefined : deps.resolveTarget ? deps.resolveTarget(functionName) : "durable";
  const op: Operation = { ...base, Status: "STARTED" };
  const state: ChainedInvokeState = {
    functionName: functionName ?? requested,
    requestedFunctionName: requested,
    tenantId: u.ChainedInvokeOptions?.TenantId,
    input: u.Payload,
    kind: kind ?? "plain",
  };
  if (kind === "durable") state.childExecutionId = deps.newExecutionId();
  if (kind === "plain") state.deadlineAt = b.now + (deps.plainInvokeTimeoutMs ?? DEFAULT_PLAIN_INVOKE_TIMEOUT_MS);
  const created = b.createOperation(op);
  b.putOperation(withRuntimeState(created, { chainedInvoke: compactState(state) }));
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

function compactState(state: ChainedInvokeState): ChainedInvokeState {
  const out = { ...state } as Record<string, unknown>;
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out as unknown as ChainedInvokeState;
}

function positive(seconds: number | undefined): number | undefined {
  return seconds !== undefined && seconds > 0 ? seconds : undefined;
}

/** Stores the structured logs a checkpoint carries (our extension), tagged with the invocation. */
export function appendCheckpointLogs(b: MutationBuilder, logs: unknown, requestId?: string): void {
  validateLogs(logs);
  for (const entry of logs ?? []) {
    b.log({
      timestamp: entry.Timestamp,
      level: entry.Level,
      message: entry.Message,
      data: entry.Data,
      operationId: entry.OperationId,
      operationName: entry.OperationName,
      attempt: entry.Attempt,
      requestId,
    });
  }
}

export interface CheckpointInput {
  execution: ExecutionRecord;
  /** The stored records of the operations the updates name (and any whose timers may be due). */
  operations: Map<string, OperationRecord> | Iterable<OperationRecord>;
  updates?: unknown;
  logs?: unknown;
  now: number;
  requestId?: string;
  /** The rotated fencing token to store. */
  nextToken?: string;
  leaseExpiresAt?: number;
  deps: CheckpointDeps;
}

export interface CheckpointResult extends AppliedUpdates {
  mutation: ExecutionMutation;
  changedOperations: OperationRecord[];
  firedTimers: string[];
}

/**
 * One whole checkpoint, purely: due timers first, then the updates, then the logs, then the
 * execution patch (rotated token, renewed lease, eventCount/operationCount).
 * Throws InvalidCheckpointError for an update the service refuses.
 */
export function processCheckpoint(input: CheckpointInput): CheckpointResult {
  if (input.execution.status !== "RUNNING") throw new InvalidCheckpointError(`execution is ${input.execution.status}`);
  const b = new MutationBuilder(input.execution, input.operations, input.now);
  const firedTimers = fireDueTimers(b);
  const applied = applyCheckpointUpdates(b, input.updates, input.deps);
  appendCheckpointLogs(b, input.logs, input.requestId);
  if (input.nextToken !== undefined) b.setExecution({ checkpointToken: input.nextToken });
  if (input.leaseExpiresAt !== undefined) b.setExecution({ leaseExpiresAt: input.leaseExpiresAt });
  // build() already lists the changed operations with their final eventIds: use that list, not a second pass.
  const mutation = b.build();
  return { ...applied, mutation, changedOperations: mutation.putOperations ?? [], firedTimers };
}


/** A success's RetryDetails: the attempt that succeeded, left out on a first attempt (as the official runner does). */
function successRetryDetails(attempt: number, nextAttemptDelaySeconds?: number): Record<string, number> {
  return {
    ...(nextAttemptDelaySeconds !== undefined ? { NextAttemptDelaySeconds: nextAttemptDelaySeconds } : {}),
    ...(attempt > 1 ? { CurrentAttempt: attempt } : {}),
  };
}
