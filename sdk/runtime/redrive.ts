/**
 * Redrive (our extension): a FAILED, TIMED_OUT or STOPPED execution runs again from its
 * checkpoints. Operations that completed replay from their stored results; every operation that
 * ended unsuccessfully is re-armed so the replay runs it again:
 * failed STEP -> READY (Attempt kept); failed CONTEXT -> STARTED (its body runs again);
 * timed-out or failed CALLBACK -> STARTED with a fresh CallbackId (pending; the old id stays
 * closed) and re-armed timers; a CALLBACK still STARTED keeps its id and is pending again;
 * failed/timed-out/stopped CHAINED_INVOKE -> STARTED with a new target run. A map or parallel
 * whose result holds a failed item (the batch itself succeeds: its result says which items
 * failed) -> STARTED, so it runs again: its failed items run again, its finished ones replay.
 * Operations under a context that succeeded are left alone (that context replays from its result),
 * and so are failures the code handled (it caught the error and went on: a later sibling started
 * after the failure ended) with everything under them: the redrive resumes where the execution
 * failed, as Step Functions redrives from the failed state and not from an earlier caught one.
 */
import type { OperationRecord } from "../store/types";
import type { ExecutionStatus, Operation } from "../types/wire";
import { msOf } from "./clock";
import type { CheckpointDeps } from "./checkpoint-processor";
import { executionOperationId } from "./checkpoint-processor";
import { executionArn } from "./ids";
import type { MutationBuilder } from "./mutation-builder";
import { runtimeStateOf, withRuntimeState } from "./operation-state";

/**
 * Did `later` start after `earlier` ended? By EventIds when both records list theirs (exact),
 * else by timestamps, strictly (two moments in the same millisecond are not ordered: the failure
 * counts as unhandled and runs again, as before operations listed their events).
 */
function startedAfterEnd(later: OperationRecord, earlier: OperationRecord): boolean {
  if (later.eventIds?.length && earlier.eventIds?.length) return Math.min(...later.eventIds) > Math.max(...earlier.eventIds);
  const start = msOf(later.operation.StartTimestamp);
  const end = msOf(earlier.operation.EndTimestamp);
  return start !== undefined && end !== undefined && start > end;
}

export { REDRIVABLE_STATUSES } from "../types/wire";

const ENDED_UNSUCCESSFULLY = new Set(["FAILED", "TIMED_OUT", "STOPPED"]);

export function applyRedrive(b: MutationBuilder, deps: Pick<CheckpointDeps, "newCallbackId" | "newExecutionId">): string[] {
  const fromStatus = b.execution.status;
  const redriveCount = b.execution.redriveCount + 1;
  const all = b.operations();
  const byId = new Map(all.map((r) => [r.operation.Id, r]));
  const childrenOf = new Map<string | undefined, OperationRecord[]>();
  for (const record of all) {
    const siblings = childrenOf.get(record.operation.ParentId) ?? [];
    siblings.push(record);
    childrenOf.set(record.operation.ParentId, siblings);
  }
  /** The code went on past this failure (it caught it): a later sibling started after it ended. */
  const handled = (record: OperationRecord): boolean => {
    const parent = record.operation.ParentId === undefined ? undefined : byId.get(record.operation.ParentId)?.operation;
    // A map item's or parallel branch's failure is the batch's to judge: the batch's outcome says.
    if (parent?.SubType === "Map" || parent?.SubType === "Parallel") return false;
    return (childrenOf.get(record.operation.ParentId) ?? []).some((sibling) => sibling.seq > record.seq && startedAfterEnd(sibling, record));
  };
  /** A map or parallel that completed with a failed item the code did not get past: it runs again. */
  const failedBatch = (record: OperationRecord): boolean =>
    record.operation.Type === "CONTEXT" &&
    record.operation.Status === "SUCCEEDED" &&
    (record.operation.SubType === "Map" || record.operation.SubType === "Parallel") &&
    (childrenOf.get(record.operation.Id) ?? []).some((item) => item.operation.Status === "FAILED") &&
    !handled(record);
  /** Replays from its record: under a context that succeeded, or under a failure the code handled. */
  const settledByAncestor = (op: Operation): boolean => {
    let parentId = op.ParentId;
    for (let depth = 0; parentId !== undefined && depth < 256; depth++) {
      const parent = byId.get(parentId);
      if (!parent) return false;
      if (parent.operation.Status === "SUCCEEDED" && failedBatch(parent) && !settledByAncestor(parent.operation)) {
        parentId = parent.operation.ParentId;
        continue;
      }
      if (parent.operation.Status === "SUCCEEDED" || parent.operation.Status === "CANCELLED") return true;
      if (ENDED_UNSUCCESSFULLY.has(parent.operation.Status) && handled(parent)) return true;
      parentId = parent.operation.ParentId;
    }
    return false;
  };

  const execId = executionOperationId(b.execution);
  const execRecord = b.getOperation(execId);
  if (execRecord) {
    const { EndTimestamp: _end, ...op } = execRecord.operation;
    b.putOperation(
      withRuntimeState({ ...execRecord, operation: { ...op, Status: "STARTED" } }, {
        ...runtimeStateOf(execRecord),
        invocationErrors: undefined,
        // The execution timeout counts afresh from the redrive.
        timeoutBaseAt: b.now,
      }),
    );
  }
  b.event("ExecutionRedriven", execRecord?.operation, { RedriveCount: redriveCount, FromStatus: fromStatus });

  const rearmed: string[] = [];
  for (const record of all) {
    const callbackId = record.operation.CallbackDetails?.CallbackId;
    if (record.operation.Type === "CALLBACK" && record.operation.Status === "STARTED" && callbackId !== undefined) {
      // Still waiting when the execution ended (which closed it): answerable again from now.
      b.patchCallback({ callbackId, pending: true });
      continue;
    }
    const { EndTimestamp: _end, ...op } = record.operation;
    if (failedBatch(record) && !settledByAncestor(record.operation)) {
      const { Result: _result, ...details } = op.ContextDetails ?? {};
      b.putOperation({ ...record, operation: { ...op, Status: "STARTED", ContextDetails: details } });
      rearmed.push(op.Id);
      continue;
    }
    if (op.Type === "EXECUTION" || !ENDED_UNSUCCESSFULLY.has(op.Status) || handled(record) || settledByAncestor(record.operation)) continue;
    const state = runtimeStateOf(record);
    switch (op.Type) {
      case "STEP": {
        const { Error: _error, ...details } = op.StepDetails ?? {};
        b.putOperation({ ...record, operation: { ...op, Status: "READY", StepDetails: details } });
        break;
      }
      case "CONTEXT": {
        const { Error: _error, ...details } = op.ContextDetails ?? {};
        b.putOperation({ ...record, operation: { ...op, Status: "STARTED", ContextDetails: details } });
        break;
      }
      case "CALLBACK": {
        const callbackId = deps.newCallbackId();
        const timeout = state.callbackTimeoutSeconds;
        const heartbeat = state.heartbeatTimeoutSeconds;
        const next: Operation = { ...op, Status: "STARTED", CallbackDetails: { CallbackId: callbackId } };
        const deadlines = {
          timeoutAt: timeout === undefined ? undefined : b.now + timeout * 1000,
          heartbeatDeadlineAt: heartbeat === undefined ? undefined : b.now + heartbeat * 1000,
        };
        b.putOperation(
          withRuntimeState({ ...record, operation: next }, {
            ...state,
            callbackTimeoutAt: deadlines.timeoutAt,
            heartbeatDeadlineAt: deadlines.heartbeatDeadlineAt,
          }),
        );
        // The old id is dead (answers to it get CALLBACK_TIMEOUT); the new one waits.
        const oldCallbackId = op.CallbackDetails?.CallbackId;
        if (oldCallbackId !== undefined) b.closeCallback(oldCallbackId);
        b.openCallback(callbackId, next, deadlines);
        b.event("CallbackStarted", next, { CallbackId: callbackId, Input: {}, Timeout: timeout, HeartbeatTimeout: heartbeat });
        break;
      }
      case "CHAINED_INVOKE": {
        const invoke = state.chainedInvoke;
        if (!invoke) continue;
        const { ChainedInvokeDetails: _details, ...rest } = op;
        const next: Operation = { ...rest, Status: "STARTED" };
        // A new run of the target: a new child execution (durable), or a new call (plain; the
        // worker calls it at the next invocation and arms its deadline then).
        const rearmedInvoke = { ...invoke, deadlineAt: undefined, childExecutionId: invoke.kind === "durable" ? deps.newExecutionId() : undefined };
        b.putOperation(withRuntimeState({ ...record, operation: next }, { ...state, chainedInvoke: rearmedInvoke }));
        b.event("ChainedInvokeStarted", next, {
          FunctionName: invoke.requestedFunctionName,
          TenantId: invoke.tenantId,
          Input: invoke.input === undefined ? {} : { Payload: invoke.input },
          DurableExecutionArn: rearmedInvoke.childExecutionId && executionArn(invoke.functionName, rearmedInvoke.childExecutionId, rearmedInvoke.childExecutionId),
        });
        break;
      }
      default:
        continue;
    }
    rearmed.push(op.Id);
  }

  b.setExecution({
    status: "RUNNING",
    endTimestamp: null,
    result: null,
    error: null,
    redriveCount,
    nextWakeAt: b.now,
    // Running again: its parent is owed an answer only when it ends again.
    followUpAt: null,
    leaseOwner: null,
    leaseExpiresAt: null,
    checkpointToken: null,
  });
  return rearmed;
}
