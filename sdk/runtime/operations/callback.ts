/**
 * CALLBACK: waits for an answer from outside (by its CallbackId), with an optional timeout and
 * heartbeat deadline. The deadlines live in the runtime state beside the operation; the callback
 * record (the inbox entry) is opened and closed with it.
 */
import type { OperationRecord } from "../../store/types";
import { Limits, type ErrorObject, type Operation } from "../../types/wire";
import { runtimeStateOf, withRuntimeState } from "../operation-state";
import { baseOperation, endedOperation, payloadOf, positiveSeconds } from "./operation-writes";
import { MAX_ANSWER_SCHEMA_BYTES, parseAnswerSchema } from "../../utils/answer-schema";
import type { OperationBehaviour, OperationFacts } from "./types";

/** The deadlines of seconds counted from now (undefined seconds: no such deadline). */
function deadlinesFrom(now: number, timeoutSeconds: number | undefined, heartbeatSeconds: number | undefined) {
  return {
    timeoutAt: timeoutSeconds === undefined ? undefined : now + timeoutSeconds * 1000,
    heartbeatDeadlineAt: heartbeatSeconds === undefined ? undefined : now + heartbeatSeconds * 1000,
  };
}

/** Its deadlines are over (cancelled or timed out): nothing times it any more. */
function withoutDeadlines(record: OperationRecord, operation: Operation): OperationRecord {
  return withRuntimeState({ ...record, operation }, { ...runtimeStateOf(record), callbackTimeoutAt: undefined, heartbeatDeadlineAt: undefined });
}

/** What it is, as data: started once, it waits for an answer, a deadline or a cancel. */
const callbackFacts: OperationFacts<"CALLBACK"> = {
  type: "CALLBACK",
  transitions: { START: [undefined], CANCEL: ["STARTED"] },
  waitingStatuses: ["STARTED"],
  dueNowStatuses: [],
};

export const callbackBehaviour: OperationBehaviour<"CALLBACK"> = {
  ...callbackFacts,
  maxPayloadBytes: Limits.operationPayloadBytes,
  // An answer schema is checked when the callback starts, so no answer ever meets a broken one.
  checkUpdate(u, reject) {
    const schema: unknown = (u.CallbackOptions as { AnswerSchema?: unknown } | undefined)?.AnswerSchema;
    if (schema === undefined) return;
    if (typeof schema !== "string") return reject("CallbackOptions.AnswerSchema must be a JSON Schema as JSON text");
    if (new TextEncoder().encode(schema).length > MAX_ANSWER_SCHEMA_BYTES) reject(`CallbackOptions.AnswerSchema is larger than ${MAX_ANSWER_SCHEMA_BYTES} bytes`);
    try {
      parseAnswerSchema(schema);
    } catch (error) {
      reject(`CallbackOptions.${error instanceof Error ? error.message : String(error)}`);
    }
  },

  apply(b, u, record, deps) {
    if (u.Action === "START") {
      const callbackId = deps.newCallbackId();
      const timeout = positiveSeconds(u.CallbackOptions?.TimeoutSeconds);
      const heartbeat = positiveSeconds(u.CallbackOptions?.HeartbeatTimeoutSeconds);
      const op: Operation = { ...baseOperation(b, u, record), Status: "STARTED", CallbackDetails: { CallbackId: callbackId } };
      const deadlines = deadlinesFrom(b.now, timeout, heartbeat);
      // The configured seconds are kept too: a redrive re-arms the same deadlines from its own now.
      b.putOperation(
        withRuntimeState(b.createOperation(op), {
          callbackTimeoutAt: deadlines.timeoutAt,
          heartbeatDeadlineAt: deadlines.heartbeatDeadlineAt,
          callbackTimeoutSeconds: timeout,
          heartbeatTimeoutSeconds: heartbeat,
          answerSchema: u.CallbackOptions?.AnswerSchema,
        }),
      );
      // The parent CONTEXT (for the inbox name) is in the builder: the invocation client reads
      // the ParentId of every CALLBACK START it knows exists; a parent started in this batch is here.
      b.openCallback(callbackId, op, deadlines, u.CallbackOptions?.AnswerSchema);
      b.event("CallbackStarted", op, { CallbackId: callbackId, Input: payloadOf(u.Payload), Timeout: timeout, HeartbeatTimeout: heartbeat });
      return;
    }
    // No history event type exists for a cancelled callback; the operation records it.
    b.putOperation(withoutDeadlines(record!, endedOperation(b, record!.operation, "CANCELLED")));
    const callbackId = record!.operation.CallbackDetails?.CallbackId;
    if (callbackId !== undefined) b.closeCallback(callbackId);
  },

  timer: {
    dueAt(record) {
      const state = runtimeStateOf(record);
      if (state.callbackTimeoutAt === undefined) return state.heartbeatDeadlineAt;
      if (state.heartbeatDeadlineAt === undefined) return state.callbackTimeoutAt;
      return Math.min(state.callbackTimeoutAt, state.heartbeatDeadlineAt);
    },
    fire(b, record) {
      const op = record.operation;
      const state = runtimeStateOf(record);
      const onHeartbeat = state.heartbeatDeadlineAt !== undefined && state.heartbeatDeadlineAt <= b.now &&
        !(state.callbackTimeoutAt !== undefined && state.callbackTimeoutAt <= state.heartbeatDeadlineAt);
      // A message and no ErrorType, as the official runner records it: the SDK names the
      // error the handler sees (CallbackTimeoutError), and its cause is a plain "Error".
      const error: ErrorObject = { ErrorMessage: onHeartbeat ? "Callback timed out on heartbeat" : "Callback timed out" };
      const next: Operation = { ...op, Status: "TIMED_OUT", EndTimestamp: b.nowIso, CallbackDetails: { ...op.CallbackDetails, Error: error } };
      b.putOperation(withoutDeadlines(record, next));
      if (op.CallbackDetails?.CallbackId !== undefined) b.closeCallback(op.CallbackDetails.CallbackId);
      b.event("CallbackTimedOut", next, { Error: { Payload: error } });
    },
  },

  redrive: {
    // Still waiting when the execution ended (which closed it): answerable again from now.
    reopen(b, record) {
      const callbackId = record.operation.CallbackDetails?.CallbackId;
      if (callbackId !== undefined) b.patchCallback({ callbackId, pending: true });
    },
    // Timed out or failed: a fresh CallbackId with fresh deadlines. The old id is dead (answers
    // to it get CALLBACK_TIMEOUT); the new one waits.
    rerun(b, record, deps) {
      const { EndTimestamp: _end, ...op } = record.operation;
      const state = runtimeStateOf(record);
      const callbackId = deps.newCallbackId();
      const timeout = state.callbackTimeoutSeconds;
      const heartbeat = state.heartbeatTimeoutSeconds;
      const next: Operation = { ...op, Status: "STARTED", CallbackDetails: { CallbackId: callbackId } };
      const deadlines = deadlinesFrom(b.now, timeout, heartbeat);
      b.putOperation(withRuntimeState({ ...record, operation: next }, { ...state, callbackTimeoutAt: deadlines.timeoutAt, heartbeatDeadlineAt: deadlines.heartbeatDeadlineAt }));
      const oldCallbackId = op.CallbackDetails?.CallbackId;
      if (oldCallbackId !== undefined) b.closeCallback(oldCallbackId);
      b.openCallback(callbackId, next, deadlines, state.answerSchema);
      b.event("CallbackStarted", next, { CallbackId: callbackId, Input: {}, Timeout: timeout, HeartbeatTimeout: heartbeat });
      return true;
    },
  },
};
