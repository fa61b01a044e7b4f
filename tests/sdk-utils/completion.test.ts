import { describe, expect, it } from "vitest";
import { completeBatch, continueBatch, evaluateCompletion, validateCompletionConfig } from "../../sdk/batch";
import {
  BatchItemStatus,
  CompletionOutcome,
  type CompletionConfig,
  type CompletionStatus,
} from "../../sdk/types/api";

/** Progress of a batch of `total` items from a list of finished item statuses ("S"/"F"), in index order. */
function progress(total: number, finished: string): CompletionStatus {
  const items = Array.from({ length: total }, (_, index) => {
    const code = finished[index];
    const status = code === "S" ? BatchItemStatus.SUCCEEDED : code === "F" ? BatchItemStatus.FAILED : code === "R" ? BatchItemStatus.STARTED : undefined;
    return { index, status };
  });
  const successCount = items.filter((i) => i.status === "SUCCEEDED").length;
  const failureCount = items.filter((i) => i.status === "FAILED").length;
  return { successCount, failureCount, completedCount: successCount + failureCount, totalCount: total, items };
}

describe("completeBatch / continueBatch", () => {
  it("build the decisions", () => {
    expect(continueBatch()).toEqual({ complete: false });
    expect(completeBatch()).toEqual({ complete: true, outcome: "SUCCEEDED" });
    expect(completeBatch(CompletionOutcome.FAILED)).toEqual({ complete: true, outcome: "FAILED" });
  });
});

describe("evaluateCompletion without a config (fail-fast)", () => {
  it("keeps going while nothing failed", () => {
    expect(evaluateCompletion(undefined, progress(3, "SR"))).toEqual({ done: false });
  });

  it("stops on the first failure", () => {
    expect(evaluateCompletion(undefined, progress(3, "F"))).toEqual({
      done: true,
      reason: "FAILURE_TOLERANCE_EXCEEDED",
      failed: true,
    });
  });

  it("completes when every item succeeded", () => {
    expect(evaluateCompletion(undefined, progress(3, "SSS"))).toEqual({ done: true, reason: "ALL_COMPLETED", failed: false });
  });

  it("an empty batch is immediately complete", () => {
    expect(evaluateCompletion(undefined, progress(0, ""))).toEqual({ done: true, reason: "ALL_COMPLETED", failed: false });
  });

  it("an empty config object is fail-fast too", () => {
    expect(evaluateCompletion({}, progress(3, "F")).reason).toBe("FAILURE_TOLERANCE_EXCEEDED");
    expect(evaluateCompletion({ minSuccessful: undefined }, progress(3, "F")).reason).toBe("FAILURE_TOLERANCE_EXCEEDED");
  });
});

describe("evaluateCompletion with minSuccessful", () => {
  const config: CompletionConfig = { minSuccessful: 2 };

  it("stops once enough items succeeded", () => {
    expect(evaluateCompletion(config, progress(5, "S"))).toEqual({ done: false });
    expect(evaluateCompletion(config, progress(5, "SRS"))).toEqual({ done: true, reason: "MIN_SUCCESSFUL_REACHED", failed: false });
  });

  it("tolerates any number of failures when it is the only criterion", () => {
    expect(evaluateCompletion(config, progress(5, "FFFS"))).toEqual({ done: false });
    expect(evaluateCompletion(config, progress(5, "FFFSS")).reason).toBe("ALL_COMPLETED");
  });

  it("ALL_COMPLETED wins when the last item is also the minSuccessful-th", () => {
    expect(evaluateCompletion({ minSuccessful: 3 }, progress(3, "SSS")).reason).toBe("ALL_COMPLETED");
  });

  it("reports failed when some item failed before the threshold was reached", () => {
    expect(evaluateCompletion(config, progress(5, "FSS"))).toEqual({ done: true, reason: "MIN_SUCCESSFUL_REACHED", failed: true });
  });
});

describe("evaluateCompletion with toleratedFailureCount", () => {
  const config: CompletionConfig = { toleratedFailureCount: 1 };

  it("continues up to the tolerated count and stops beyond it", () => {
    expect(evaluateCompletion(config, progress(4, "F"))).toEqual({ done: false });
    expect(evaluateCompletion(config, progress(4, "FSF"))).toEqual({ done: true, reason: "FAILURE_TOLERANCE_EXCEEDED", failed: true });
  });

  it("a tolerated failure still makes the finished batch FAILED", () => {
    expect(evaluateCompletion(config, progress(3, "SFS"))).toEqual({ done: true, reason: "ALL_COMPLETED", failed: true });
  });

  it("zero tolerance stops on the first failure", () => {
    expect(evaluateCompletion({ toleratedFailureCount: 0 }, progress(4, "SF")).reason).toBe("FAILURE_TOLERANCE_EXCEEDED");
  });

  it("tolerance is checked before ALL_COMPLETED", () => {
    expect(evaluateCompletion(config, progress(2, "FF")).reason).toBe("FAILURE_TOLERANCE_EXCEEDED");
  });
});

describe("evaluateCompletion with toleratedFailurePercentage", () => {
  const config: CompletionConfig = { toleratedFailurePercentage: 25 };

  it("measures failures against the total item count", () => {
    expect(evaluateCompletion(config, progress(8, "FF"))).toEqual({ done: false }); // 25% is tolerated
    expect(evaluateCompletion(config, progress(8, "FFF")).reason).toBe("FAILURE_TOLERANCE_EXCEEDED"); // 37.5%
  });

  it("combines with minSuccessful (the regression the official examples guard)", () => {
    const combined: CompletionConfig = { minSuccessful: 2, toleratedFailurePercentage: 50 };
    expect(evaluateCompletion(combined, progress(4, "FS"))).toEqual({ done: false });
    expect(evaluateCompletion(combined, progress(4, "FSS")).reason).toBe("MIN_SUCCESSFUL_REACHED");
    expect(evaluateCompletion(combined, progress(4, "FFF")).reason).toBe("FAILURE_TOLERANCE_EXCEEDED");
  });
});

describe("evaluateCompletion with a custom shouldComplete", () => {
  it("passes the status through and honours completeBatch outcomes", () => {
    const seen: CompletionStatus[] = [];
    const config: CompletionConfig = {
      shouldComplete: (status) => {
        seen.push(status);
        if (status.items[0]?.status === BatchItemStatus.SUCCEEDED) return completeBatch();
        if (status.failureCount >= 2) return completeBatch(CompletionOutcome.FAILED);
        return continueBatch();
      },
    };
    expect(evaluateCompletion(config, progress(4, "RS"))).toEqual({ done: false });
    expect(seen[0]).toEqual(progress(4, "RS"));
    expect(evaluateCompletion(config, progress(4, "SFF"))).toEqual({ done: true, reason: "CUSTOM_COMPLETION_SUCCEEDED", failed: false });
    expect(evaluateCompletion(config, progress(4, "RFF"))).toEqual({ done: true, reason: "CUSTOM_COMPLETION_FAILED", failed: true });
  });

  it("can complete before anything started", () => {
    expect(evaluateCompletion({ shouldComplete: () => completeBatch() }, progress(3, ""))).toEqual({
      done: true,
      reason: "CUSTOM_COMPLETION_SUCCEEDED",
      failed: false,
    });
  });

  it("the batch still ends when every item finished, with ALL_COMPLETED", () => {
    const config: CompletionConfig = { shouldComplete: () => continueBatch() };
    expect(evaluateCompletion(config, progress(2, "S"))).toEqual({ done: false });
    expect(evaluateCompletion(config, progress(2, "SF"))).toEqual({ done: true, reason: "ALL_COMPLETED", failed: true });
  });

  it("failures do not stop the batch by themselves (the predicate owns the decision)", () => {
    expect(evaluateCompletion({ shouldComplete: () => continueBatch() }, progress(3, "FF"))).toEqual({ done: false });
  });
});

describe("validateCompletionConfig", () => {
  it("accepts valid configs", () => {
    expect(validateCompletionConfig(undefined)).toBeUndefined();
    expect(validateCompletionConfig({ minSuccessful: 1, toleratedFailureCount: 0, toleratedFailurePercentage: 100 })).toBeUndefined();
    expect(validateCompletionConfig({ shouldComplete: () => continueBatch() })).toBeUndefined();
  });

  it("rejects mixing a predicate with thresholds, and bad numbers", () => {
    expect(validateCompletionConfig({ shouldComplete: () => continueBatch(), minSuccessful: 1 } as never)).toMatch(/cannot be combined/);
    expect(validateCompletionConfig({ minSuccessful: -1 })).toMatch(/minSuccessful must be a whole number >= 0/);
    expect(validateCompletionConfig({ toleratedFailureCount: 1.5 })).toMatch(/toleratedFailureCount/);
    expect(validateCompletionConfig({ toleratedFailurePercentage: 120 })).toMatch(/between 0 and 100/);
    expect(validateCompletionConfig({ shouldComplete: "yes" } as never)).toMatch(/must be a function/);
  });
});
