/**
 * EXECUTION, as data (browser-safe). The runtime creates it STARTED with the execution; the SDK
 * only ever ends it (its large-result path checkpoints the outcome instead of returning it).
 */
import type { OperationFacts } from "./types";

export const executionFacts: OperationFacts<"EXECUTION"> = {
  type: "EXECUTION",
  transitions: { SUCCEED: ["STARTED"], FAIL: ["STARTED"] },
  // Its end is the handler's; the execution timeout is the execution's own deadline (timers.ts).
  waitingStatuses: [],
  dueNowStatuses: [],
};
