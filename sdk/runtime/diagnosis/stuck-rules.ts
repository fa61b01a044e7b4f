/**
 * The stuck rules, as pure functions of what the store says at `now`. Each rule that holds gives
 * one reason, in words, with the facts behind it:
 * - LEASE_NOT_RENEWED: a worker holds the lease and no longer renews it (its lease lapsed and
 *   nobody took over, or its heartbeat row went silent or is gone while the lease still runs);
 * - DUE_UNCLAIMED: due for more than N seconds (`dueGraceMs`) and no worker has claimed it;
 * - NO_LIVE_WORKER: no live worker has the execution's function registered;
 * - HEARTBEAT_OVERDUE: a pending callback's heartbeat deadline passed and nothing timed it out;
 * - REPEATED_INVOCATION_ERRORS: its last invocations ended in invocation errors (a poisoned
 *   handler: it throws, times out or answers nonsense), so it retries with backoff, going nowhere.
 */
import type { ErrorObject } from "../../types/wire";
import type { ExecutionRecord } from "../../store/types";
import { isoAt } from "../clock";
import type { StuckReason } from "./types";
import type { WorkerIndex } from "./workers";

/**
 * How late a timer or a lease may be before a rule calls it: workers poll every 250 ms and act
 * within a poll or two, so anything later than a few seconds is not being looked after.
 */
export const LATE_GRACE_MS = 5000;
export const DEFAULT_DUE_GRACE_SECONDS = 30;
export const DEFAULT_INVOCATION_ERROR_THRESHOLD = 2;

export interface PendingCallbackFacts {
  callbackId: string;
  operationId: string;
  heartbeatDeadlineAt?: number;
}

export interface StuckFacts {
  execution: Omit<ExecutionRecord, "checkpointToken">;
  workers: WorkerIndex;
  now: number;
  dueGraceMs: number;
  invocationErrorThreshold: number;
  /** Consecutive invocation errors (the EXECUTION operation's runtime state), when read. */
  invocationErrors?: number;
  lastInvocationError?: ErrorObject;
  pendingCallbacks: PendingCallbackFacts[];
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

export function stuckReasons(facts: StuckFacts): StuckReason[] {
  const { execution } = facts;
  if (execution.status !== "RUNNING") return [];
  return [leaseRule(facts), dueRule(facts), workerRule(facts), ...heartbeatRule(facts), invocationErrorRule(facts)].filter(
    (reason): reason is StuckReason => reason !== undefined,
  );
}

function leaseRule({ execution, workers, now }: StuckFacts): StuckReason | undefined {
  const owner = execution.leaseOwner;
  if (owner === undefined) return undefined;
  const expiresAt = execution.leaseExpiresAt ?? 0;
  const worker = workers.byId.get(owner);
  if (expiresAt <= now - LATE_GRACE_MS) {
    return {
      code: "LEASE_NOT_RENEWED",
      message: `Worker ${owner} holds the lease but stopped renewing it: it lapsed at ${isoAt(expiresAt)} (${seconds(now - expiresAt)} ago) and no worker has taken over.`,
      sinceTimestamp: isoAt(expiresAt),
      workerId: owner,
    };
  }
  if (expiresAt > now && (worker === undefined || !worker.alive)) {
    const silence = worker ? `its last heartbeat was ${seconds(worker.silentForMs)} ago` : "it has no heartbeat row";
    return {
      code: "LEASE_NOT_RENEWED",
      message: `Worker ${owner} holds the lease until ${isoAt(expiresAt)} but is not alive (${silence}): nobody will renew the lease, and the execution waits until it lapses.`,
      ...(worker ? { sinceTimestamp: worker.lastHeartbeatTimestamp } : {}),
      workerId: owner,
    };
  }
  return undefined;
}

function dueRule({ execution, now, dueGraceMs }: StuckFacts): StuckReason | undefined {
  if (execution.nextWakeAt === undefined) return undefined;
  const leaseEnd = execution.leaseOwner !== undefined ? (execution.leaseExpiresAt ?? 0) : undefined;
  if (leaseEnd !== undefined && leaseEnd > now) return undefined;
  const since = Math.max(execution.nextWakeAt, leaseEnd ?? 0);
  if (now - since <= dueGraceMs) return undefined;
  return {
    code: "DUE_UNCLAIMED",
    message: `Due since ${isoAt(since)} (${seconds(now - since)} ago) and no worker has claimed it.`,
    sinceTimestamp: isoAt(since),
  };
}

function workerRule({ execution, workers }: StuckFacts): StuckReason | undefined {
  if (workers.liveFunctions.has(execution.functionName)) return undefined;
  const alive = workers.aliveCount === 0 ? "no worker is alive" : `${workers.aliveCount} live worker${workers.aliveCount === 1 ? "" : "s"}, none with it`;
  return {
    code: "NO_LIVE_WORKER",
    message: `No live worker has function ${execution.functionName} registered (${alive}): nothing will run this execution until one starts.`,
  };
}

function heartbeatRule({ pendingCallbacks, now }: StuckFacts): StuckReason[] {
  return pendingCallbacks
    .filter((cb) => cb.heartbeatDeadlineAt !== undefined && cb.heartbeatDeadlineAt <= now - LATE_GRACE_MS)
    .map((cb) => ({
      code: "HEARTBEAT_OVERDUE" as const,
      message: `Callback ${cb.callbackId} expected a heartbeat by ${isoAt(cb.heartbeatDeadlineAt!)} (${seconds(now - cb.heartbeatDeadlineAt!)} overdue) and nothing has timed it out.`,
      sinceTimestamp: isoAt(cb.heartbeatDeadlineAt!),
      callbackId: cb.callbackId,
      operationId: cb.operationId,
    }));
}

function invocationErrorRule({ invocationErrors, invocationErrorThreshold, lastInvocationError }: StuckFacts): StuckReason | undefined {
  if (invocationErrors === undefined || invocationErrors < invocationErrorThreshold) return undefined;
  const last = lastInvocationError ? ` (last: ${lastInvocationError.ErrorType ?? "Error"}: ${lastInvocationError.ErrorMessage ?? ""})` : "";
  return {
    code: "REPEATED_INVOCATION_ERRORS",
    message: `Its last ${invocationErrors} invocations ended in invocation errors${last}; it is retried with backoff until the retry limit fails it.`,
    invocationErrors,
  };
}
