/**
 * The stuck rules' edges, as pure functions of the store's facts at `now`: a lease lapsed within
 * the grace is a takeover about to happen, not a stuck execution; "due for more than N seconds"
 * means more; a worker is dead after three missed heartbeats, not two. (tests/runtime/stuck.test.ts
 * produces each reason for real.)
 */
import { describe, expect, it } from "vitest";
import { LATE_GRACE_MS, stuckReasons, type StuckFacts } from "../../sdk/runtime/diagnosis/stuck-rules";
import { indexWorkers, workerView } from "../../sdk/runtime/diagnosis/workers";
import type { WorkerRecord } from "../../sdk/store/types";

const NOW = Date.parse("2026-03-01T12:00:00.000Z");

function worker(workerId: string, silentMs: number, functions = ["orders"]): WorkerRecord {
  return {
    workerId,
    host: "h",
    pid: 1,
    functions,
    startedTimestamp: new Date(NOW - 60_000).toISOString(),
    lastHeartbeatTimestamp: new Date(NOW - silentMs).toISOString(),
    heartbeatIntervalMs: 1000,
    leaseMs: 15_000,
    running: 0,
  };
}

function facts(overrides: Partial<StuckFacts["execution"]> = {}, more: Partial<StuckFacts> = {}): StuckFacts {
  return {
    execution: {
      executionId: "e1",
      arn: "arn",
      functionName: "orders",
      name: "e1",
      status: "RUNNING",
      startTimestamp: new Date(NOW - 120_000).toISOString(),
      eventCount: 1,
      operationCount: 1,
      logCount: 0,
      invocationCount: 1,
      redriveCount: 0,
      version: 1,
      ...overrides,
    },
    workers: indexWorkers([workerView(worker("w1", 0), NOW)]),
    now: NOW,
    dueGraceMs: 30_000,
    invocationErrorThreshold: 2,
    pendingCallbacks: [],
    ...more,
  };
}

const codes = (f: StuckFacts) => stuckReasons(f).map((r) => r.code);

describe("stuck rules", () => {
  it("a healthy execution, and every ended one, breaks none", () => {
    expect(codes(facts({ nextWakeAt: NOW + 60_000 }))).toEqual([]);
    expect(codes(facts({ status: "FAILED", nextWakeAt: NOW - 3_600_000 }, { workers: indexWorkers([]) }))).toEqual([]);
  });

  it("a worker is dead after three missed heartbeats, not before", () => {
    expect(workerView(worker("w", 3000), NOW).alive).toBe(true);
    expect(workerView(worker("w", 3001), NOW).alive).toBe(false);
  });

  it("LEASE_NOT_RENEWED: a lapsed lease only past the grace; a live lease only when its worker is dead or unknown", () => {
    expect(codes(facts({ leaseOwner: "w1", leaseExpiresAt: NOW - LATE_GRACE_MS + 1 }))).toEqual([]);
    expect(codes(facts({ leaseOwner: "w1", leaseExpiresAt: NOW - LATE_GRACE_MS }))).toEqual(["LEASE_NOT_RENEWED"]);
    expect(codes(facts({ leaseOwner: "w1", leaseExpiresAt: NOW + 5000 }))).toEqual([]);
    expect(codes(facts({ leaseOwner: "w-gone", leaseExpiresAt: NOW + 5000 }))).toEqual(["LEASE_NOT_RENEWED"]);
    const deadHolder = indexWorkers([workerView(worker("w1", 0), NOW), workerView(worker("w2", 10_000), NOW)]);
    expect(stuckReasons(facts({ leaseOwner: "w2", leaseExpiresAt: NOW + 5000 }, { workers: deadHolder }))[0]).toMatchObject({
      code: "LEASE_NOT_RENEWED",
      workerId: "w2",
      message: expect.stringContaining("its last heartbeat was 10 s ago"),
    });
  });

  it("DUE_UNCLAIMED: due for more than N seconds, counted from the later of the wake time and a lapsed lease", () => {
    expect(codes(facts({ nextWakeAt: NOW - 30_000 }))).toEqual([]);
    expect(codes(facts({ nextWakeAt: NOW - 30_001 }))).toEqual(["DUE_UNCLAIMED"]);
    // A lease that lapsed 10 s ago restarts the count (unheld for 10 s only): the lapsed lease is the reason.
    expect(codes(facts({ nextWakeAt: NOW - 60_000, leaseOwner: "w1", leaseExpiresAt: NOW - 10_000 }))).toEqual(["LEASE_NOT_RENEWED"]);
    expect(codes(facts({ nextWakeAt: NOW - 60_000 }, { dueGraceMs: 0 }))).toEqual(["DUE_UNCLAIMED"]);
  });

  it("NO_LIVE_WORKER: only a live worker's functions count", () => {
    expect(codes(facts({ functionName: "billing", nextWakeAt: NOW + 60_000 }))).toEqual(["NO_LIVE_WORKER"]);
    const onlyDead = indexWorkers([workerView(worker("w1", 60_000, ["billing"]), NOW)]);
    expect(stuckReasons(facts({ functionName: "billing", nextWakeAt: NOW + 60_000 }, { workers: onlyDead }))[0]!.message).toContain("no worker is alive");
  });

  it("HEARTBEAT_OVERDUE and REPEATED_INVOCATION_ERRORS from their thresholds", () => {
    const callback = (deadline: number) => ({ pendingCallbacks: [{ callbackId: "cb-1", operationId: "op-1", heartbeatDeadlineAt: deadline }] });
    expect(codes(facts({ nextWakeAt: NOW + 60_000 }, callback(NOW - LATE_GRACE_MS + 1)))).toEqual([]);
    expect(codes(facts({ nextWakeAt: NOW + 60_000 }, callback(NOW - LATE_GRACE_MS)))).toEqual(["HEARTBEAT_OVERDUE"]);
    expect(codes(facts({ nextWakeAt: NOW + 60_000 }, { invocationErrors: 1 }))).toEqual([]);
    const repeated = stuckReasons(facts({ nextWakeAt: NOW + 60_000 }, { invocationErrors: 2, lastInvocationError: { ErrorType: "TypeError", ErrorMessage: "boom" } }));
    expect(repeated).toEqual([expect.objectContaining({ code: "REPEATED_INVOCATION_ERRORS", invocationErrors: 2, message: expect.stringContaining("(last: TypeError: boom)") })]);
  });
});
