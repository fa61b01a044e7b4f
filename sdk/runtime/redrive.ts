/**
 * Redrive (our extension): a FAILED, TIMED_OUT or STOPPED execution runs again from its
 * checkpoints. Operations that completed replay from their stored results; every operation that
 * ended unsuccessfully is re-armed so the replay runs it again (how, is each type's `redrive` in
 * operations/; which operations, is decided here, from the tree):
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
import type { Operation } from "../types/wire";
import { msOf } from "./clock";
import { executionOperationId } from "./checkpoint-processor";
import type { MutationBuilder } from "./mutation-builder";
import { runtimeStateOf, withRuntimeState } from "./operation-state";
import { behaviourOf } from "./operations/table";
import type { CheckpointDeps } from "./operations/types";

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
/** Not ended: it was waiting or running when the execution ended. */
const OPEN = new Set(["STARTED", "PENDING", "READY"]);

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

  // What happens to each operation is its type's (operations/<type>.ts: `redrive`); which
  // operations run again is decided here, from the tree.
  const rearmed: string[] = [];
  for (const record of all) {
    const { redrive } = behaviourOf(record.operation.Type);
    if (OPEN.has(record.operation.Status)) {
      redrive.reopen(b, record);
      continue;
    }
    const runsAgain = failedBatch(record)
      ? !settledByAncestor(record.operation)
      : ENDED_UNSUCCESSFULLY.has(record.operation.Status) && !handled(record) && !settledByAncestor(record.operation);
    if (runsAgain && redrive.rerun(b, record, deps)) rearmed.push(record.operation.Id);
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
