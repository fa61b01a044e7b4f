/**
 * How executions end: the terminal event and row fields, closing chained invokes that are still
 * open, and answering the parent operation of a chained child execution. Shared by the worker
 * (completion, execution timeout) and the client API (stop). What an end sets off in other
 * executions afterwards is in follow-up.ts.
 */
import type { DurableStore, ExecutionRecord, OperationRecord } from "../store/types";
import { StoreError } from "../store/types";
import type { ErrorObject, Operation } from "../types/wire";
import { executionOperationId } from "./checkpoint-processor";
import type { Clock } from "./clock";
import { DurableClientError } from "./errors";
import { MutationBuilder } from "./mutation-builder";
import { clearOpenInvocation, completeOpenInvocation } from "./open-invocation";
import { runtimeStateOf, withRuntimeState } from "./operation-state";

export type EndStatus = "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED";

export interface ExecutionEnd {
  status: EndStatus;
  result?: string;
  error?: ErrorObject;
}

/**
 * How long after an execution ends before a sweep does its follow-up (answer its parent, stop
 * its children) on its behalf. The ending process does it within milliseconds; the sweep only
 * covers one that died between the end and the follow-up (other executions, other writes), so it
 * need not be quick. See follow-up.ts.
 */
export const FOLLOW_UP_GRACE_MS = 10_000;

const END_EVENT = {
  SUCCEEDED: "ExecutionSucceeded",
  FAILED: "ExecutionFailed",
  TIMED_OUT: "ExecutionTimedOut",
  STOPPED: "ExecutionStopped",
} as const;

/**
 * Ends the execution in `b`: EXECUTION op, row (status, end, outcome, no wake, no lease, no token),
 * event, and its still-waiting callbacks closed.
 *
 * Pending callbacks of ended executions: the inbox query itself only lists callbacks whose
 * execution is RUNNING (that is the guarantee, and it covers a callback started by a checkpoint
 * racing a stop). Closing them here as well keeps the pending index (a sparse GSI on DynamoDB)
 * free of dead entries; it closes those among the builder's operations, so every caller reads
 * the STARTED callbacks into the transaction (`openCallbackOperationIds`). A redrive reopens them.
 */
export function finishExecution(b: MutationBuilder, end: ExecutionEnd): void {
  for (const record of b.operations()) {
    const callbackId = record.operation.CallbackDetails?.CallbackId;
    if (record.operation.Type === "CALLBACK" && record.operation.Status === "STARTED" && callbackId !== undefined) b.closeCallback(callbackId);
  }
  // An invocation still running (a stop) loses its mark (its end is written by the stop): the
  // token is nulled below, so it records nothing more, and a redrive's claim must not report it lost.
  clearOpenInvocation(b);
  const opId = executionOperationId(b.execution);
  const record = b.getOperation(opId);
  const op: Operation = record
    ? { ...record.operation, Status: end.status, EndTimestamp: b.nowIso }
    : { Id: opId, Type: "EXECUTION", StartTimestamp: b.execution.startTimestamp, Status: end.status, EndTimestamp: b.nowIso };
  if (record) {
    const state = { ...runtimeStateOf(record), invocationErrors: undefined, crashedInvocations: undefined };
    b.putOperation(withRuntimeState({ ...record, operation: op }, state));
  }
  b.setExecution({
    status: end.status,
    endTimestamp: b.nowIso,
    result: end.status === "SUCCEEDED" && end.result !== undefined ? end.result : null,
    error: end.status !== "SUCCEEDED" && end.error !== undefined ? end.error : null,
    nextWakeAt: null,
    leaseOwner: null,
    leaseExpiresAt: null,
    checkpointToken: null,
    // The parent's answer is owed from now on (follow-up.ts clears this once it has landed).
    ...(b.execution.parent ? { followUpAt: b.now + FOLLOW_UP_GRACE_MS } : {}),
  });
  const details =
    end.status === "SUCCEEDED"
      ? { Result: end.result === undefined ? {} : { Payload: end.result } }
      : { Error: end.error === undefined ? {} : { Payload: end.error } };
  b.event(END_EVENT[end.status], { ...op, Name: undefined, SubType: undefined, ParentId: undefined }, details);
}

/**
 * Closes every STARTED chained invoke among the builder's operations (ChainedInvokeStopped) and
 * returns the child executions to stop. Used when the calling execution stops or times out.
 */
export function closeOpenChainedInvokes(b: MutationBuilder, error: ErrorObject): string[] {
  const children: string[] = [];
  for (const record of b.operations()) {
    const op = record.operation;
    if (op.Type !== "CHAINED_INVOKE" || op.Status !== "STARTED") continue;
    const state = runtimeStateOf(record);
    const stopped: Operation = { ...op, Status: "STOPPED", EndTimestamp: b.nowIso, ChainedInvokeDetails: { Error: error } };
    b.putOperation(withRuntimeState({ ...record, operation: stopped }, { ...state, chainedInvoke: state.chainedInvoke && { ...state.chainedInvoke, deadlineAt: undefined } }));
    b.event("ChainedInvokeStopped", stopped, { Error: { Payload: error } });
    if (state.chainedInvoke?.childExecutionId) children.push(state.chainedInvoke.childExecutionId);
  }
  // Stopping them is owed from now on (follow-up.ts clears this once they are stopped).
  if (children.length > 0) b.setExecution({ followUpAt: b.now + FOLLOW_UP_GRACE_MS });
  return children;
}

/** Ids of the CALLBACK operations still waiting (what `finishExecution` closes when it can see them). */
export function openCallbackOperationIds(operations: Iterable<OperationRecord>): string[] {
  const ids: string[] = [];
  for (const r of operations) if (r.operation.Type === "CALLBACK" && r.operation.Status === "STARTED") ids.push(r.operation.Id);
  return ids;
}

/** Thrown inside a transact to abandon it without writing (a re-check found nothing to do). */
export class NothingToWrite extends Error {
  constructor() {
    super("nothing to write");
    this.name = "NothingToWrite";
  }
}

export interface ChainedOutcome {
  status: EndStatus;
  result?: string;
  error?: ErrorObject;
}

export function outcomeOfExecution(execution: ExecutionRecord): ChainedOutcome | undefined {
  if (execution.status === "RUNNING") return undefined;
  return { status: execution.status, result: execution.result, error: execution.error };
}

const ANSWER_EVENT = {
  SUCCEEDED: "ChainedInvokeSucceeded",
  FAILED: "ChainedInvokeFailed",
  TIMED_OUT: "ChainedInvokeTimedOut",
  STOPPED: "ChainedInvokeStopped",
} as const;

/**
 * Writes the outcome of a chained invoke into the calling execution's CHAINED_INVOKE operation
 * (if it is still waiting for it, and, when `fromChild` is given, for that child) and makes the
 * caller due now. Returns false when there was nothing to answer.
 */
export async function answerChainedInvoke(
  store: DurableStore,
  clock: Clock,
  target: { executionId: string; operationId: string },
  outcome: ChainedOutcome,
  fromChild?: string,
): Promise<boolean> {
  const waitingFor = (op: Operation | undefined, childId: string | undefined) =>
    op?.Type === "CHAINED_INVOKE" && op.Status === "STARTED" && (fromChild === undefined || childId === fromChild);
  const before = await store.operations.get(target.executionId, target.operationId);
  if (!before || !waitingFor(before.operation, runtimeStateOf(before).chainedInvoke?.childExecutionId)) return false;
  const now = clock.now();
  try {
    await store.transact(target.executionId, { readOperationIds: [target.operationId] }, (snapshot) => {
      const record = snapshot.operations.get(target.operationId);
      const state = runtimeStateOf(record);
      if (!record || !waitingFor(record.operation, state.chainedInvoke?.childExecutionId)) throw new NothingToWrite();
      const b = new MutationBuilder(snapshot.execution, snapshot.operations, now);
      const error = outcome.error ?? (outcome.status === "SUCCEEDED" ? undefined : { ErrorType: outcome.status, ErrorMessage: `The invoked execution ended ${outcome.status}` });
      const details = outcome.status === "SUCCEEDED" ? (outcome.result === undefined ? {} : { Result: outcome.result }) : { Error: error };
      const op: Operation = { ...record.operation, Status: outcome.status, EndTimestamp: b.nowIso, ChainedInvokeDetails: details };
      b.putOperation(withRuntimeState({ ...record, operation: op }, { ...state, chainedInvoke: state.chainedInvoke && { ...state.chainedInvoke, deadlineAt: undefined } }));
      b.event(
        ANSWER_EVENT[outcome.status],
        op,
        outcome.status === "SUCCEEDED" ? { Result: outcome.result === undefined ? {} : { Payload: outcome.result } } : { Error: { Payload: error } },
      );
      // The caller replays and sees the answer; a finished caller keeps the record for a redrive.
      if (snapshot.execution.status === "RUNNING") b.setExecution({ nextWakeAt: now });
      return { mutation: b.build() };
    });
    return true;
  } catch (error) {
    if (error instanceof NothingToWrite) return false;
    if (StoreError.is(error) && error.code === "EXECUTION_NOT_FOUND") return false;
    throw error;
  }
}

const DEFAULT_STOP_ERROR: ErrorObject = { ErrorType: "ExecutionStopped", ErrorMessage: "The execution was stopped" };
export const STOPPED_INVOCATION_ERROR: ErrorObject = {
  ErrorType: "Runtime.InvocationStopped",
  ErrorMessage: "The execution was stopped while this invocation ran; nothing it did afterwards was recorded",
};

/** How often a stop lists an execution's operations again when new ones keep appearing. */
const STOP_ATTEMPTS = 5;

class OperationsMoved extends Error {}

/**
 * Stops a RUNNING execution in one transaction: open chained invokes -> ChainedInvokeStopped,
 * EXECUTION op and row -> STOPPED + ExecutionStopped, token nulled (a running invocation's next
 * checkpoint is refused). Returns the stopped record and the child executions to stop next.
 */
export async function stopExecutionNow(
  store: DurableStore,
  clock: Clock,
  executionId: string,
  error?: ErrorObject,
): Promise<{ execution: ExecutionRecord; children: string[] }> {
  for (let attempt = 1; ; attempt++) {
    const operations = await store.operations.list(executionId);
    const listedUpTo = operations.reduce((max, r) => Math.max(max, r.seq), 0);
    const readIds = operations
      .filter((r) => r.operation.Type === "EXECUTION" || (r.operation.Type === "CHAINED_INVOKE" && r.operation.Status === "STARTED"))
      .map((r) => r.operation.Id)
      .concat(openCallbackOperationIds(operations));
    const now = clock.now();
    try {
      const { execution, result } = await store.transact(executionId, { readOperationIds: readIds }, (snapshot) => {
        if (snapshot.execution.status !== "RUNNING") {
          throw new DurableClientError("INVALID_STATE", `execution ${executionId} is ${snapshot.execution.status}; only a RUNNING execution can be stopped`);
        }
        // A running invocation checkpointed a new operation since the list (a chained invoke or a
        // callback this stop must close): list again. Once the stop commits, its token is gone and
        // nothing new can start; after a few tries the stop goes ahead with what it read.
        if (snapshot.execution.operationCount > listedUpTo && attempt < STOP_ATTEMPTS) throw new OperationsMoved();
        const b = new MutationBuilder(snapshot.execution, snapshot.operations, now);
        // The invocation running now ends here, in the record: its own end will be refused (the
        // token goes), and every invocation gets exactly one InvocationCompleted.
        completeOpenInvocation(b, () => STOPPED_INVOCATION_ERROR);
        const children = closeOpenChainedInvokes(b, error ?? DEFAULT_STOP_ERROR);
        finishExecution(b, { status: "STOPPED", error });
        return { mutation: b.build(), result: children };
      });
      return { execution, children: result };
    } catch (e) {
      if (e instanceof OperationsMoved) continue;
      if (StoreError.is(e) && e.code === "EXECUTION_NOT_FOUND") {
        throw new DurableClientError("EXECUTION_NOT_FOUND", `execution ${executionId} not found`);
      }
      throw e;
    }
  }
}
