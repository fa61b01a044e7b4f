/**
 * How the test runner skips time over its own store. Under `skipTime`, waits, retry delays,
 * condition polls (and the execution timeout) are skipped as soon as nothing else can happen;
 * callback and heartbeat timeouts are not, unless asked (`skipCallbackTimeouts`): as on the
 * official runner they run on real time, so test code that takes a while to answer a callback
 * cannot lose a race against the runner's clock. When the clock jumps over a wait, every open
 * callback's deadlines jump with it, so the real time left to answer stays what it was.
 */
import type { DurableStore, ExecutionRecord, OperationRecord } from "../store/types";
import { executionOperationId } from "../runtime/checkpoint-processor";
import type { Clock } from "../runtime/clock";
import { MutationBuilder } from "../runtime/mutation-builder";
import { isWaitingOperation, runtimeStateOf, withRuntimeState } from "../runtime/operation-state";
import { computeNextWakeAt } from "../runtime/timers";

export interface SkipPolicy {
  /** Callback and heartbeat timeouts are skipped like waits (else they run on real time). */
  callbacks: boolean;
}

/**
 * The earliest moment something skippable comes due in any running execution of the store: a
 * wait end, a retry time, a plain invoke's deadline, an execution timeout, and callback or
 * heartbeat deadlines only when the policy skips them. Undefined when nothing skippable waits.
 */
export async function nextSkippableAt(store: DurableStore, policy: SkipPolicy): Promise<number | undefined> {
  let earliest: number | undefined;
  for (const execution of await runningExecutions(store)) {
    const records = await store.operations.list(execution.executionId);
    const skippable = policy.callbacks ? records : records.filter((r) => r.operation.Type !== "CALLBACK");
    const executionOp = records.find((r) => r.operation.Id === executionOperationId(execution));
    const due = computeNextWakeAt(skippable, execution, executionOp);
    if (due !== undefined && (earliest === undefined || due < earliest)) earliest = due;
  }
  return earliest;
}

/**
 * Moves the timeout and heartbeat deadline of every callback still waiting for an answer `ms`
 * later, in every running execution, and each execution's wake time with them: called just
 * before the clock skips `ms`, it keeps callbacks on real time.
 */
export async function postponeCallbackDeadlines(store: DurableStore, clock: Clock, ms: number): Promise<void> {
  if (ms <= 0) return;
  for (const execution of await runningExecutions(store)) {
    const records = await store.operations.list(execution.executionId);
    if (!records.some(hasOpenDeadline)) continue;
    // The wake time depends on every timer of the execution: read them all in the transaction.
    const readOperationIds = records
      .filter((r) => isWaitingOperation(r.operation) || r.operation.Type === "EXECUTION")
      .map((r) => r.operation.Id);
    await store.transact(execution.executionId, { readOperationIds }, (snapshot) => {
      const b = new MutationBuilder(snapshot.execution, snapshot.operations, clock.now());
      if (snapshot.execution.status !== "RUNNING") return { mutation: {} };
      const timers: OperationRecord[] = [];
      for (const record of snapshot.operations.values()) {
        if (!hasOpenDeadline(record)) {
          timers.push(record);
          continue;
        }
        const state = runtimeStateOf(record);
        const later = withRuntimeState(record, {
          ...state,
          callbackTimeoutAt: plus(state.callbackTimeoutAt, ms),
          heartbeatDeadlineAt: plus(state.heartbeatDeadlineAt, ms),
        });
        b.putOperation(later);
        const callbackId = record.operation.CallbackDetails?.CallbackId;
        const heartbeatDeadlineAt = runtimeStateOf(later).heartbeatDeadlineAt;
        if (callbackId !== undefined && heartbeatDeadlineAt !== undefined) b.patchCallback({ callbackId, heartbeatDeadlineAt });
        timers.push(later);
      }
      // An execution already due (an answer just arrived) stays due; any other wake time follows
      // its timers.
      const current = snapshot.execution.nextWakeAt;
      if (current === undefined || current > b.now) {
        const executionOp = snapshot.operations.get(executionOperationId(snapshot.execution));
        b.setExecution({ nextWakeAt: computeNextWakeAt(timers, snapshot.execution, executionOp) ?? null });
      }
      return { mutation: b.build() };
    });
  }
}

function hasOpenDeadline(record: OperationRecord): boolean {
  if (record.operation.Type !== "CALLBACK" || record.operation.Status !== "STARTED") return false;
  const state = runtimeStateOf(record);
  return state.callbackTimeoutAt !== undefined || state.heartbeatDeadlineAt !== undefined;
}

function plus(at: number | undefined, ms: number): number | undefined {
  return at === undefined ? undefined : at + ms;
}

async function runningExecutions(store: DurableStore): Promise<ExecutionRecord[]> {
  const running: ExecutionRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.executions.list({ statuses: ["RUNNING"], oldestFirst: true, limit: 100, cursor });
    running.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return running;
}
