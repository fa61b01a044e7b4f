import { describe, expect, it } from "vitest";
import {
  InvalidCheckpointError,
  MutationBuilder,
  computeNextWakeAt,
  fireDueTimers,
  processCheckpoint,
  pruneFinishedContextChildren,
  type CheckpointDeps,
} from "../../sdk/runtime";
import type { ExecutionRecord, OperationRecord } from "../../sdk/store/types";
import type { Operation, OperationUpdate } from "../../sdk/types/wire";

const T0 = Date.parse("2030-01-01T00:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

function execution(over: Partial<ExecutionRecord> = {}): ExecutionRecord {
  return {
    executionId: "exec-1",
    arn: "arn:aws:lambda:us-east-1:000000000000:function:fn:$LATEST/durable-execution/exec-1/exec-1",
    functionName: "fn",
    name: "exec-1",
    status: "RUNNING",
    startTimestamp: iso(T0),
    eventCount: 4,
    operationCount: 2,
    logCount: 7,
    invocationCount: 1,
    redriveCount: 0,
    version: 9,
    checkpointToken: "t",
    ...over,
  };
}

function record(seq: number, op: Partial<Operation> & Pick<Operation, "Id" | "Type" | "Status">, runtime?: OperationRecord["runtime"]): OperationRecord {
  const r: OperationRecord = { executionId: "exec-1", seq, operation: { StartTimestamp: iso(T0), ...op } };
  if (runtime) r.runtime = runtime;
  return r;
}

let counter = 0;
const deps: CheckpointDeps = { newCallbackId: () => `cb${++counter}`, newExecutionId: () => `child-${++counter}` };

function run(updates: unknown[], ops: OperationRecord[] = [], now = T0 + 1000, extra: Partial<Parameters<typeof processCheckpoint>[0]> = {}) {
  return processCheckpoint({ execution: execution(), operations: ops, updates, now, deps, ...extra });
}

function refused(updates: unknown[], ops: OperationRecord[] = []): string {
  try {
    run(updates, ops);
  } catch (error) {
    expect(InvalidCheckpointError.is(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error("the checkpoint was accepted");
}

const step = (Action: OperationUpdate["Action"], extra: Partial<OperationUpdate> = {}): OperationUpdate => ({
  Id: "s1",
  Type: "STEP",
  SubType: "Step",
  Name: "charge",
  Action,
  ...extra,
});

describe("processCheckpoint: validation", () => {
  it("refuses actions a type does not allow", () => {
    expect(refused([{ Id: "w", Type: "WAIT", Action: "SUCCEED" }])).toMatch(/SUCCEED is not valid for WAIT/);
    expect(refused([{ Id: "c", Type: "CONTEXT", Action: "RETRY" }])).toMatch(/RETRY is not valid for CONTEXT/);
    expect(refused([{ Id: "c", Type: "CALLBACK", Action: "SUCCEED" }])).toMatch(/not valid for CALLBACK/);
    expect(refused([{ Id: "i", Type: "CHAINED_INVOKE", Action: "FAIL" }])).toMatch(/not valid for CHAINED_INVOKE/);
    expect(refused([{ Id: "e", Type: "EXECUTION", Action: "START" }])).toMatch(/START is not valid for EXECUTION/);
    expect(refused([{ Id: "x", Type: "BOGUS", Action: "START" }])).toMatch(/unknown Type/);
    expect(refused([{ Id: "x", Type: "STEP", Action: "toString" }])).toMatch(/unknown Action/);
  });

  it("refuses transitions out of the wrong status", () => {
    const done = record(2, { Id: "s1", Type: "STEP", Status: "SUCCEEDED" });
    expect(refused([step("SUCCEED")], [done])).toMatch(/SUCCEED is not allowed on an operation in status SUCCEEDED/);
    const pending = record(2, { Id: "s1", Type: "STEP", Status: "PENDING", StepDetails: { Attempt: 1, NextAttemptTimestamp: iso(T0 + 60_000) } });
    expect(refused([step("START")], [pending])).toMatch(/START is not allowed on an operation in status PENDING/);
    const started = record(2, { Id: "s1", Type: "STEP", Status: "STARTED" });
    expect(refused([step("START")], [started])).toMatch(/not allowed/);
    expect(refused([{ Id: "w", Type: "WAIT", Action: "CANCEL" }])).toMatch(/CANCEL is not allowed on a new operation/);
    expect(refused([{ ...step("START"), Type: "WAIT", WaitOptions: { WaitSeconds: 1 } }], [started])).toMatch(/is a STEP, not a WAIT/);
  });

  it("refuses malformed updates", () => {
    expect(refused([step("SUCCEED", { Error: { ErrorMessage: "x" } })])).toMatch(/SUCCEED update may not carry an Error/);
    expect(refused([step("FAIL", { Payload: "1" })])).toMatch(/FAIL update may not carry a Payload/);
    expect(refused([step("SUCCEED", { Payload: "x".repeat(1024 * 1024 + 1) })])).toMatch(/Payload is larger than 1048576 bytes/);
    expect(refused([step("START", { Name: "n".repeat(257) })])).toMatch(/Name must be a string of at most 256/);
    expect(refused([step("START", { Id: "i".repeat(65) })])).toMatch(/Id must be a string of 1-64/);
    expect(refused([step("START", { Id: "" })])).toMatch(/Id must be/);
    expect(refused([step("RETRY", { StepOptions: { NextAttemptDelaySeconds: -1 } })])).toMatch(/NextAttemptDelaySeconds/);
    expect(refused([{ Id: "w", Type: "WAIT", Action: "START" }])).toMatch(/WaitSeconds is required/);
    expect(refused([{ Id: "i", Type: "CHAINED_INVOKE", Action: "START" }])).toMatch(/FunctionName is required/);
    expect(refused(["nope"])).toMatch(/update 0: must be an object/);
    // One bad update refuses the whole batch.
    expect(refused([step("START"), { Id: "w", Type: "WAIT", Action: "START" }])).toMatch(/update 1/);
  });
});

describe("processCheckpoint: semantics", () => {
  it("numbers new operations and events after the existing ones", () => {
    const r = run([step("START"), step("SUCCEED", { Payload: '"ok"' })], [], T0 + 1000, { nextToken: "t2", leaseExpiresAt: T0 + 16_000 });
    expect(r.mutation.events!.map((e) => [e.EventId, e.EventType])).toEqual([
      [5, "StepStarted"],
      [6, "StepSucceeded"],
    ]);
    expect(r.mutation.putOperations).toHaveLength(1);
    expect(r.mutation.putOperations![0]!.seq).toBe(3);
    expect(r.mutation.putOperations![0]!.operation).toMatchObject({
      Status: "SUCCEEDED",
      StartTimestamp: iso(T0 + 1000),
      EndTimestamp: iso(T0 + 1000),
      StepDetails: { Result: '"ok"' },
    });
    expect(r.mutation.execution).toEqual({ checkpointToken: "t2", leaseExpiresAt: T0 + 16_000, eventCount: 6, operationCount: 3 });
    expect(r.mutation.events![1]).toMatchObject({ Id: "s1", Name: "charge", SubType: "Step", EventTimestamp: iso(T0 + 1000) });
  });

  it("RETRY counts the attempt, schedules the next one and records a StepFailed; START on READY keeps Attempt", () => {
    const started = record(2, { Id: "s1", Type: "STEP", Status: "STARTED", Name: "charge", SubType: "Step" });
    const r = run([step("RETRY", { Error: { ErrorMessage: "boom" }, StepOptions: { NextAttemptDelaySeconds: 30 } })], [started]);
    const op = r.changedOperations[0]!.operation;
    expect(op).toMatchObject({ Status: "PENDING", StepDetails: { Attempt: 1, NextAttemptTimestamp: iso(T0 + 31_000), Error: { ErrorMessage: "boom" } } });
    expect(r.mutation.events![0]).toMatchObject({
      EventType: "StepFailed",
      StepFailedDetails: { Error: { Payload: { ErrorMessage: "boom" } }, RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 30 } },
    });
    const defaulted = run([step("RETRY", { Error: {} })], [started]);
    expect(defaulted.changedOperations[0]!.operation.StepDetails!.NextAttemptTimestamp).toBe(iso(T0 + 2000));

    const ready = record(2, { Id: "s1", Type: "STEP", Status: "READY", StepDetails: { Attempt: 2, Result: "state", NextAttemptTimestamp: iso(T0) } });
    const again = run([step("START")], [ready]).changedOperations[0]!.operation;
    expect(again.Status).toBe("STARTED");
    expect(again.StepDetails).toEqual({ Attempt: 2, Result: "state" });
  });

  it("a waitForCondition round (RETRY with state, no error) keeps the state and records a StepSucceeded", () => {
    const r = run([step("RETRY", { SubType: "WaitForCondition", Payload: '{"polls":1}', StepOptions: { NextAttemptDelaySeconds: 5 } })]);
    expect(r.changedOperations[0]!.operation).toMatchObject({ Status: "PENDING", StepDetails: { Attempt: 1, Result: '{"polls":1}' } });
    expect(r.mutation.events!.map((e) => e.EventType)).toEqual(["StepSucceeded"]);
  });

  it("WAIT START schedules its end; CANCEL cancels", () => {
    const r = run([{ Id: "w", Type: "WAIT", SubType: "Wait", Action: "START", WaitOptions: { WaitSeconds: 90 } }]);
    expect(r.changedOperations[0]!.operation).toMatchObject({ Status: "STARTED", WaitDetails: { ScheduledEndTimestamp: iso(T0 + 91_000) } });
    expect(r.mutation.events![0]!.WaitStartedDetails).toEqual({ Duration: 90, ScheduledEndTimestamp: iso(T0 + 91_000) });
    const c = run([{ Id: "w", Type: "WAIT", Action: "CANCEL" }], [r.changedOperations[0]!]);
    expect(c.changedOperations[0]!.operation.Status).toBe("CANCELLED");
    expect(c.mutation.events![0]!.EventType).toBe("WaitCancelled");
  });

  it("CALLBACK START mints an id, a callback record and its timers", () => {
    const r = run([{ Id: "c", Type: "CALLBACK", SubType: "Callback", Action: "START", CallbackOptions: { TimeoutSeconds: 60, HeartbeatTimeoutSeconds: 0 } }]);
    const rec = r.changedOperations[0]!;
    const callbackId = rec.operation.CallbackDetails!.CallbackId!;
    expect(callbackId).toMatch(/^cb\d+$/);
    expect(rec.runtime).toEqual({ callbackTimeoutAt: T0 + 61_000, callbackTimeoutSeconds: 60 });
    expect(r.mutation.putCallbacks).toEqual([
      { callbackId, executionId: "exec-1", operationId: "c", pending: true, functionName: "fn", createdTimestamp: iso(T0 + 1000), timeoutAt: T0 + 61_000 },
    ]);
    expect(r.mutation.events![0]!.CallbackStartedDetails).toEqual({ CallbackId: callbackId, Input: {}, Timeout: 60 });
  });

  it("names a callback after itself, else after its parent CONTEXT (stored or started in the same checkpoint)", () => {
    const start = (Id: string, extra: Partial<OperationUpdate> = {}): OperationUpdate => ({ Id, Type: "CALLBACK", SubType: "Callback", Action: "START", ...extra });
    const stored = record(2, { Id: "ctx", Type: "CONTEXT", SubType: "WaitForCallback", Name: "approval", Status: "STARTED" });
    const stepRecord = record(3, { Id: "st", Type: "STEP", Name: "a step", Status: "STARTED" });
    const r = run(
      [
        start("own", { Name: "own name", ParentId: "ctx", CallbackOptions: { HeartbeatTimeoutSeconds: 5 } }),
        start("in-ctx", { ParentId: "ctx" }),
        { Id: "ctx2", Type: "CONTEXT", SubType: "WaitForCallback", Action: "START", Name: "refund" },
        start("in-new-ctx", { ParentId: "ctx2" }),
        start("under-step", { ParentId: "st" }),
        start("top"),
      ],
      [stored, stepRecord],
    );
    const byOp = new Map(r.mutation.putCallbacks!.map((c) => [c.operationId, c]));
    expect(byOp.get("own")).toMatchObject({ name: "own name", parentOperationId: "ctx", heartbeatDeadlineAt: T0 + 6000, pending: true });
    expect(byOp.get("in-ctx")).toMatchObject({ name: "approval", parentOperationId: "ctx" });
    expect(byOp.get("in-new-ctx")).toMatchObject({ name: "refund", parentOperationId: "ctx2" });
    expect(byOp.get("under-step")).not.toHaveProperty("name");
    expect(byOp.get("top")).not.toHaveProperty("name");
    expect(byOp.get("top")).not.toHaveProperty("parentOperationId");
  });

  it("CALLBACK CANCEL closes the callback; a start and cancel in one checkpoint write one closed record", () => {
    const open = record(2, { Id: "c", Type: "CALLBACK", Status: "STARTED", CallbackDetails: { CallbackId: "cb-open" } }, { callbackTimeoutAt: T0 + 99_000 });
    const r = run([{ Id: "c", Type: "CALLBACK", Action: "CANCEL" }], [open]);
    expect(r.mutation.patchCallbacks).toEqual([{ callbackId: "cb-open", pending: false }]);
    expect(r.mutation.putCallbacks).toBeUndefined();

    const both = run([
      { Id: "n", Type: "CALLBACK", Action: "START" },
      { Id: "n", Type: "CALLBACK", Action: "CANCEL" },
    ]);
    expect(both.mutation.patchCallbacks).toBeUndefined();
    expect(both.mutation.putCallbacks).toHaveLength(1);
    expect(both.mutation.putCallbacks![0]!.pending).toBe(false);
  });

  it("merges several changes to one callback into a single patch", () => {
    const b = new MutationBuilder(execution(), [], T0);
    b.patchCallback({ callbackId: "x", heartbeatDeadlineAt: T0 + 5 });
    b.closeCallback("x");
    b.patchCallback({ callbackId: "x", pending: undefined });
    expect(b.build().patchCallbacks).toEqual([{ callbackId: "x", heartbeatDeadlineAt: T0 + 5, pending: false }]);
  });

  it("a STEP checkpoint writes no callback records and reads nothing but its step", () => {
    const r = run([step("START"), step("SUCCEED", { Payload: "1" })]);
    expect(r.mutation.putCallbacks).toBeUndefined();
    expect(r.mutation.patchCallbacks).toBeUndefined();
    expect(Object.keys(r.mutation).sort()).toEqual(["events", "execution", "putOperations"]);
    expect(Object.keys(r.mutation.execution!).sort()).toEqual(["eventCount", "operationCount"]);
  });

  it("CHAINED_INVOKE START records the target; an unknown target fails at once", () => {
    const invoke = { Id: "i", Type: "CHAINED_INVOKE", SubType: "ChainedInvoke", Action: "START", Payload: "{}", ChainedInvokeOptions: { FunctionName: "target" } };
    const r = run([invoke], [], T0, { deps: { ...deps, resolveTarget: (n) => (n === "target" ? "durable" : undefined) } });
    expect(r.chainedInvokeStarts).toHaveLength(1);
    expect(r.chainedInvokeStarts[0]!.state).toMatchObject({ functionName: "target", kind: "durable", input: "{}" });
    expect(r.changedOperations[0]!.operation.Status).toBe("STARTED");
    const missing = run([{ ...invoke, ChainedInvokeOptions: { FunctionName: "ghost" } }], [], T0, { deps: { ...deps, resolveTarget: () => undefined } });
    expect(missing.chainedInvokeStarts).toEqual([]);
    expect(missing.changedOperations[0]!.operation.Status).toBe("FAILED");
    expect(missing.mutation.events!.map((e) => e.EventType)).toEqual(["ChainedInvokeStarted", "ChainedInvokeFailed"]);
  });

  it("CONTEXT carries ReplayChildren; EXECUTION SUCCEED keeps the result for the end of the invocation", () => {
    const ctx = run([{ Id: "k", Type: "CONTEXT", Action: "SUCCEED", Payload: "1", ContextOptions: { ReplayChildren: true } }]);
    expect(ctx.changedOperations[0]!.operation).toMatchObject({ Status: "SUCCEEDED", ContextDetails: { ReplayChildren: true, Result: "1" } });
    const execOp = record(1, { Id: "exec-1", Type: "EXECUTION", Status: "STARTED" });
    const r = run([{ Id: "execution-result-1", Type: "EXECUTION", Action: "SUCCEED", Payload: '"big"' }], [execOp]);
    expect(r.executionOutcome).toBe("SUCCEEDED");
    expect(r.changedOperations[0]!.operation).toMatchObject({ Id: "exec-1", Status: "SUCCEEDED" });
    expect(r.mutation.execution).toMatchObject({ result: '"big"' });
    expect(r.mutation.events ?? []).toEqual([]);
  });

  it("stores checkpoint logs with increasing sequence numbers", () => {
    const r = run([], [], T0, {
      logs: [
        { Timestamp: iso(T0), Level: "INFO", Message: "one", OperationId: "s1" },
        { Timestamp: iso(T0), Level: "ERROR", Message: "two", Data: '{"k":1}' },
      ],
      requestId: "req",
    });
    expect(r.mutation.logs!.map((l) => [l.message, l.level, l.requestId])).toEqual([
      ["one", "INFO", "req"],
      ["two", "ERROR", "req"],
    ]);
    // seqs continue from the execution's logCount (7), and the counter moves with them
    expect(r.mutation.logs!.map((l) => l.seq)).toEqual([8, 9]);
    expect(r.mutation.execution).toMatchObject({ logCount: 9 });
    expect(run([step("START")]).mutation.execution).not.toHaveProperty("logCount");
    expect(() => run([], [], T0, { logs: [{ Level: "LOUD", Message: "x", Timestamp: iso(T0) }] })).toThrow(/Level/);
  });
});

describe("timers", () => {
  const wait = record(2, { Id: "w", Type: "WAIT", Status: "STARTED", WaitDetails: { ScheduledEndTimestamp: iso(T0 + 60_000) } });
  const pending = record(3, { Id: "s", Type: "STEP", Status: "PENDING", StepDetails: { Attempt: 1, NextAttemptTimestamp: iso(T0 + 30_000) } });
  const callback = record(4, { Id: "c", Type: "CALLBACK", Status: "STARTED", CallbackDetails: { CallbackId: "cb" } }, {
    callbackTimeoutAt: T0 + 90_000,
    heartbeatDeadlineAt: T0 + 45_000,
  } as OperationRecord["runtime"]);
  const all = [wait, pending, callback];

  it("fireDueTimers fires exactly what is due", () => {
    const early = new MutationBuilder(execution(), all, T0 + 29_999);
    expect(fireDueTimers(early)).toEqual([]);

    const b = new MutationBuilder(execution(), all, T0 + 60_000);
    expect(fireDueTimers(b).sort()).toEqual(["c", "s", "w"]);
    const byId = new Map(b.changedOperations().map((r) => [r.operation.Id, r.operation]));
    expect(byId.get("w")).toMatchObject({ Status: "SUCCEEDED", EndTimestamp: iso(T0 + 60_000) });
    expect(byId.get("s")!.Status).toBe("READY");
    expect(byId.get("c")).toMatchObject({ Status: "TIMED_OUT", CallbackDetails: { Error: { ErrorMessage: "Callback timed out on heartbeat" } } });
    const m = b.build();
    expect(m.events!.map((e) => e.EventType).sort()).toEqual(["CallbackTimedOut", "WaitSucceeded"]);
    expect(m.patchCallbacks).toEqual([{ callbackId: "cb", pending: false }]);
  });

  it("computeNextWakeAt is the earliest timer, the execution timeout included", () => {
    expect(computeNextWakeAt(all, execution())).toBe(T0 + 30_000);
    expect(computeNextWakeAt([wait], execution({ executionTimeoutSeconds: 10 }))).toBe(T0 + 10_000);
    expect(computeNextWakeAt([], execution())).toBeUndefined();
    const done = record(5, { Id: "d", Type: "WAIT", Status: "SUCCEEDED", WaitDetails: { ScheduledEndTimestamp: iso(T0) } });
    expect(computeNextWakeAt([done], execution())).toBeUndefined();
  });
});

describe("pruneFinishedContextChildren", () => {
  it("drops the subtree of a finished context unless it asks to replay its children", () => {
    const op = (Id: string, Type: Operation["Type"], Status: Operation["Status"], ParentId?: string, replay?: boolean): Operation => ({
      Id,
      Type,
      Status,
      StartTimestamp: iso(T0),
      ...(ParentId ? { ParentId } : {}),
      ...(replay ? { ContextDetails: { ReplayChildren: true } } : {}),
    });
    const ops = [
      op("e", "EXECUTION", "STARTED"),
      op("done", "CONTEXT", "SUCCEEDED"),
      op("done-1", "STEP", "SUCCEEDED", "done"),
      op("done-1-1", "CONTEXT", "STARTED", "done"),
      op("done-1-1-1", "STEP", "SUCCEEDED", "done-1-1"),
      op("open", "CONTEXT", "STARTED"),
      op("open-1", "STEP", "SUCCEEDED", "open"),
      op("big", "CONTEXT", "SUCCEEDED", undefined, true),
      op("big-1", "STEP", "SUCCEEDED", "big"),
    ];
    expect(pruneFinishedContextChildren(ops).map((o) => o.Id)).toEqual(["e", "done", "open", "open-1", "big", "big-1"]);
  });
});
