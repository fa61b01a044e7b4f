/**
 * What a RUNNING execution waits on, in words, from its row and its operations: each wait with
 * its deadline and who or what ends it. The same facts the runtime schedules by (the operation
 * table's waiting statuses and timers, sdk/runtime/operations/), so the page never says "waiting
 * on a timer" for something the worker does not consider waiting.
 */
import type { ExecutionRecord, OperationRecord } from "../../store/types";
import { isoAt } from "../clock";
import { runtimeStateOf } from "../operation-state";
import { isDueNow, isWaitingOperation } from "../operations/facts";
import type { WaitItem } from "./types";
import type { WorkerIndex } from "./workers";

const label = (record: OperationRecord) => record.operation.Name ?? record.operation.Id.slice(0, 8);
const parentName = (record: OperationRecord, byId: Map<string, OperationRecord>) =>
  record.operation.ParentId ? byId.get(record.operation.ParentId)?.operation.Name : undefined;

export function waitingOn(execution: Omit<ExecutionRecord, "checkpointToken">, operations: OperationRecord[], workers: WorkerIndex, now: number): WaitItem[] {
  if (execution.status !== "RUNNING") return [];
  const items: WaitItem[] = [];
  const invocation = runningInvocation(execution, workers, now);
  if (invocation) items.push(invocation);
  const byId = new Map(operations.map((record) => [record.operation.Id, record]));
  for (const record of operations) {
    const item = isWaitingOperation(record.operation) || isDueNow(record.operation) ? waitItemOf(record, byId) : undefined;
    if (item) items.push(item);
  }
  const retry = invocation ? undefined : invocationRetry(execution, byId.get(execution.executionId), now);
  if (retry) items.push(retry);
  const forkWrite = forkBeingWritten(execution, byId.get(execution.executionId), now);
  if (forkWrite) items.push(forkWrite);
  if (!invocation && execution.nextWakeAt !== undefined && execution.nextWakeAt <= now) {
    const leaseEnd = execution.leaseOwner !== undefined ? (execution.leaseExpiresAt ?? 0) : 0;
    const since = Math.max(execution.nextWakeAt, leaseEnd);
    items.push({
      kind: "due",
      text: `Due since ${isoAt(since)}: waiting for a worker with ${execution.functionName} to claim it.`,
      endedBy: `a live worker that has ${execution.functionName} registered`,
      untilTimestamp: isoAt(since),
    });
  }
  if (items.length === 0) {
    items.push({ kind: "nothing", text: "Nothing is scheduled and no invocation is running.", endedBy: "nothing: no timer, callback or child will wake it" });
  }
  return items;
}

/** The invocation running now: an open invocation under a lease that has not lapsed. */
function runningInvocation(execution: Omit<ExecutionRecord, "checkpointToken">, workers: WorkerIndex, now: number): WaitItem | undefined {
  const owner = execution.leaseOwner;
  const expiresAt = execution.leaseExpiresAt ?? 0;
  if (owner === undefined || expiresAt <= now) return undefined;
  const worker = workers.byId.get(owner);
  const open = execution.openInvocation;
  const forHowLong = open ? ` for ${Math.max(0, Math.round((now - open.startedAt) / 1000))} s` : "";
  return {
    kind: "invocation",
    text: `An invocation is running on worker ${owner}${forHowLong}, under a lease until ${isoAt(expiresAt)}${worker?.alive === false ? " (the worker has stopped heartbeating)" : ""}.`,
    endedBy: `the handler on worker ${owner} reaching its next wait, or finishing`,
    untilTimestamp: isoAt(expiresAt),
    invocation: {
      ...(open ? { requestId: open.requestId, sinceTimestamp: isoAt(open.startedAt) } : {}),
      workerId: owner,
      workerAlive: worker?.alive ?? false,
      leaseExpiresTimestamp: isoAt(expiresAt),
    },
  };
}

/** After invocation errors, the handler is invoked again at the execution's wake time (with backoff). */
function invocationRetry(execution: Omit<ExecutionRecord, "checkpointToken">, execOp: OperationRecord | undefined, now: number): WaitItem | undefined {
  const errors = runtimeStateOf(execOp).invocationErrors ?? 0;
  if (errors === 0 || execution.nextWakeAt === undefined || execution.nextWakeAt <= now) return undefined;
  return {
    kind: "invocation-retry",
    text: `The handler is invoked again at ${isoAt(execution.nextWakeAt)}, after ${errors} invocation error${errors === 1 ? "" : "s"} in a row.`,
    endedBy: "the retry: a worker invokes the handler again when it is due (the execution fails once the retries run out)",
    untilTimestamp: isoAt(execution.nextWakeAt),
  };
}

/** A rerun whose carried steps are still being written (runtime/fork.ts): it runs once they are, or fails at its wake time. */
function forkBeingWritten(execution: Omit<ExecutionRecord, "checkpointToken">, execOp: OperationRecord | undefined, now: number): WaitItem | undefined {
  const since = runtimeStateOf(execOp).forkStartedAt;
  if (since === undefined || execution.nextWakeAt === undefined || execution.nextWakeAt <= now) return undefined;
  return {
    kind: "fork-writing",
    text: `This rerun's carried steps are being written since ${isoAt(since)}; if the process writing them stopped, it fails at ${isoAt(execution.nextWakeAt)}.`,
    endedBy: "the last write of the rerun, which makes it due at once (or the grace running out, which fails it)",
    untilTimestamp: isoAt(execution.nextWakeAt),
  };
}

function waitItemOf(record: OperationRecord, byId: Map<string, OperationRecord>): WaitItem | undefined {
  const op = record.operation;
  const base = { operationId: op.Id, operationName: op.Name ?? parentName(record, byId) };
  switch (op.Type) {
    case "WAIT": {
      const until = op.WaitDetails?.ScheduledEndTimestamp;
      return { ...base, kind: "timer", text: `Timer ${label(record)} until ${until ?? "an unknown time"}.`, endedBy: "the timer: a worker resumes the execution when it ends", ...(until ? { untilTimestamp: until } : {}) };
    }
    case "STEP": {
      const attempt = (op.StepDetails?.Attempt ?? 0) + 1;
      const at = op.StepDetails?.NextAttemptTimestamp;
      const when = op.Status === "READY" ? "now" : `at ${at ?? "an unknown time"}`;
      const condition = op.SubType === "WaitForCondition";
      return {
        ...base,
        kind: condition ? "condition-poll" : "step-retry",
        text: condition ? `Condition ${label(record)}: next check (attempt ${attempt}) ${when}.` : `Retry of step ${label(record)} (attempt ${attempt}) ${when}.`,
        endedBy: condition ? "the next check: a worker runs it when it is due" : "the retry: a worker runs the step again when it is due",
        attempt,
        ...(at ? { untilTimestamp: at } : {}),
      };
    }
    case "CALLBACK": {
      const callbackId = op.CallbackDetails?.CallbackId;
      if (!callbackId) return undefined;
      const state = runtimeStateOf(record);
      const timeout = state.callbackTimeoutAt;
      const heartbeat = state.heartbeatDeadlineAt;
      const deadline = [timeout, heartbeat].filter((t): t is number => t !== undefined).sort((a, b) => a - b)[0];
      const parts = [`since ${op.StartTimestamp}`];
      if (timeout !== undefined) parts.push(`times out at ${isoAt(timeout)}`);
      if (heartbeat !== undefined) parts.push(`heartbeat due by ${isoAt(heartbeat)}`);
      return {
        ...base,
        kind: "callback",
        text: `Callback ${base.operationName ?? label(record)} (${callbackId}), ${parts.join(", ")}.`,
        endedBy: `an answer to callback ${callbackId} (succeed or fail, from the console, the CLI or the API)${deadline !== undefined ? ", or its timeout" : ""}`,
        ...(deadline !== undefined ? { untilTimestamp: isoAt(deadline) } : {}),
        callback: {
          callbackId,
          sinceTimestamp: op.StartTimestamp,
          ...(timeout !== undefined ? { timeoutTimestamp: isoAt(timeout) } : {}),
          ...(heartbeat !== undefined ? { heartbeatDeadlineTimestamp: isoAt(heartbeat) } : {}),
        },
      };
    }
    case "CHAINED_INVOKE": {
      const target = runtimeStateOf(record).chainedInvoke;
      if (target?.kind === "durable" && target.childExecutionId) {
        return {
          ...base,
          kind: "child-execution",
          text: `Child execution ${target.childExecutionId} of ${target.functionName}.`,
          endedBy: `child execution ${target.childExecutionId} ending`,
          childExecutionId: target.childExecutionId,
        };
      }
      const deadline = target?.deadlineAt;
      return {
        ...base,
        kind: "chained-invoke",
        text: `Chained invoke of ${target?.functionName ?? "a function"}${deadline !== undefined ? `, lost after ${isoAt(deadline)}` : ""}.`,
        endedBy: `${target?.functionName ?? "the target"} answering${deadline !== undefined ? ", or its deadline" : ""}`,
        ...(deadline !== undefined ? { untilTimestamp: isoAt(deadline) } : {}),
      };
    }
    case "CONTEXT":
    case "EXECUTION":
      // They wait only through their children, listed on their own.
      return undefined;
  }
}

