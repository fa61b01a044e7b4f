/**
 * The comparison's rules on hand-made runs (lib/compare): the JSON diff, where an operation only
 * one run has is placed, and which difference is named first. The same over real runs, through
 * the API and the CLI, is in compare.test.ts.
 */
import { describe, expect, it } from "vitest";
import { compareRuns, type RunData } from "../../lib/compare/compare-runs";
import { diffJson, diffJsonText, MAX_JSON_CHANGES } from "../../lib/compare/json-diff";
import type { Operation } from "../../sdk/types/wire";

const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();

function run(id: string, operations: Array<Partial<Operation> & Pick<Operation, "Id">>, extra: Partial<RunData["execution"]> = {}): RunData {
  return {
    execution: { executionId: id, name: id, functionName: "orders", status: "SUCCEEDED", startTimestamp: at(0), endTimestamp: at(9000), inputPayload: "{}", ...extra },
    operations: operations.map((op, i) => ({
      seq: i + 1,
      operation: { Type: "STEP", Status: "SUCCEEDED", StartTimestamp: at(i * 10), EndTimestamp: at(i * 10 + 5), Name: op.Id, ...op } as Operation,
    })),
  };
}

describe("the JSON diff", () => {
  it("lists added, removed and changed paths in document order, arrays by index", () => {
    const diff = diffJson({ id: 1, items: [{ sku: "a", qty: 1 }], note: "x", "odd key": true }, { id: 1, items: [{ sku: "a", qty: 2 }, { sku: "b" }], extra: null, "odd key": true });
    expect(diff.equal).toBe(false);
    expect(diff.changes).toEqual([
      { path: "items[0].qty", kind: "changed", a: 1, b: 2 },
      { path: "items[1]", kind: "added", b: { sku: "b" } },
      { path: "note", kind: "removed", a: "x" },
      { path: "extra", kind: "added", b: null },
    ]);
    expect(diffJson({ "a.b": 1 }, { "a.b": 2 }).changes[0]?.path).toBe('["a.b"]');
  });

  it("treats texts that are not JSON as wholes, and an absent side as added or removed", () => {
    expect(diffJsonText("not json", "{}")).toEqual({ equal: false, notJson: true, changes: [{ path: "", kind: "changed", a: "not json", b: "{}" }] });
    expect(diffJsonText(undefined, '{"a":1}').changes).toEqual([{ path: "", kind: "added", b: { a: 1 } }]);
    expect(diffJsonText('{"a":[1,2]}', '{"a":[1,2]}')).toEqual({ equal: true, changes: [] });
    expect(diffJsonText("[1]", '{"0":1}').changes).toEqual([{ path: "", kind: "changed", a: [1], b: { 0: 1 } }]);
  });

  it("stops listing at the limit and says so", () => {
    const big = (v: number) => Object.fromEntries(Array.from({ length: MAX_JSON_CHANGES + 50 }, (_, i) => [`k${i}`, v]));
    const diff = diffJson(big(1), big(2));
    expect(diff.changes).toHaveLength(MAX_JSON_CHANGES);
    expect(diff.truncated).toBe(true);
  });
});

describe("comparing runs", () => {
  it("places an operation only B ran after the last one B ran before it that A has too", () => {
    const a = run("a", [{ Id: "s1" }, { Id: "s2" }, { Id: "s3" }]);
    const b = run("b", [{ Id: "b0" }, { Id: "s1" }, { Id: "b1" }, { Id: "b2" }, { Id: "s3" }]);
    const c = compareRuns(a, b);
    expect(c.operations.map((p) => `${p.id}:${p.a ? "A" : ""}${p.b ? "B" : ""}`)).toEqual(["b0:B", "s1:AB", "b1:B", "b2:B", "s2:A", "s3:AB"]);
    expect(c.counts).toEqual({ same: 2, different: 0, onlyA: 1, onlyB: 3 });
    // b0 comes first in start order: the first divergence is the step A never reached.
    expect(c.firstDivergence).toEqual({ operationId: "b0", message: "run B ran `b0` (step), which run A never reached" });
  });

  it("names an outcome before an error, attempts or a result, and an inner step before its context", () => {
    const a = run("a", [
      { Id: "r", StepDetails: { Result: '"x"' } },
      { Id: "ctx", Type: "CONTEXT", SubType: "RunInChildContext" },
      { Id: "pay", ParentId: "ctx", StepDetails: { Attempt: 0 } },
    ]);
    const b = run("b", [
      { Id: "r", StepDetails: { Result: '"y"' } },
      { Id: "ctx", Type: "CONTEXT", SubType: "RunInChildContext", Status: "FAILED" },
      { Id: "pay", ParentId: "ctx", Status: "FAILED", StepDetails: { Attempt: 2, Error: { ErrorType: "PaymentDeclined", ErrorMessage: "no" } } },
    ], { status: "FAILED" });
    const c = compareRuns(a, b);
    expect(c.firstDivergence).toEqual({ operationId: "pay", message: "run B failed at `pay` (attempt 3, PaymentDeclined); run A succeeded there" });
    expect(c.operations.find((p) => p.id === "r")?.differences).toEqual(["result"]);
  });

  it("says when the same step needed other attempts, and when only the results differ", () => {
    const retried = compareRuns(run("a", [{ Id: "pay", StepDetails: { Attempt: 2 } }]), run("b", [{ Id: "pay" }]));
    expect(retried.firstDivergence?.message).toBe("`pay` succeeded in both runs, after 3 attempts in run A and 1 attempt in run B");
    const results = compareRuns(run("a", [{ Id: "q", StepDetails: { Result: "1" } }]), run("b", [{ Id: "q", StepDetails: { Result: "2" } }]));
    expect(results.firstDivergence?.message).toBe("`q` succeeded in both runs with different results");
  });

  it("falls back to how the executions ended, and leaves the execution operation out", () => {
    const ops = [{ Id: "exec", Type: "EXECUTION" as const }, { Id: "s1" }];
    const c = compareRuns(run("a", ops), run("b", ops, { status: "TIMED_OUT", endTimestamp: at(3000) }));
    expect(c.operations.map((p) => p.id)).toEqual(["s1"]);
    expect(c.firstDivergence).toEqual({ message: "run B timed out; run A succeeded" });
    expect(c.b).toMatchObject({ durationMs: 3000, operationCount: 1 });
    expect(compareRuns(run("a", ops), run("b", ops)).firstDivergence).toBeUndefined();
  });
});
