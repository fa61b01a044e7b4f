/**
 * What a redrive would do, before it is done. The preview runs the redrive itself (`applyRedrive`,
 * with the operation table's per-type `redrive`) on an in-memory builder over the same records,
 * and reads the answer off what it wrote: which operations replay from their checkpoints, which
 * run again and as which attempt, which callbacks get new ids. Nothing is written, and since it is
 * the same code on the same records, the preview and the redrive cannot disagree.
 */
import type { ExecutionRecord, OperationRecord } from "../store/types";
import type { ExecutionStatus, OperationStatus, OperationType } from "../types/wire";
import { executionOperationId } from "./checkpoint-processor";
import { DurableClientError } from "./errors";
import { MutationBuilder } from "./mutation-builder";
import { applyRedrive, REDRIVABLE_STATUSES } from "./redrive";

/**
 * - REPLAY: ended; replays from its checkpoint (a failure the code handled replays its error).
 * - RUN_AGAIN: ended unsuccessfully; re-armed, so the code runs it again (`attempt` for a step).
 * - NEW_CALLBACK_ID: a callback that timed out or failed waits again under a new id.
 * - CONTINUE: still open when the execution ended (a wait, a callback, a retry): it goes on waiting.
 */
export type RedrivePlan = "REPLAY" | "RUN_AGAIN" | "NEW_CALLBACK_ID" | "CONTINUE";

export interface RedrivePreviewOperation {
  operationId: string;
  parentId?: string;
  name?: string;
  type: OperationType;
  subType?: string;
  /** As recorded now. */
  status: OperationStatus;
  plan: RedrivePlan;
  /** STEP that runs again: the attempt number its next run has (its attempt count is kept). */
  nextAttempt?: number;
  /** CALLBACK: the id it has now (closed for good when it gets a new one). */
  callbackId?: string;
}

export interface RedrivePreview {
  executionId: string;
  fromStatus: ExecutionStatus;
  /** The redrive count the execution will have. */
  redriveCount: number;
  operations: RedrivePreviewOperation[];
  counts: Record<RedrivePlan, number>;
}

const OPEN: readonly OperationStatus[] = ["STARTED", "PENDING", "READY"];

/** Throws INVALID_STATE as the redrive does for an execution it would refuse. */
export function assertRedrivable(execution: ExecutionRecord, records: Iterable<OperationRecord>): void {
  if (!REDRIVABLE_STATUSES.includes(execution.status)) {
    throw new DurableClientError(
      "INVALID_STATE",
      `execution ${execution.executionId} is ${execution.status}; only FAILED, TIMED_OUT or STOPPED executions can be redriven`,
    );
  }
  const execId = executionOperationId(execution);
  for (const record of records) if (record.operation.Id === execId) return;
  throw new DurableClientError("INVALID_STATE", `execution ${execution.executionId} has no EXECUTION operation`);
}

export function previewRedrive(execution: ExecutionRecord, records: OperationRecord[], now: number): RedrivePreview {
  assertRedrivable(execution, records);
  const builder = new MutationBuilder(execution, records, now);
  const rearmed = new Set(applyRedrive(builder, { newCallbackId: () => "preview", newExecutionId: () => "preview" }));
  const counts: Record<RedrivePlan, number> = { REPLAY: 0, RUN_AGAIN: 0, NEW_CALLBACK_ID: 0, CONTINUE: 0 };
  const operations: RedrivePreviewOperation[] = [];
  for (const record of [...records].sort((a, b) => a.seq - b.seq)) {
    const op = record.operation;
    if (op.Type === "EXECUTION") continue;
    const after = builder.getOperation(op.Id)?.operation ?? op;
    let plan: RedrivePlan;
    if (rearmed.has(op.Id)) plan = op.Type === "CALLBACK" ? "NEW_CALLBACK_ID" : "RUN_AGAIN";
    else if (OPEN.includes(op.Status)) plan = "CONTINUE";
    else plan = "REPLAY";
    counts[plan] += 1;
    const row: RedrivePreviewOperation = { operationId: op.Id, type: op.Type, status: op.Status, plan };
    if (op.ParentId !== undefined) row.parentId = op.ParentId;
    if (op.Name !== undefined) row.name = op.Name;
    if (op.SubType !== undefined) row.subType = op.SubType;
    if (op.Type === "STEP" && plan === "RUN_AGAIN") row.nextAttempt = (after.StepDetails?.Attempt ?? 0) + 1;
    if (op.Type === "CALLBACK" && op.CallbackDetails?.CallbackId !== undefined) row.callbackId = op.CallbackDetails.CallbackId;
    operations.push(row);
  }
  return { executionId: execution.executionId, fromStatus: execution.status, redriveCount: execution.redriveCount + 1, operations, counts };
}
