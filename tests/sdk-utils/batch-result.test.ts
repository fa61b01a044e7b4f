import { describe, expect, it } from "vitest";
import { BatchResultImpl, createBatchResultSerdes, restoreBatchResult } from "../../sdk/batch";
import { BatchCompletionError, ChildContextError, InvokeError, StepError } from "../../sdk/errors";
import { BatchItemStatus, type BatchItem, type BatchResult } from "../../sdk/types/api";

const ctx = { entityId: "id", durableExecutionArn: "arn:test" };

function mixedBatch(): BatchResultImpl<{ n: number } | undefined> {
  const items: Array<BatchItem<{ n: number } | undefined>> = [
    { index: 0, status: BatchItemStatus.SUCCEEDED, result: { n: 0 } },
    {
      index: 1,
      status: BatchItemStatus.FAILED,
      error: new ChildContextError("item 1 failed", new StepError("step failed", new TypeError("bad input")), "data-1"),
    },
    { index: 2, status: BatchItemStatus.SUCCEEDED, result: undefined },
    { index: 3, status: BatchItemStatus.STARTED },
    { index: 5, status: BatchItemStatus.FAILED, error: new ChildContextError("item 5 failed") },
  ];
  return new BatchResultImpl(items, "FAILURE_TOLERANCE_EXCEEDED");
}

describe("BatchResultImpl", () => {
  it("counts and filters items by status", () => {
    const batch = mixedBatch();
    expect([batch.successCount, batch.failureCount, batch.startedCount, batch.totalCount]).toEqual([2, 2, 1, 5]);
    expect(batch.succeeded().map((item) => item.index)).toEqual([0, 2]);
    expect(batch.failed().map((item) => item.index)).toEqual([1, 5]);
    expect(batch.started().map((item) => item.index)).toEqual([3]);
    expect(batch.getResults()).toEqual([{ n: 0 }, undefined]);
    expect(batch.getErrors().map((error) => error.message)).toEqual(["item 1 failed", "item 5 failed"]);
    expect(batch.hasFailure).toBe(true);
    expect(batch.status).toBe("FAILED");
    expect(batch.completionReason).toBe("FAILURE_TOLERANCE_EXCEEDED");
  });

  it("returns fresh arrays that callers may reorder", () => {
    const batch = mixedBatch();
    batch.succeeded().reverse();
    expect(batch.succeeded().map((item) => item.index)).toEqual([0, 2]);
  });

  it("throwIfError throws the first failed item's error", () => {
    const batch = mixedBatch();
    expect(() => batch.throwIfError()).toThrow(batch.all[1].error as Error);
  });

  it("a clean batch succeeds and does not throw", () => {
    const batch = new BatchResultImpl([{ index: 0, status: BatchItemStatus.SUCCEEDED, result: 1 }], "ALL_COMPLETED");
    expect(batch.status).toBe("SUCCEEDED");
    expect(batch.hasFailure).toBe(false);
    expect(() => batch.throwIfError()).not.toThrow();
  });

  it("a custom FAILED completion fails the batch even without failed items", () => {
    const batch = new BatchResultImpl([{ index: 0, status: BatchItemStatus.SUCCEEDED, result: 1 }], "CUSTOM_COMPLETION_FAILED");
    expect(batch.status).toBe("FAILED");
    expect(batch.hasFailure).toBe(false);
    let thrown: unknown;
    try {
      batch.throwIfError();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BatchCompletionError);
    expect((thrown as BatchCompletionError).completionReason).toBe("CUSTOM_COMPLETION_FAILED");
  });

  it("a custom SUCCEEDED completion succeeds despite failed items, but throwIfError still reports them", () => {
    const batch = new BatchResultImpl<number>(
      [{ index: 0, status: BatchItemStatus.FAILED, error: new ChildContextError("x") }],
      "CUSTOM_COMPLETION_SUCCEEDED",
    );
    expect(batch.status).toBe("SUCCEEDED");
    expect(() => batch.throwIfError()).toThrow("x");
  });

  it("an empty batch", () => {
    const batch = new BatchResultImpl<number>([], "ALL_COMPLETED");
    expect([batch.totalCount, batch.successCount, batch.status]).toEqual([0, 0, "SUCCEEDED"]);
    expect(batch.getResults()).toEqual([]);
  });
});

describe("BatchResult checkpoint form", () => {
  it("toJSON is what JSON.stringify produces, with errors as ErrorObjects and their causes", () => {
    const batch = mixedBatch();
    const json = JSON.parse(JSON.stringify(batch));
    expect(json).toEqual(batch.toJSON());
    expect(json.completionReason).toBe("FAILURE_TOLERANCE_EXCEEDED");
    expect(json.all[1]).toEqual({
      index: 1,
      status: "FAILED",
      error: {
        ErrorType: "ChildContextError",
        ErrorMessage: "item 1 failed",
        ErrorData: "data-1",
        Cause: {
          ErrorType: "StepError",
          ErrorMessage: "step failed",
          Cause: { ErrorType: "TypeError", ErrorMessage: "bad input" },
        },
      },
    });
    expect(json.all[2]).toEqual({ index: 2, status: "SUCCEEDED" });
  });

  it("fromJSON rebuilds the same result: classes, cause chain, counts and methods", () => {
    const original = mixedBatch();
    const restored = BatchResultImpl.fromJSON<{ n: number } | undefined>(JSON.stringify(original));
    expect(restored).toBeInstanceOf(BatchResultImpl);
    expect(restored.toJSON()).toEqual(original.toJSON());
    expect([restored.successCount, restored.failureCount, restored.startedCount, restored.totalCount]).toEqual([2, 2, 1, 5]);
    expect(restored.status).toBe("FAILED");
    const error = restored.all[1].error;
    expect(error).toBeInstanceOf(ChildContextError);
    expect(error?.errorData).toBe("data-1");
    expect(error?.cause).toBeInstanceOf(StepError);
    expect(error?.cause?.cause).toBeInstanceOf(Error);
    expect((error?.cause?.cause as Error).name).toBe("TypeError");
    expect(() => restored.throwIfError()).toThrow(ChildContextError);
    expect(restored.getResults()).toEqual([{ n: 0 }, undefined]);
  });

  it("an item error as a failed item builds it comes back the same, each cause once", () => {
    // ChildContextError -> StepError rebuilt from the item's record -> that record's plain cause.
    const plainCause = Object.assign(new Error("out of stock"), { name: "StepError" });
    const item = new ChildContextError("out of stock", new StepError("out of stock", plainCause));
    const batch = new BatchResultImpl<number>([{ index: 0, status: BatchItemStatus.FAILED, error: item }], "ALL_COMPLETED");
    const restored = BatchResultImpl.fromJSON<number>(JSON.stringify(batch)).all[0].error;
    expect(restored).toBeInstanceOf(ChildContextError);
    expect(restored?.cause).toBeInstanceOf(StepError);
    // A leaf repeating its parent's type and message is the parent's plain cause, not one more StepError.
    expect(restored?.cause?.cause).not.toBeInstanceOf(StepError);
    const leaf = restored?.cause?.cause as Error | undefined;
    expect([leaf?.name, leaf?.message, leaf?.cause]).toEqual(["StepError", "out of stock", undefined]);
    expect(JSON.stringify(BatchResultImpl.fromJSON(JSON.stringify(batch)))).toBe(JSON.stringify(batch));
  });

  it("fromJSON accepts the parsed object and keeps non-ChildContext error types", () => {
    const batch = new BatchResultImpl<string>(
      [{ index: 0, status: BatchItemStatus.FAILED, error: new InvokeError("remote failed") as unknown as ChildContextError }],
      "ALL_COMPLETED",
    );
    const restored = restoreBatchResult<string>(JSON.parse(JSON.stringify(batch)));
    expect(restored.all[0].error).toBeInstanceOf(InvokeError);
  });

  it("fromJSON rejects malformed data with a clear error", () => {
    expect(() => BatchResultImpl.fromJSON(null)).toThrow(/expected an object with an `all` array/);
    expect(() => BatchResultImpl.fromJSON({ all: [], completionReason: "BECAUSE" })).toThrow(/unknown completionReason BECAUSE/);
    expect(() => BatchResultImpl.fromJSON({ all: [{ index: 0, status: "DONE" }] })).toThrow(/item 0 needs/);
    expect(BatchResultImpl.fromJSON({ all: [] }).completionReason).toBe("ALL_COMPLETED");
  });

  it("createBatchResultSerdes round-trips, including undefined and a plain BatchResult object", async () => {
    const serdes = createBatchResultSerdes<{ n: number } | undefined>();
    const original = mixedBatch();
    const stored = await serdes.serialize(original, ctx);
    const back = await serdes.deserialize(stored, ctx);
    expect(back).toBeInstanceOf(BatchResultImpl);
    expect((back as BatchResultImpl<unknown>).toJSON()).toEqual(original.toJSON());
    expect(await serdes.serialize(undefined, ctx)).toBeUndefined();
    expect(await serdes.deserialize(undefined, ctx)).toBeUndefined();

    const plain: BatchResult<number> = { ...new BatchResultImpl<number>([], "ALL_COMPLETED"), all: [{ index: 0, status: "SUCCEEDED", result: 4 }], completionReason: "ALL_COMPLETED" } as BatchResult<number>;
    const plainStored = await createBatchResultSerdes<number>().serialize(plain, ctx);
    expect(JSON.parse(plainStored as string)).toEqual({ all: [{ index: 0, status: "SUCCEEDED", result: 4 }], completionReason: "ALL_COMPLETED" });
  });
});
