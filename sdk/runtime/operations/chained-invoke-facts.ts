/** CHAINED_INVOKE, as data (browser-safe): started once, it waits for its target's answer or a cancel. */
import type { OperationFacts } from "./types";

export const chainedInvokeFacts: OperationFacts<"CHAINED_INVOKE"> = {
  type: "CHAINED_INVOKE",
  transitions: { START: [undefined], CANCEL: ["STARTED"] },
  waitingStatuses: ["STARTED"],
  dueNowStatuses: [],
};
