/** The stuck reasons of one execution: each rule's name and its sentence. */
import type { StuckCode, StuckReason } from "@/sdk/runtime/diagnosis/types";
import { Sentence } from "./sentence";

export const STUCK_LABEL: Record<StuckCode, string> = {
  LEASE_NOT_RENEWED: "Lease not renewed",
  DUE_UNCLAIMED: "Due, unclaimed",
  NO_LIVE_WORKER: "No live worker",
  HEARTBEAT_OVERDUE: "Heartbeat overdue",
  REPEATED_INVOCATION_ERRORS: "Repeated invocation errors",
};

export function StuckReasons({ reasons }: { reasons: StuckReason[] }) {
  return (
    <ul className="space-y-1">
      {reasons.map((reason, i) => (
        <li key={`${reason.code}-${i}`} data-stuck-code={reason.code} className="text-sm">
          <span className="mr-1.5 inline-block rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800 dark:bg-red-400/15 dark:text-red-200">
            {STUCK_LABEL[reason.code]}
          </span>
          <Sentence text={reason.message} />
        </li>
      ))}
    </ul>
  );
}
