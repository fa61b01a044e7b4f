/**
 * STEP, as data (browser-safe). A step's life: none -> START -> STARTED -> RETRY -> PENDING ->
 * (its retry time) READY -> START/RETRY/SUCCEED/FAIL. The SDK may also create a step already
 * finished (a step whose result it has, or one that failed without retries).
 */
import type { OperationFacts } from "./types";

export const stepFacts: OperationFacts<"STEP"> = {
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
