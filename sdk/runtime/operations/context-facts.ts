/**
 * CONTEXT (a child context, a map, a parallel), as data (browser-safe). The SDK may create one
 * already finished (a context whose result it has).
 */
import type { OperationFacts } from "./types";

export const contextFacts: OperationFacts<"CONTEXT"> = {
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
