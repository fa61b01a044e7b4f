/**
 * The one "is it still going?" decision (lib/operation-state) and what depends on it: an
 * operation left open by an execution that ended is not live, its time stops at the execution's
 * end, and its callback is not waiting for an answer; an execution due without a worker is told
 * apart from one that is merely running.
 */
import { describe, expect, it } from "vitest";
import { unclaimedSince, UNCLAIMED_GRACE_MS } from "@/lib/execution-schedule";
import { ENDED_WITH_EXECUTION, isOperationLive, operationEnd, operationPhase, operationState } from "@/lib/operation-state";
import { pendingCallbackFor, pendingCallbacksOf } from "@/lib/pending-callbacks";
import type { ExecutionDetail, OperationView } from "@/lib/types";

const started = "2026-03-01T10:00:00.000Z";
const ended = "2026-03-01T10:00:03.000Z";
const hold: OperationView = {
  Id: "w",
  Type: "WAIT",
  Name: "fraud-review-hold",
  Status: "STARTED",
  StartTimestamp: "2026-03-01T10:00:00.050Z",
  WaitDetails: { ScheduledEndTimestamp: "2026-03-01T11:00:00.050Z" },
  Seq: 4,
};
const running = { status: "RUNNING" as const };
const timedOut = { status: "TIMED_OUT" as const, endTimestamp: ended };

describe("whether an operation is live", () => {
  it("an open operation is live only while its execution runs", () => {
    for (const Status of ["STARTED", "PENDING", "READY"] as const) {
      expect(operationPhase({ Status }, running)).toBe("live");
      for (const status of ["SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"] as const) {
        expect(operationPhase({ Status }, { status })).toBe("ended-with-execution");
        expect(isOperationLive({ Status }, { status })).toBe(false);
      }
    }
    for (const Status of ["SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"] as const) {
      expect(operationPhase({ Status }, running)).toBe("finished");
      expect(operationPhase({ Status }, timedOut)).toBe("finished");
    }
  });

  it("a wait left open by a timed-out execution is neutral, not 'Waiting', and stops at the execution's end", () => {
    const state = operationState(hold, timedOut);
    expect(state).toMatchObject({ phase: "ended-with-execution", tone: "gray", label: ENDED_WITH_EXECUTION, end: ended, live: false });
    expect(state.description).toMatch(/waiting \(STARTED\).*timed out/);
    // While the execution ran the same row was a live wait with no end yet.
    expect(operationState(hold, running)).toMatchObject({ phase: "live", tone: "blue", label: "Waiting", end: undefined, live: true });
  });

  it("an operation's own end wins over the execution's", () => {
    const done = { ...hold, Status: "SUCCEEDED" as const, EndTimestamp: "2026-03-01T10:00:01.000Z" };
    expect(operationEnd(done, timedOut)).toBe("2026-03-01T10:00:01.000Z");
    expect(operationState(done, timedOut)).toMatchObject({ phase: "finished", label: "Succeeded", tone: "green" });
  });
});

describe("pending callbacks", () => {
  const execution = { executionId: "e", name: "order-1", functionName: "order-processing" };
  const callback: OperationView = { Id: "cb", Type: "CALLBACK", Status: "STARTED", StartTimestamp: started, CallbackDetails: { CallbackId: "cb-1" }, Seq: 2 };

  it("a STARTED callback waits for an answer while its execution runs, and not after it ended", () => {
    expect(pendingCallbacksOf({ ...execution, status: "RUNNING" }, [callback]).map((p) => p.callbackId)).toEqual(["cb-1"]);
    expect(pendingCallbackFor(callback, [callback], { status: "RUNNING" })?.Id).toBe("cb");
    for (const status of ["STOPPED", "TIMED_OUT", "FAILED", "SUCCEEDED"] as const) {
      expect(pendingCallbacksOf({ ...execution, status }, [callback])).toEqual([]);
      expect(pendingCallbackFor(callback, [callback], { status })).toBeUndefined();
    }
  });
});

describe("due without a worker", () => {
  const base: Pick<ExecutionDetail, "status" | "nextWakeAt" | "lease"> = { status: "RUNNING", nextWakeAt: "2026-03-01T10:00:00.000Z" };
  const at = (ms: number) => new Date(Date.parse("2026-03-01T10:00:00.000Z") + ms).toISOString();

  it("is reported once the wake time is more than the grace in the past and nobody holds the execution", () => {
    expect(unclaimedSince(base, at(UNCLAIMED_GRACE_MS + 1))).toBe(base.nextWakeAt);
    expect(unclaimedSince(base, at(UNCLAIMED_GRACE_MS))).toBeUndefined();
    // Not due yet, or nothing scheduled at all (waiting for a callback with no timeout).
    expect(unclaimedSince({ ...base, nextWakeAt: at(60_000) }, at(UNCLAIMED_GRACE_MS + 1))).toBeUndefined();
    expect(unclaimedSince({ status: "RUNNING" }, at(60_000))).toBeUndefined();
    // An ended execution is never due.
    expect(unclaimedSince({ ...base, status: "TIMED_OUT" }, at(60_000))).toBeUndefined();
  });

  it("a worker's current lease means it is being run; a lapsed one counts from its expiry", () => {
    const lease = { owner: "worker-a", expiresAt: at(20_000) };
    expect(unclaimedSince({ ...base, lease }, at(10_000))).toBeUndefined();
    expect(unclaimedSince({ ...base, lease }, at(20_000 + UNCLAIMED_GRACE_MS))).toBeUndefined();
    expect(unclaimedSince({ ...base, lease }, at(20_000 + UNCLAIMED_GRACE_MS + 1))).toBe(at(20_000));
  });
});
