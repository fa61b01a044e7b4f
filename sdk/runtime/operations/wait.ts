/** WAIT: a timer. It ends SUCCEEDED when its time comes, or CANCELLED by the handler. */
import { Limits, type Operation } from "../../types/wire";
import { isoAt, msOf } from "../clock";
import { baseOperation, endedOperation, errorOf, storeOperation } from "./operation-writes";
import { checkSeconds } from "./seconds";
import type { OperationBehaviour, OperationFacts } from "./types";

/** What it is, as data: started once, it waits for its end or a cancel. */
const waitFacts: OperationFacts<"WAIT"> = {
  type: "WAIT",
  transitions: { START: [undefined], CANCEL: ["STARTED"] },
  waitingStatuses: ["STARTED"],
  dueNowStatuses: [],
};

export const waitBehaviour: OperationBehaviour<"WAIT"> = {
  ...waitFacts,
  maxPayloadBytes: Limits.operationPayloadBytes,
  checkUpdate(u, reject) {
    if (u.Action !== "START") return;
    const seconds = u.WaitOptions?.WaitSeconds;
    if (seconds === undefined) reject("WaitOptions.WaitSeconds is required to start a WAIT");
    checkSeconds("WaitOptions.WaitSeconds", seconds, reject);
  },

  apply(b, u, record) {
    const base = baseOperation(b, u, record);
    if (u.Action === "START") {
      const seconds = u.WaitOptions?.WaitSeconds ?? 0;
      const scheduledEnd = isoAt(b.now + seconds * 1000);
      const op: Operation = { ...base, Status: "STARTED", WaitDetails: { ScheduledEndTimestamp: scheduledEnd } };
      b.event("WaitStarted", storeOperation(b, record, op).operation, { Duration: seconds, ScheduledEndTimestamp: scheduledEnd });
    } else {
      const stored = storeOperation(b, record, endedOperation(b, base, "CANCELLED")).operation;
      b.event("WaitCancelled", stored, { Error: u.Error === undefined ? undefined : errorOf(u.Error) });
    }
  },

  timer: {
    dueAt: (record) => msOf(record.operation.WaitDetails?.ScheduledEndTimestamp),
    fire(b, record, dueAt) {
      const op = record.operation;
      const next: Operation = { ...op, Status: "SUCCEEDED", EndTimestamp: b.nowIso };
      b.putOperation({ ...record, operation: next });
      const started = msOf(op.StartTimestamp);
      const duration = started === undefined ? undefined : Math.max(0, Math.round((dueAt - started) / 1000));
      b.event("WaitSucceeded", next, { Duration: duration });
    },
  },

  // A wait only ends SUCCEEDED or CANCELLED, never unsuccessfully: nothing to run again.
  redrive: { reopen() {}, rerun: () => false },
};
