/** CALLBACK, as data (browser-safe): started once, it waits for an answer, a deadline or a cancel. */
import type { OperationFacts } from "./types";

export const callbackFacts: OperationFacts<"CALLBACK"> = {
  type: "CALLBACK",
  transitions: { START: [undefined], CANCEL: ["STARTED"] },
  waitingStatuses: ["STARTED"],
  dueNowStatuses: [],
};
