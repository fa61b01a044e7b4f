/**
 * EXECUTION: the execution's own operation (its Id is the execution id). The SDK ends it through
 * a checkpoint only on its large-result path; the outcome is kept on the execution row, and the
 * terminal event is written when the invocation completes, after its InvocationCompleted (as for
 * a returned result).
 */
import { Limits } from "../../types/wire";
import { baseOperation, endedOperation, storeOperation } from "./operation-writes";
import type { OperationBehaviour, OperationFacts } from "./types";

/**
 * What it is, as data: EXECUTION. The runtime creates it STARTED with the execution; the SDK
 * only ever ends it (its large-result path checkpoints the outcome instead of returning it).
 */
const executionFacts: OperationFacts<"EXECUTION"> = {
  type: "EXECUTION",
  transitions: { SUCCEED: ["STARTED"], FAIL: ["STARTED"] },
  // Its end is the handler's; the execution timeout is the execution's own deadline (timers.ts).
  waitingStatuses: [],
  dueNowStatuses: [],
};

export const executionBehaviour: OperationBehaviour<"EXECUTION"> = {
  ...executionFacts,
  // Its Payload is the execution's result, which may be larger than an operation's.
  maxPayloadBytes: Limits.executionResultBytes,
  checkUpdate() {},

  apply(b, u, record, _deps, applied) {
    const status = u.Action === "SUCCEED" ? "SUCCEEDED" : "FAILED";
    storeOperation(b, record, endedOperation(b, baseOperation(b, u, record), status));
    if (status === "SUCCEEDED") b.setExecution(u.Payload === undefined ? { result: null } : { result: u.Payload });
    else b.setExecution({ error: u.Error ?? { ErrorType: "Error", ErrorMessage: "" } });
    applied.executionOutcome = status;
  },

  // The execution timeout is the execution's deadline, not an operation timer (timers.ts).
  timer: null,

  // applyRedrive restarts the execution itself before it looks at any operation.
  redrive: { reopen() {}, rerun: () => false },
};
