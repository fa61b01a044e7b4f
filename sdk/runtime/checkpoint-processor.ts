/**
 * What a checkpoint means: pure functions from (stored state, updates, logs, now) to the
 * operation records, history events, logs and callback records one transaction writes.
 * Semantics follow Lambda's CheckpointDurableExecution (reference §4-§5): each update is
 * validated, applied to the operation it names, and recorded as a history event.
 */
import type { ExecutionMutation, ExecutionRecord, OperationRecord } from "../store/types";
import type { OperationUpdate } from "../types/wire";
import { checkTransition, validateLogs, validateUpdateShape } from "./checkpoint-validation";
import { InvalidCheckpointError } from "./errors";
import { MutationBuilder } from "./mutation-builder";
import { behaviourOf } from "./operations/table";
import type { AppliedUpdates, CheckpointDeps } from "./operations/types";
import { fireDueTimers } from "./timers";

export { fireDueTimers, computeNextWakeAt } from "./timers";
export { DEFAULT_PLAIN_INVOKE_TIMEOUT_MS } from "./operations/chained-invoke";
export { DEFAULT_RETRY_DELAY_SECONDS } from "./operations/step";
export type { AppliedUpdates, ChainedInvokeStart, CheckpointDeps } from "./operations/types";

/** The EXECUTION operation's Id is the execution id (the SDK finds it as the first operation). */
export function executionOperationId(execution: Pick<ExecutionRecord, "executionId">): string {
  return execution.executionId;
}

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
    // Each type applies its own updates (sdk/runtime/operations/).
    behaviourOf(update.Type).apply(b, update, record, deps, applied);
  });
  return applied;
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

