/**
 * "Due, but no worker has picked it up": a RUNNING execution whose wake time passed a while ago
 * and that no worker holds. Workers claim due executions within a poll (250 ms by default), and
 * only executions of functions they have registered, so one that stays due means no running
 * worker can run it (none is running, or none has its function). Pure and client-safe.
 */
import type { ExecutionDetail } from "./types";

/** How long a due execution may go unclaimed before the page says so (several worker polls). */
export const UNCLAIMED_GRACE_MS = 3000;

/**
 * Since when the execution has been waiting for a worker (ISO), judged at `readAt` (the server's
 * clock at the read, so the answer does not depend on the browser's clock); undefined when it is
 * not waiting for one: not running, nothing due yet, due only just now, or held by a worker.
 * A lease that lapsed (its worker died) counts from its expiry: only then could another claim it.
 */
export function unclaimedSince(execution: Pick<ExecutionDetail, "status" | "nextWakeAt" | "lease">, readAt: string): string | undefined {
  if (execution.status !== "RUNNING" || !execution.nextWakeAt) return undefined;
  const at = Date.parse(readAt);
  const due = Date.parse(execution.nextWakeAt);
  const leaseEnd = execution.lease ? Date.parse(execution.lease.expiresAt) : undefined;
  if (leaseEnd !== undefined && leaseEnd > at) return undefined;
  const since = leaseEnd !== undefined && leaseEnd > due ? leaseEnd : due;
  if (!(at - since > UNCLAIMED_GRACE_MS)) return undefined;
  return new Date(since).toISOString();
}
