/**
 * One invocation of a claimed execution, start to finish:
 * 1. prelude (one transaction): fire due timers, enforce the execution timeout, count the
 *    invocation, and find chained invokes whose targets must be (re)started;
 * 2. call the handler with the operations and an InvocationClient, under a lease that is kept
 *    alive while it runs;
 * 3. completion (one transaction): InvocationCompleted, then either the execution's end or its
 *    next wake time; the lease is released and the token nulled.
 * A handler that throws (or runs past the invocation timeout) is an invocation error: the
 * execution is re-invoked with backoff, and fails after `maxInvocationRetries` retries.
 *
 * A crash (an uncaught exception raised by the handler's code outside its awaited chain, see
 * invocation-scope.ts) ends the invocation at once, as Lambda ends one whose runtime died: the
 * handler's client is closed (nothing more it does reaches the store), the invocation completes
 * with a `Runtime.UncaughtException` error and is retried like an invocation error, and after
 * `maxCrashedInvocations` consecutive crashes the execution FAILS.
 *
 * Each invocation marks itself open on the EXECUTION operation in its prelude and clears the
 * mark in its completion; the prelude of the next invocation writes the InvocationCompleted of
 * one that was cut off (open-invocation.ts).
 */
import { DurableExecutionInvocationInputWithClient } from "../invocation-input";
import { StoreError, type DurableStore, type ExecutionRecord, type OperationRecord } from "../store/types";
import type { ErrorObject } from "../types/wire";
import { DEFAULT_PLAIN_INVOKE_TIMEOUT_MS, executionOperationId, type ChainedInvokeStart, type CheckpointDeps } from "./checkpoint-processor";
import { isoAt, type Clock } from "./clock";
import { newRequestId } from "./ids";
import { InvocationClient, MAX_STATE_PAGE_ITEMS, type CommittedEffects } from "./invocation-client";
import { createLambdaContext } from "./lambda-context";
import { closeOpenChainedInvokes, finishExecution, openCallbackOperationIds, type ExecutionEnd } from "./lifecycle";
import { MutationBuilder } from "./mutation-builder";
import { callHandler, crashBoundError, uncaughtExceptionError, type HandlerOutput } from "./handler-output";
import { enterInvocation } from "./invocation-scope";
import { unfinishedForkError } from "./fork";
import { clearOpenInvocation, completeOpenInvocation, lostInvocationError, markInvocationOpen, updateExecutionState } from "./open-invocation";
import { isTerminalStatus, runtimeStateOf, withRuntimeState } from "./operation-state";
import type { FunctionRegistry } from "./registry";
import { computeNextWakeAt, executionDeadline, fireDueTimers, operationDueAt } from "./timers";
import { pruneFinishedContextChildren } from "./visible-operations";
import { RemoteInvocationSession } from "./remote-session";

export interface InvocationDeps {
  store: DurableStore;
  registry: FunctionRegistry;
  clock: Clock;
  leaseMs: number;
  invocationTimeoutMs: number;
  maxInvocationRetries: number;
  /** Consecutive crashed invocations (uncaught exceptions) after which the execution fails. */
  maxCrashedInvocations: number;
  /** The claiming worker (named in the error of an invocation found cut off). */
  owner?: string;
  checkpointDeps: CheckpointDeps;
  /**
   * A committed checkpoint (or the prelude) started chained invokes or cancelled children.
   * Returns the dispatches of the chained invokes it started, which the invocation waits for.
   */
  onEffects: (effects: CommittedEffects) => Promise<unknown>[] | void;
  /** The execution ended: stop its children, answer its caller. */
  onEnded: (execution: ExecutionRecord, childrenToStop: string[]) => void;
  /** An uncaught exception from an invocation's code (the first crashed it; later ones come from its leftover code). */
  onUncaughtException?: (report: UncaughtExceptionReport) => void;
}

export interface UncaughtExceptionReport {
  executionId: string;
  requestId: string;
  error: unknown;
  /** False for the exception that crashed the invocation; true for later ones from its leftover code. */
  afterCrash: boolean;
}

export { UNCAUGHT_EXCEPTION_ERROR_TYPE } from "./handler-output";

export type InvocationOutcome =
  | "SUCCEEDED"
  | "FAILED"
  | "TIMED_OUT"
  | "PENDING"
  | "INVOCATION_ERROR"
  /** Another owner holds the execution now (or it was stopped): nothing was written. */
  | "FENCED";

const TIMEOUT_ERROR = (seconds: number): ErrorObject => ({
  ErrorType: "ExecutionTimedOut",
  ErrorMessage: `The execution exceeded its timeout of ${seconds} seconds`,
});

export async function runInvocation(deps: InvocationDeps, claimed: ExecutionRecord): Promise<InvocationOutcome> {
  const { store, clock } = deps;
  const requestId = newRequestId();
  const startedAt = clock.now();
  const token = claimed.checkpointToken!;
  const target = deps.registry.get(claimed.functionName);
  // The worker claims only its own functions and gives back anything else (release-claim.ts).
  if (target?.kind !== "durable") throw new Error(`no durable function ${claimed.functionName} is registered in this worker`);
  const executionOpId = executionOperationId(claimed);
  let records = await store.operations.list(claimed.executionId);

  // 1. prelude
  const readIds = new Set<string>([executionOpId]);
  for (const r of records) {
    const dueAt = operationDueAt(r);
    if ((dueAt !== undefined && dueAt <= startedAt) || (r.operation.Type === "CHAINED_INVOKE" && r.operation.Status === "STARTED")) {
      readIds.add(r.operation.Id);
    }
  }
  // Past its deadline the execution times out in the prelude, which closes its open callbacks.
  const pastDeadline = executionDeadline(claimed, records.find((r) => r.operation.Id === executionOpId));
  if (pastDeadline !== undefined && pastDeadline <= startedAt) for (const id of openCallbackOperationIds(records)) readIds.add(id);
  let prelude;
  try {
    prelude = await store.transact<PreludeResult>(claimed.executionId, { checkpointToken: token, readOperationIds: [...readIds] }, (snapshot) => {
      const b = new MutationBuilder(snapshot.execution, snapshot.operations, startedAt);
      // The invocation before this one was cut off (it never cleared its mark): its end comes first.
      completeOpenInvocation(b, (open) => lostInvocationError(open, deps.owner));
      const fired = fireDueTimers(b);
      const deadline = executionDeadline(snapshot.execution, snapshot.operations.get(executionOpId));
      const cutOffFork = unfinishedForkError(snapshot.operations.get(executionOpId));
      if (cutOffFork || (deadline !== undefined && deadline <= startedAt)) {
        const end = cutOffFork ? ({ status: "FAILED", error: cutOffFork } as const) : ({ status: "TIMED_OUT", error: TIMEOUT_ERROR(snapshot.execution.executionTimeoutSeconds!) } as const);
        const children = closeOpenChainedInvokes(b, end.error);
        finishExecution(b, end);
        return { mutation: b.build(), result: { ended: end.status, children, fired, changed: [], starts: [], versionBefore: snapshot.execution.version } };
      }
      const starts = chainedInvokesToDispatch(b, deps.checkpointDeps);
      markInvocationOpen(b, { requestId, startedAt });
      b.setExecution({ invocationCount: snapshot.execution.invocationCount + 1, leaseExpiresAt: startedAt + deps.leaseMs });
      const mutation = b.build();
      return {
        mutation,
        result: { children: [], fired, changed: mutation.putOperations ?? [], starts, versionBefore: snapshot.execution.version },
      };
    });
  } catch (error) {
    if (StoreError.is(error) && (error.code === "STALE_CHECKPOINT_TOKEN" || error.code === "EXECUTION_NOT_FOUND")) return "FENCED";
    throw error;
  }
  if (prelude.result.ended) {
    deps.onEnded(prelude.execution, prelude.result.children);
    return prelude.result.ended;
  }
  // Chained-invoke targets this invocation sets off. A plain target runs in this process only: the
  // invocation holds its lease until they have answered, so that a crash lets the lease lapse and
  // the next invocation calls a target that never answered again (see chainedInvokesToDispatch).
  const dispatches: Promise<unknown>[] = [];
  const onEffects = (effects: CommittedEffects) => {
    const started = deps.onEffects(effects);
    if (started) dispatches.push(...started);
  };
  if (prelude.result.starts.length > 0) {
    onEffects({ executionId: claimed.executionId, chainedInvokeStarts: prelude.result.starts, cancelledChildExecutionIds: [] });
  }
  if (prelude.result.versionBefore !== claimed.version) {
    // Written from outside (a callback answer, a chained invoke's answer) between the claim and
    // the prelude, perhaps after `records` was read: the prelude refreshed only what it read, and
    // from here on its version is the baseline that outside changes are measured against. The
    // handler must not suspend on an answer it was shown as still pending, so read them again.
    records = await store.operations.list(claimed.executionId);
  } else {
    const changed = new Map(prelude.result.changed.map((r) => [r.operation.Id, r]));
    records = records.map((r) => changed.get(r.operation.Id) ?? r);
  }

  // 2. the handler
  const visible = pruneFinishedContextChildren(records.map((r) => r.operation));
  // Steps this invocation is handed READY: if it suspends without running one, its code cannot
  // reach that step yet (it waits on something earlier), so the step must not wake it again.
  const readyAtStart = new Set(records.filter((r) => r.operation.Type === "STEP" && r.operation.Status === "READY").map((r) => r.operation.Id));
  const client = new InvocationClient({
    store,
    clock,
    execution: prelude.execution,
    operations: records,
    visibleOperations: visible,
    requestId,
    leaseMs: deps.leaseMs,
    deps: deps.checkpointDeps,
    onCommitted: onEffects,
  });
  const firstPage = visible.slice(0, MAX_STATE_PAGE_ITEMS);
  const input = new DurableExecutionInvocationInputWithClient(
    {
      DurableExecutionArn: claimed.arn,
      CheckpointToken: token,
      InitialExecutionState: visible.length > firstPage.length ? { Operations: firstPage, NextMarker: String(firstPage.length) } : { Operations: firstPage },
      UpdatedOperationIds: prelude.result.fired,
    },
    client,
  );
  const context = createLambdaContext({ functionName: claimed.functionName, requestId, clock, deadline: startedAt + deps.invocationTimeoutMs });
  // A remote handler checkpoints through the console's API, not through `client`: its session
  // follows the token chain in the store (remote-session.ts). Leases, fencing, timeouts and
  // retries are otherwise the same code path.
  const session = target.remote
    ? new RemoteInvocationSession({ store, clock, executionId: claimed.executionId, requestId, owner: deps.owner, token, leaseMs: deps.leaseMs, startedAt })
    : client;

  // The lease must outlive the handler even when it checkpoints rarely (a long step).
  const renewal = setInterval(() => void session.renewLease().catch(() => undefined), Math.max(50, Math.floor(deps.leaseMs / 3)));
  renewal.unref?.();
  let crashed = false;
  let onCrash!: (output: HandlerOutput) => void;
  const crash = new Promise<HandlerOutput>((resolve) => (onCrash = resolve));
  const scope = {
    executionId: claimed.executionId,
    requestId,
    onUncaughtException: (error: unknown) => {
      deps.onUncaughtException?.({ executionId: claimed.executionId, requestId, error, afterCrash: crashed });
      if (crashed) return;
      crashed = true;
      client.close(`Invocation ${requestId} crashed (uncaught exception); its code may no longer checkpoint`);
      onCrash({ error: uncaughtExceptionError(error), crashed: true });
    },
  };
  // Running from here until the invocation's end is written (see invocation-scope.ts).
  const entered = enterInvocation(scope);
  try {
    let output: HandlerOutput;
    try {
      output = await callHandler(() => entered.run(() => target.handler(input, context)), deps.invocationTimeoutMs, crash);
      await settledWithin(dispatches, deps.checkpointDeps.plainInvokeTimeoutMs ?? DEFAULT_PLAIN_INVOKE_TIMEOUT_MS);
    } finally {
      clearInterval(renewal);
    }
    await session.idle();
    if (session.fenced) return "FENCED";

    // 3. completion
    const endedAt = clock.now();
    const waiting = session.waitingOperations();
    let completion;
    try {
      completion = await store.transact(
        claimed.executionId,
        { checkpointToken: session.checkpointToken, readOperationIds: [executionOpId, ...waiting.map((r) => r.operation.Id)] },
        (snapshot) => {
          const b = new MutationBuilder(snapshot.execution, snapshot.operations, endedAt);
          b.event("InvocationCompleted", undefined, {
            StartTimestamp: isoAt(startedAt),
            EndTimestamp: b.nowIso,
            RequestId: requestId,
            // extension: where replay ended (the handler passed its last recorded operation), for
            // what a run costs; only when the handler ran here and had something to replay.
            ReplayEndTimestamp: session === client && client.replayEndedAt !== undefined ? isoAt(Math.min(client.replayEndedAt, endedAt)) : undefined,
            // An invocation error, or the error a FAILED handler returned (as the official runner
            // records it: getInvocations() shows it).
            Error: output.error === undefined ? undefined : { Payload: output.error },
          });
          const execOp = snapshot.operations.get(executionOpId);
          const stillWaiting = waiting
            .map((r) => snapshot.operations.get(r.operation.Id))
            .filter((r): r is OperationRecord => r !== undefined && !(r.operation.Status === "READY" && readyAtStart.has(r.operation.Id)));
          // An answer that landed after the session last looked (between the handler's end and
          // this write) made the execution due; the end must not clear that: invoke again.
          const answeredMeanwhile = waiting.some((r) => {
            const current = snapshot.operations.get(r.operation.Id)?.operation;
            return current !== undefined && (current.Type === "CALLBACK" || current.Type === "CHAINED_INVOKE") && current.Status !== r.operation.Status;
          });
          const outsideChange = answeredMeanwhile || session.outsideChangeSince(snapshot.execution.version);
          const decision = decide(deps, snapshot.execution, execOp, output, endedAt, outsideChange, stillWaiting);
          let children: string[] = [];
          // This invocation is no longer open; the counters carry over to the next one.
          clearOpenInvocation(b);
          if (execOp) {
            const state = runtimeStateOf(b.getOperation(executionOpId));
            const next = { ...state, invocationErrors: decision.invocationErrors || undefined, crashedInvocations: decision.crashedInvocations || undefined };
            const unchanged = next.invocationErrors === state.invocationErrors && next.crashedInvocations === state.crashedInvocations;
            if (!unchanged) updateExecutionState(b, () => next);
          }
          if (decision.end) {
            if (decision.end.status === "TIMED_OUT") children = closeOpenChainedInvokes(b, decision.end.error!);
            finishExecution(b, decision.end);
          } else {
            b.setExecution({
              nextWakeAt: decision.nextWakeAt === undefined ? null : Math.max(decision.nextWakeAt, endedAt),
              leaseOwner: null,
              leaseExpiresAt: null,
              checkpointToken: null,
            });
          }
          return { mutation: b.build(), result: { decision, children } };
        },
      );
    } catch (error) {
      if (StoreError.is(error) && (error.code === "STALE_CHECKPOINT_TOKEN" || error.code === "EXECUTION_NOT_FOUND")) return "FENCED";
      throw error;
    }
    const { decision, children } = completion.result;
    if (decision.end) {
      deps.onEnded(completion.execution, children);
      return decision.end.status === "TIMED_OUT" ? "TIMED_OUT" : decision.end.status === "SUCCEEDED" ? "SUCCEEDED" : "FAILED";
    }
    return decision.invocationErrors > 0 ? "INVOCATION_ERROR" : "PENDING";
  } finally {
    entered.exit();
  }
}

interface PreludeResult {
  /** The prelude ended the execution: past its timeout, or a fork cut off while it was written. */
  ended?: "TIMED_OUT" | "FAILED";
  /** Child executions to stop (the execution ended). */
  children: string[];
  /** Operations whose timers fired. */
  fired: string[];
  changed: OperationRecord[];
  starts: ChainedInvokeStart[];
  /** The execution's version the prelude read (the claim's, unless something wrote since). */
  versionBefore: number;
}

interface Decision {
  end?: ExecutionEnd;
  nextWakeAt?: number;
  invocationErrors: number;
  /** Consecutive crashed invocations, this one included (0 unless it crashed). */
  crashedInvocations: number;
}

function decide(
  deps: InvocationDeps,
  execution: ExecutionRecord,
  execOp: OperationRecord | undefined,
  output: HandlerOutput,
  now: number,
  outsideChange: boolean,
  waiting: OperationRecord[],
): Decision {
  const previousErrors = runtimeStateOf(execOp).invocationErrors ?? 0;
  const previousCrashes = runtimeStateOf(execOp).crashedInvocations;
  // The SDK checkpointed the outcome itself (large result): that is the outcome.
  if (execOp && isTerminalStatus(execOp.operation.Status)) {
    const status = execOp.operation.Status === "SUCCEEDED" ? "SUCCEEDED" : "FAILED";
    return { end: { status, result: execution.result, error: execution.error }, invocationErrors: 0, crashedInvocations: 0 };
  }
  if (output.status === "SUCCEEDED") return { end: { status: "SUCCEEDED", result: output.result }, invocationErrors: 0, crashedInvocations: 0 };
  if (output.status === "FAILED") return { end: { status: "FAILED", error: output.error }, invocationErrors: 0, crashedInvocations: 0 };
  const deadline = executionDeadline(execution, execOp);
  if (deadline !== undefined && deadline <= now) {
    return { end: { status: "TIMED_OUT", error: TIMEOUT_ERROR(execution.executionTimeoutSeconds!) }, invocationErrors: 0, crashedInvocations: 0 };
  }
  if (output.status === undefined) {
    const errors = previousErrors + 1;
    // A crash counts as an invocation error (backoff, retry bound) and also towards its own
    // bound, which only consecutive crashes reach.
    const crashes = output.crashed ? (typeof previousCrashes === "number" ? previousCrashes : 0) + 1 : 0;
    if (output.crashed && crashes >= deps.maxCrashedInvocations) {
      return { end: { status: "FAILED", error: crashBoundError(output.error, crashes) }, invocationErrors: errors, crashedInvocations: crashes };
    }
    if (errors > deps.maxInvocationRetries) return { end: { status: "FAILED", error: output.error }, invocationErrors: errors, crashedInvocations: crashes };
    // 1 s, 2 s, 4 s, ... between attempts, never past the execution's own deadline.
    const retryAt = now + 1000 * 2 ** (errors - 1);
    return { nextWakeAt: deadline === undefined ? retryAt : Math.min(retryAt, deadline), invocationErrors: errors, crashedInvocations: crashes };
  }
  // PENDING. Something written from outside since the handler last looked may be an answer it
  // never saw (it suspended first): invoke again at once rather than wait for a timer.
  if (outsideChange) return { nextWakeAt: now, invocationErrors: 0, crashedInvocations: 0 };
  return { nextWakeAt: computeNextWakeAt(waiting, execution, execOp), invocationErrors: 0, crashedInvocations: 0 };
}

/** Waits for `work` to settle, but no longer than `ms` (a target that never answers times out by its deadline). */
async function settledWithin(work: Promise<unknown>[], ms: number): Promise<void> {
  if (work.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref?.();
  });
  try {
    await Promise.race([Promise.allSettled(work), limit]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Chained invokes that are STARTED but whose target may not be running: a durable child that a
 * crash kept from being created (re-dispatch is idempotent), a plain target whose call was cut
 * off (called again, deadline kept), or a plain target re-armed by a redrive (no deadline yet:
 * it gets one now, and is called once).
 */
function chainedInvokesToDispatch(b: MutationBuilder, deps: CheckpointDeps): ChainedInvokeStart[] {
  const starts: ChainedInvokeStart[] = [];
  for (const record of b.operations()) {
    const op = record.operation;
    const state = runtimeStateOf(record);
    const invoke = state.chainedInvoke;
    if (op.Type !== "CHAINED_INVOKE" || op.Status !== "STARTED" || !invoke) continue;
    if (invoke.kind === "durable") starts.push({ operationId: op.Id, state: invoke });
    // The invocation that called a plain target held the lease until it answered: one still open
    // here was cut off (its worker died or lost the lease). Call it again before its deadline
    // (at least once, as Lambda's invoke; only the first answer lands).
    else if (invoke.deadlineAt !== undefined) starts.push({ operationId: op.Id, state: invoke });
    else {
      const armed = { ...invoke, deadlineAt: b.now + (deps.plainInvokeTimeoutMs ?? 15 * 60 * 1000) };
      b.putOperation(withRuntimeState(record, { ...state, chainedInvoke: armed }));
      starts.push({ operationId: op.Id, state: armed });
    }
  }
  return starts;
}
