/** WAIT, as data (browser-safe): started once, it waits for its end or a cancel. */
import type { OperationFacts } from "./types";

export const waitFacts: OperationFacts<"WAIT"> = {
  type: "WAIT",
  transitions: { START: [undefined], CANCEL: ["STARTED"] },
  waitingStatuses: ["STARTED"],
  dueNowStatuses: [],
};
