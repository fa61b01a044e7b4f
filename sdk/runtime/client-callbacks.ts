/**
 * Answers to callbacks from outside (console, CLI, HTTP API), as Lambda's
 * SendDurableExecutionCallbackSuccess / Failure / Heartbeat. Each is one transaction on the
 * owning execution. An unknown id is CALLBACK_NOT_FOUND; a callback that already completed,
 * timed out, was re-armed under a new id by a redrive, or whose execution is no longer running
 * is CALLBACK_TIMEOUT (Lambda's CallbackTimeoutException), and nothing changes.
 */
import { StoreError, type DurableStore, type OperationRecord, type TransactSnapshot } from "../store/types";
import { Limits, type ErrorObject, type Operation } from "../types/wire";
import { parseAnswerSchema, validateAnswerText } from "../utils/answer-schema";
import { executionOperationId } from "./checkpoint-processor";
import { callbackIdSchema, checkErrorSize, checkPayloadSize, errorObjectSchema, parseInput } from "./client-schemas";
import type { Clock } from "./clock";
import { DurableClientError } from "./errors";
import { MutationBuilder } from "./mutation-builder";
import { isWaitingOperation, runtimeStateOf, withRuntimeState } from "./operation-state";
import { computeNextWakeAt } from "./timers";

type Answer = { kind: "succeed"; result?: string } | { kind: "fail"; error?: ErrorObject } | { kind: "heartbeat" };

export class CallbackAnswers {
  constructor(
    private readonly store: DurableStore,
    private readonly clock: Clock,
    private readonly onWake: () => void,
  ) {}

  async succeed(callbackId: string, result?: string): Promise<void> {
    const id = parseInput(callbackIdSchema, callbackId, "callbackId");
    if (result !== undefined && typeof result !== "string") {
      throw new DurableClientError("VALIDATION_ERROR", "result must be a string (the raw callback result)");
    }
    checkPayloadSize(result, Limits.callbackResultBytes, "result");
    await this.answer(id, { kind: "succeed", result });
  }

  async fail(callbackId: string, error?: ErrorObject): Promise<void> {
    const id = parseInput(callbackIdSchema, callbackId, "callbackId");
    const e = error === undefined ? undefined : parseInput(errorObjectSchema, error, "error");
    checkErrorSize(e, "error");
    await this.answer(id, { kind: "fail", error: e });
  }

  async heartbeat(callbackId: string): Promise<void> {
    const id = parseInput(callbackIdSchema, callbackId, "callbackId");
    await this.answer(id, { kind: "heartbeat" });
  }

  private async answer(callbackId: string, answer: Answer): Promise<void> {
    const link = await this.store.callbacks.get(callbackId);
    if (!link) throw new DurableClientError("CALLBACK_NOT_FOUND", "no callback with this id");
    if (answer.kind === "succeed" && link.answerSchema !== undefined && link.pending) checkTypedAnswer(link.answerSchema, answer.result);
    // A heartbeat may move the execution's wake time, which depends on its other timers.
    const readIds = [link.operationId];
    if (answer.kind === "heartbeat") {
      for (const r of await this.store.operations.list(link.executionId)) {
        if (r.operation.Id !== link.operationId && (isWaitingOperation(r.operation) || r.operation.Type === "EXECUTION")) readIds.push(r.operation.Id);
      }
    }
    const now = this.clock.now();
    let wake = false;
    try {
      await this.store.transact(link.executionId, { readOperationIds: readIds }, (snapshot) => {
        const record = snapshot.operations.get(link.operationId);
        if (!record || record.operation.Type !== "CALLBACK") throw new DurableClientError("CALLBACK_NOT_FOUND", "no callback with this id");
        checkOpen(snapshot, record, callbackId, now);
        const b = new MutationBuilder(snapshot.execution, snapshot.operations, now);
        const state = runtimeStateOf(record);
        if (answer.kind === "heartbeat") {
          heartbeat(b, snapshot, record, now);
          return { mutation: b.build() };
        }
        const closed = { ...state, callbackTimeoutAt: undefined, heartbeatDeadlineAt: undefined };
        let op: Operation;
        if (answer.kind === "succeed") {
          op = { ...record.operation, Status: "SUCCEEDED", EndTimestamp: b.nowIso, CallbackDetails: { CallbackId: callbackId, Result: answer.result } };
          b.event("CallbackSucceeded", op, { Result: answer.result === undefined ? {} : { Payload: answer.result } });
        } else {
          const error = answer.error ?? {};
          op = { ...record.operation, Status: "FAILED", EndTimestamp: b.nowIso, CallbackDetails: { CallbackId: callbackId, Error: error } };
          b.event("CallbackFailed", op, { Error: { Payload: error } });
        }
        b.putOperation(withRuntimeState({ ...record, operation: op }, closed));
        b.closeCallback(callbackId);
        b.setExecution({ nextWakeAt: now });
        wake = true;
        return { mutation: b.build() };
      });
    } catch (error) {
      if (StoreError.is(error) && error.code === "EXECUTION_NOT_FOUND") throw new DurableClientError("CALLBACK_NOT_FOUND", "no callback with this id");
      throw error;
    }
    if (wake) this.onWake();
  }
}

function checkOpen(snapshot: TransactSnapshot, record: OperationRecord, callbackId: string, now: number): void {
  const op = record.operation;
  const state = runtimeStateOf(record);
  const closed =
    snapshot.execution.status !== "RUNNING" ||
    op.Status !== "STARTED" ||
    op.CallbackDetails?.CallbackId !== callbackId ||
    (state.callbackTimeoutAt !== undefined && state.callbackTimeoutAt <= now) ||
    (state.heartbeatDeadlineAt !== undefined && state.heartbeatDeadlineAt <= now);
  if (closed) throw new DurableClientError("CALLBACK_TIMEOUT", "the callback has timed out or is already closed");
}

/**
 * Pushes the heartbeat deadline. When the execution's wake time was this very deadline, it moves
 * to the next timer; any other wake time (e.g. "now", for an answer not yet processed) stays.
 */
function heartbeat(b: MutationBuilder, snapshot: TransactSnapshot, record: OperationRecord, now: number): void {
  const state = runtimeStateOf(record);
  if (state.heartbeatTimeoutSeconds === undefined) return;
  const old = state.heartbeatDeadlineAt;
  const deadline = now + state.heartbeatTimeoutSeconds * 1000;
  const updated = withRuntimeState(record, { ...state, heartbeatDeadlineAt: deadline });
  b.putOperation(updated);
  const callbackId = record.operation.CallbackDetails?.CallbackId;
  if (callbackId !== undefined) b.patchCallback({ callbackId, heartbeatDeadlineAt: deadline });
  const leased = snapshot.execution.leaseOwner !== undefined && (snapshot.execution.leaseExpiresAt ?? 0) > now;
  if (!leased && old !== undefined && snapshot.execution.nextWakeAt === old) {
    const waiting = [...snapshot.operations.values()].map((r) => (r.operation.Id === updated.operation.Id ? updated : r));
    const next = computeNextWakeAt(waiting, snapshot.execution, snapshot.operations.get(executionOperationId(snapshot.execution)));
    b.setExecution({ nextWakeAt: next === undefined ? null : Math.max(next, now) });
  }
}

/**
 * A callback whose handler described its answer (answerSchema) takes only answers that fit: one
 * that does not is refused with every failing path (`result.reason: must not be empty`), before
 * anything is written, so the callback stays pending. An ended callback is left to the usual
 * CALLBACK_TIMEOUT answer.
 */
export function checkTypedAnswer(schemaText: string, result: string | undefined): void {
  const problems = validateAnswerText(parseAnswerSchema(schemaText), result);
  if (problems.length === 0) return;
  const details = problems.map((p) => ({ path: p.path ? `result.${p.path}` : "result", message: p.message }));
  throw new DurableClientError("VALIDATION_ERROR", `the answer does not fit the callback's form: ${details.map((d) => `${d.path} ${d.message}`).join("; ")}`, details);
}
