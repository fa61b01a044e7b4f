/**
 * CONTEXT (a child context, a map, a parallel): the handler runs its body; the context records
 * the outcome. It has no timer. Redrive runs its body again: a failed one, and a map or parallel
 * that succeeded with a failed item (redrive.ts decides which; the re-arm is the same).
 */
import { Limits, type Operation } from "../../types/wire";
import { baseOperation, endedOperation, errorOf, payloadOf, storeOperation } from "./operation-writes";
import type { OperationBehaviour, OperationFacts } from "./types";

/**
 * What it is, as data: CONTEXT (a child context, a map, a parallel). The SDK may create one
 * already finished (a context whose result it has).
 */
const contextFacts: OperationFacts<"CONTEXT"> = {
  type: "CONTEXT",
  transitions: {
    START: [undefined],
    SUCCEED: [undefined, "STARTED"],
    FAIL: [undefined, "STARTED"],
  },
  // A running context is its children's work: it never waits itself.
  waitingStatuses: [],
  dueNowStatuses: [],
};

export const contextBehaviour: OperationBehaviour<"CONTEXT"> = {
  ...contextFacts,
  maxPayloadBytes: Limits.operationPayloadBytes,
  checkUpdate() {},

  apply(b, u, record) {
    const base = baseOperation(b, u, record);
    const replayChildren = u.ContextOptions?.ReplayChildren ?? record?.operation.ContextDetails?.ReplayChildren;
    const details = replayChildren === undefined ? {} : { ReplayChildren: replayChildren };
    if (u.Action === "START") {
      const op: Operation = { ...base, Status: "STARTED" };
      if (replayChildren !== undefined) op.ContextDetails = details;
      b.event("ContextStarted", storeOperation(b, record, op).operation, {});
    } else if (u.Action === "SUCCEED") {
      const op: Operation = { ...endedOperation(b, base, "SUCCEEDED"), ContextDetails: { ...details, Result: u.Payload } };
      b.event("ContextSucceeded", storeOperation(b, record, op).operation, { Result: payloadOf(u.Payload) });
    } else {
      const op: Operation = { ...endedOperation(b, base, "FAILED"), ContextDetails: { ...details, Error: u.Error } };
      b.event("ContextFailed", storeOperation(b, record, op).operation, { Error: errorOf(u.Error) });
    }
  },

  timer: null,

  redrive: {
    reopen() {},
    // STARTED again, without its outcome: a failed context carries an Error, a succeeded batch a
    // Result (never both); the replay runs the body, whose finished children replay.
    rerun(b, record) {
      const { EndTimestamp: _end, ...op } = record.operation;
      const { Error: _error, Result: _result, ...details } = op.ContextDetails ?? {};
      b.putOperation({ ...record, operation: { ...op, Status: "STARTED", ContextDetails: details } });
      return true;
    },
  },
};
