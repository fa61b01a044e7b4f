/**
 * The operation table (sdk/runtime/operations/): every type is registered under its own key, its
 * facts are the ones the runtime and the console act on, and the parts a type declares "none"
 * for really do nothing. The compile-time half (a table missing a type does not build) is in
 * operation-table.typecheck.ts, which `tsc --noEmit` checks.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MutationBuilder, computeNextWakeAt, operationDueAt, processCheckpoint, InvalidCheckpointError } from "../../sdk/runtime";
import { isDueNow, isWaitingOperation } from "../../sdk/runtime/operations/facts";
import { behaviourOf, operationBehaviours } from "../../sdk/runtime/operations/table";
import type { ExecutionRecord, OperationRecord } from "../../sdk/store/types";
import { OperationAction, OperationStatus, OperationType, type Operation } from "../../sdk/types/wire";
import { operationStatusLabel } from "../../lib/status";

const T0 = Date.parse("2030-01-01T00:00:00.000Z");
const TYPES = Object.values(OperationType);
const STATUSES = Object.values(OperationStatus);
const ACTIONS = Object.values(OperationAction);

function execution(): ExecutionRecord {
  return {
    executionId: "exec-1",
    arn: "arn:aws:lambda:us-east-1:000000000000:function:fn:$LATEST/durable-execution/exec-1/exec-1",
    functionName: "fn",
    name: "exec-1",
    status: "RUNNING",
    startTimestamp: new Date(T0).toISOString(),
    eventCount: 0,
    operationCount: 1,
    logCount: 0,
    invocationCount: 1,
    redriveCount: 0,
    version: 1,
    checkpointToken: "t",
  };
}

const recordOf = (op: Pick<Operation, "Type" | "Status"> & Partial<Operation>): OperationRecord => ({
  executionId: "exec-1",
  seq: 1,
  operation: { Id: "op-1", StartTimestamp: new Date(T0).toISOString(), ...op },
});

describe("the operation table", () => {
  it("has one entry per operation type, each filed under its own type", () => {
    expect(Object.keys(operationBehaviours).sort()).toEqual([...TYPES].sort());
    for (const type of TYPES) expect(operationBehaviours[type].type).toBe(type);
  });

  it("says which operations wait, as the invocation client and the console rely on", () => {
    const waiting = Object.fromEntries(TYPES.map((type) => [type, STATUSES.filter((Status) => isWaitingOperation({ Type: type, Status }))]));
    expect(waiting).toEqual({
      WAIT: ["STARTED"],
      CALLBACK: ["STARTED"],
      CHAINED_INVOKE: ["STARTED"],
      STEP: ["PENDING", "READY"],
      CONTEXT: [],
      EXECUTION: [],
    });
    // A started wait, callback or invoke reads "Waiting"; a started step, context or execution runs.
    expect(TYPES.filter((type) => operationStatusLabel(type, "STARTED") === "Waiting").sort()).toEqual(["CALLBACK", "CHAINED_INVOKE", "WAIT"]);
    // Due now is a kind of waiting: computeNextWakeAt only looks at waiting operations' times.
    for (const type of TYPES) for (const status of operationBehaviours[type].dueNowStatuses) expect(isWaitingOperation({ Type: type, Status: status })).toBe(true);
  });

  it("accepts exactly the actions each type declares, and refuses the rest by name", () => {
    for (const type of TYPES) {
      for (const action of ACTIONS) {
        const update = { Id: "x", Type: type, Action: action, WaitOptions: { WaitSeconds: 1 }, ChainedInvokeOptions: { FunctionName: "fn" } };
        let message = "";
        try {
          processCheckpoint({ execution: execution(), operations: [], updates: [update], now: T0, deps: { newCallbackId: () => "cb", newExecutionId: () => "child" } });
        } catch (error) {
          expect(InvalidCheckpointError.is(error)).toBe(true);
          message = (error as Error).message;
        }
        const declared = operationBehaviours[type].transitions[action] !== undefined;
        expect(message.includes(`${action} is not valid for ${type}`), `${type} ${action}`).toBe(!declared);
      }
    }
  });

  it("gives a type without a timer no due time and a wake time only for what is due now", () => {
    for (const type of TYPES) {
      const { timer } = behaviourOf(type);
      for (const status of STATUSES) {
        const record = recordOf({ Type: type, Status: status, WaitDetails: { ScheduledEndTimestamp: new Date(T0 + 5000).toISOString() } });
        if (timer === null) expect(operationDueAt(record), `${type} ${status}`).toBeUndefined();
        const wake = computeNextWakeAt([record], execution());
        if (isDueNow(record.operation)) expect(wake, `${type} ${status}`).toBe(0);
        else if (!isWaitingOperation(record.operation)) expect(wake, `${type} ${status}`).toBeUndefined();
      }
    }
    expect(computeNextWakeAt([recordOf({ Type: "WAIT", Status: "STARTED", WaitDetails: { ScheduledEndTimestamp: new Date(T0 + 5000).toISOString() } })], execution())).toBe(T0 + 5000);
  });

  it("redrives only what can run again: a wait and the execution operation stay as recorded", () => {
    for (const type of ["WAIT", "EXECUTION"] as const) {
      const record = recordOf({ Type: type, Status: "FAILED", EndTimestamp: new Date(T0).toISOString() });
      const b = new MutationBuilder(execution(), [record], T0 + 1000);
      expect(behaviourOf(type).redrive.rerun(b, record, { newCallbackId: () => "cb", newExecutionId: () => "child" })).toBe(false);
      expect(b.hasChanges()).toBe(false);
    }
    const failedStep = recordOf({ Type: "STEP", Status: "FAILED", EndTimestamp: new Date(T0).toISOString(), StepDetails: { Attempt: 3, Error: { ErrorMessage: "no" } } });
    const b = new MutationBuilder(execution(), [failedStep], T0 + 1000);
    expect(behaviourOf("STEP").redrive.rerun(b, failedStep, { newCallbackId: () => "cb", newExecutionId: () => "child" })).toBe(true);
    expect(b.getOperation("op-1")?.operation).toMatchObject({ Status: "READY", StepDetails: { Attempt: 3 } });
    expect(b.getOperation("op-1")?.operation.StepDetails?.Error).toBeUndefined();
    expect(b.getOperation("op-1")?.operation.EndTimestamp).toBeUndefined();
  });

  it("stays browser-safe for the console: nothing facts.ts reaches imports Node or a package", () => {
    const valueImportsOf = (file: string) =>
      [...readFileSync(file, "utf8").matchAll(/^(?:import|export) (type )?[^;]*? from "([^"]+)";/gms)]
        // Type imports vanish from the bundle; only value imports reach the browser.
        .filter((m) => m[1] === undefined)
        .map((m) => m[2]!);
    const seen = new Set<string>();
    const outside: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const from of valueImportsOf(file)) {
        if (from.startsWith(".")) visit(path.resolve(path.dirname(file), `${from}.ts`));
        else outside.push(`${path.basename(file)} imports ${from}`);
      }
    };
    visit(path.join(__dirname, "../../sdk/runtime/operations/facts.ts"));
    // The walk really covers the table: every behaviour module is reached.
    expect([...seen].filter((file) => file.includes("/operations/")).length).toBeGreaterThanOrEqual(TYPES.length + 2);
    expect(outside).toEqual([]);
  });
});
