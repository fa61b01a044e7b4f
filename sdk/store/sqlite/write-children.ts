/**
 * The child records of one transact (operations, events, logs, callbacks), written inside the
 * caller's transaction. Every record must name the transaction's execution.
 */
import { StoreError, type CallbackPatch, type ExecutionMutation } from "../types";
import { callbackValues, logValues } from "./rows";
import type { Statements } from "./statements";

/** Operations, events, logs and callbacks of one execution; each must name that execution. */
export function writeChildren(s: Statements, executionId: string, mutation: ExecutionMutation): void {
  for (const op of mutation.putOperations ?? []) {
    sameExecution(executionId, op.executionId, "operation");
    s.upsertOperation.run(
      executionId,
      op.operation.Id,
      op.seq,
      JSON.stringify(op.operation),
      op.runtime === undefined ? null : JSON.stringify(op.runtime),
      op.eventIds === undefined ? null : eventIdsJson(op.eventIds),
    );
  }
  for (const event of mutation.events ?? []) {
    if (!Number.isSafeInteger(event.EventId) || event.EventId < 1) {
      throw new TypeError(`EventId must be a positive integer, got ${String(event.EventId)}`);
    }
    try {
      s.insertEvent.run(executionId, event.EventId, JSON.stringify(event));
    } catch (error) {
      throw asConflict(error, `event ${event.EventId} already exists in execution ${executionId}`);
    }
  }
  for (const log of mutation.logs ?? []) {
    sameExecution(executionId, log.executionId, "log");
    try {
      s.insertLog.run(logValues(log));
    } catch (error) {
      throw asConflict(error, `log ${log.seq} already exists in execution ${executionId}`);
    }
  }
  for (const callback of mutation.putCallbacks ?? []) {
    sameExecution(executionId, callback.executionId, "callback");
    s.upsertCallback.run(callbackValues(callback));
  }
  for (const patch of mutation.patchCallbacks ?? []) patchCallback(s, executionId, patch);
}

/** The eventIds column: a JSON array of positive integers (anything else would break the key read). */
function eventIdsJson(ids: number[]): string {
  for (const id of ids) {
    if (!Number.isSafeInteger(id) || id < 1) throw new TypeError(`eventIds must hold positive integers, got ${String(id)}`);
  }
  return JSON.stringify(ids);
}

function patchCallback(s: Statements, executionId: string, patch: CallbackPatch): void {
  const { changes } = s.patchCallback.run({
    id: patch.callbackId,
    executionId,
    setPending: patch.pending === undefined ? 0 : 1,
    pending: patch.pending ? 1 : 0,
    setHeartbeat: patch.heartbeatDeadlineAt === undefined ? 0 : 1,
    heartbeat: patch.heartbeatDeadlineAt ?? null,
  });
  if (changes === 0) {
    throw new StoreError("CONFLICT", `execution ${executionId} has no callback ${patch.callbackId} to patch`);
  }
}

function sameExecution(executionId: string, recordExecutionId: string, what: string): void {
  if (recordExecutionId !== executionId) {
    throw new TypeError(`a ${what} of execution ${recordExecutionId} cannot be written by a transact on ${executionId}`);
  }
}

/** Unique-key violations become StoreError CONFLICT; anything else passes through unchanged. */
export function asConflict(error: unknown, message: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT_PRIMARYKEY")) return new StoreError("CONFLICT", message);
  if (typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT_UNIQUE")) return new StoreError("CONFLICT", message);
  return error;
}
