import { describe, expect, it } from "vitest";
import { ancestorIds, buildOperationTree, flattenTree, operationLabel } from "@/lib/operation-tree";
import { pendingCallbackFor, pendingCallbacksOf } from "@/lib/pending-callbacks";
import type { OperationView } from "@/lib/types";

let seq = 0;
function op(partial: Partial<OperationView> & Pick<OperationView, "Id" | "Type">): OperationView {
  seq += 1;
  return { Status: "SUCCEEDED", StartTimestamp: `2026-01-01T00:00:0${seq % 10}.000Z`, Seq: seq, ...partial };
}

const operations: OperationView[] = [
  op({ Id: "exec", Type: "EXECUTION" }),
  op({ Id: "a", Type: "STEP", Name: "validate" }),
  op({ Id: "p", Type: "CONTEXT", SubType: "Parallel", Name: "fan" }),
  op({ Id: "b1", Type: "CONTEXT", SubType: "ParallelBranch", ParentId: "p" }),
  op({ Id: "s1", Type: "STEP", Name: "inner", ParentId: "b1" }),
  op({ Id: "w", Type: "CONTEXT", SubType: "WaitForCallback", Name: "approval", Status: "STARTED" }),
  op({ Id: "cb", Type: "CALLBACK", ParentId: "w", Status: "STARTED", CallbackDetails: { CallbackId: "cb-id" }, CallbackTimeoutAt: "2026-01-08T00:00:00.000Z" }),
];

describe("operation tree", () => {
  it("nests by ParentId in start order and leaves the EXECUTION operation out", () => {
    const rows = flattenTree(buildOperationTree(operations), new Set());
    expect(rows.map((r) => [r.operation.Id, r.depth])).toEqual([
      ["a", 0],
      ["p", 0],
      ["b1", 1],
      ["s1", 2],
      ["w", 0],
      ["cb", 1],
    ]);
    expect(rows.find((r) => r.operation.Id === "p")?.descendantCount).toBe(2);
  });

  it("hides the children of a collapsed row, and knows a deep operation's ancestors", () => {
    const rows = flattenTree(buildOperationTree(operations), new Set(["p"]));
    expect(rows.map((r) => r.operation.Id)).toEqual(["a", "p", "w", "cb"]);
    expect(ancestorIds("s1", operations)).toEqual(["b1", "p"]);
  });

  it("labels unnamed operations by subtype and id", () => {
    expect(operationLabel(operations[3]!)).toBe("ParallelBranch b1");
    expect(operationLabel(operations[1]!)).toBe("validate");
  });

  it("finds pending callbacks and points at their named WaitForCallback context", () => {
    const pending = pendingCallbacksOf({ executionId: "exec", name: "order-1", functionName: "order-processing", status: "RUNNING" }, operations);
    expect(pending).toEqual([
      {
        executionId: "exec",
        executionName: "order-1",
        functionName: "order-processing",
        operationId: "cb",
        callbackId: "cb-id",
        name: "approval",
        startedAt: operations[6]!.StartTimestamp,
        timeoutAt: "2026-01-08T00:00:00.000Z",
        focusOperationId: "w",
      },
    ]);
    expect(pendingCallbackFor(operations[5]!, operations, { status: "RUNNING" })?.Id).toBe("cb");
    expect(pendingCallbackFor(operations[1]!, operations, { status: "RUNNING" })).toBeUndefined();
  });
});
