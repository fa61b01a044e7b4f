/**
 * STEP: runs in the handler; a RETRY parks it PENDING until its retry time, when the timer makes
 * it READY for the next invocation. Redrive runs a failed step again, keeping its attempt count.
 */
import { Limits, type Operation } from "../../types/wire";
import { isoAt, msOf } from "../clock";
import { baseOperation, endedOperation, errorOf, payloadOf, storeOperation } from "./operation-writes";
import type { OperationBehaviour, OperationFacts } from "./types";

export const DEFAULT_RETRY_DELAY_SECONDS = 1;

/**
 * What it is, as data: STEP. A step's life: none -> START -> STARTED -> RETRY -> PENDING ->
 * (its retry time) READY -> START/RETRY/SUCCEED/FAIL. The SDK may also create a step already
 * finished (a step whose result it has, or one that failed without retries).
 */
const stepFacts: OperationFacts<"STEP"> = {
  type: "STEP",
  transitions: {
    START: [undefined, "READY"],
    RETRY: [undefined, "STARTED", "READY"],
    SUCCEED: [undefined, "STARTED", "READY"],
    FAIL: [undefined, "STARTED", "READY"],
  },
  // PENDING waits on its retry time; READY's time has come and the next invocation must run it.
  // A STARTED step is the handler's own work, not a wait.
  waitingStatuses: ["PENDING", "READY"],
  dueNowStatuses: ["READY"],
};

export const stepBehaviour: OperationBehaviour<"STEP"> = {
  ...stepFacts,
  maxPayloadBytes: Limits.operationPayloadBytes,
  checkUpdate() {},

  apply(b, u, record) {
    const current = record?.operation;
    const base = baseOperation(b, u, record);
    const attempts = current?.StepDetails?.Attempt ?? 0;
    const { NextAttemptTimestamp: _next, Error: _error, ...kept } = current?.StepDetails ?? {};
    if (u.Action === "START") {
      const op: Operation = { ...base, Status: "STARTED" };
      if (current) op.StepDetails = kept;
      b.event("StepStarted", storeOperation(b, record, op).operation, {});
    } else if (u.Action === "RETRY") {
      const delay = u.StepOptions?.NextAttemptDelaySeconds ?? DEFAULT_RETRY_DELAY_SECONDS;
      const attempt = attempts + 1;
      const op: Operation = {
        ...base,
        Status: "PENDING",
        StepDetails: { Attempt: attempt, NextAttemptTimestamp: isoAt(b.now + delay * 1000), Result: u.Payload, Error: u.Error },
      };
      const stored = storeOperation(b, record, op).operation;
      // A failed attempt is a StepFailed; a waitForCondition round (state, no error) a StepSucceeded.
      // RetryDetails.CurrentAttempt is the attempt (or round) the event reports on. The official
      // local runner numbers by the attempts recorded before it, one less from the second on.
      if (u.Error !== undefined) {
        b.event("StepFailed", stored, { Error: errorOf(u.Error), RetryDetails: { CurrentAttempt: attempt, NextAttemptDelaySeconds: delay } });
      } else {
        b.event("StepSucceeded", stored, { Result: payloadOf(u.Payload), RetryDetails: successRetryDetails(attempt, delay) });
      }
    } else if (u.Action === "SUCCEED") {
      const op: Operation = { ...endedOperation(b, base, "SUCCEEDED"), StepDetails: { ...kept, Result: u.Payload } };
      b.event("StepSucceeded", storeOperation(b, record, op).operation, { Result: payloadOf(u.Payload), RetryDetails: successRetryDetails(attempts + 1) });
    } else {
      const { Result: _result, ...withoutResult } = kept;
      const op: Operation = { ...endedOperation(b, base, "FAILED"), StepDetails: { ...withoutResult, Error: u.Error } };
      b.event("StepFailed", storeOperation(b, record, op).operation, { Error: errorOf(u.Error), RetryDetails: { CurrentAttempt: attempts + 1 } });
    }
  },

  timer: {
    // A READY step is due too, but it has no timer left to fire (dueNowStatuses says so).
    dueAt: (record) => (record.operation.Status === "PENDING" ? (msOf(record.operation.StepDetails?.NextAttemptTimestamp) ?? 0) : undefined),
    // Its retry time has come: READY, no event (the next attempt's StepStarted says it).
    fire(b, record) {
      b.putOperation({ ...record, operation: { ...record.operation, Status: "READY" } });
    },
  },

  redrive: {
    reopen() {},
    // READY runs it again at once; Attempt stays, so the retry strategy sees the attempts it made.
    rerun(b, record) {
      const { EndTimestamp: _end, ...op } = record.operation;
      const { Error: _error, ...details } = op.StepDetails ?? {};
      b.putOperation({ ...record, operation: { ...op, Status: "READY", StepDetails: details } });
      return true;
    },
  },
};

/** A success's RetryDetails: the attempt that succeeded, left out on a first attempt (as the official runner does). */
function successRetryDetails(attempt: number, nextAttemptDelaySeconds?: number): Record<string, number> {
  return {
    ...(nextAttemptDelaySeconds !== undefined ? { NextAttemptDelaySeconds: nextAttemptDelaySeconds } : {}),
    ...(attempt > 1 ? { CurrentAttempt: attempt } : {}),
  };
}
