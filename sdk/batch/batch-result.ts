/**
 * BatchResult implementation, plus its checkpoint form. Counts are computed once in the
 * constructor: treat `all` as immutable.
 */
import type { ErrorObject } from "../types/wire";
import {
  BatchItemStatus,
  type BatchItem,
  type BatchResult,
  type CompletionReason,
} from "../types/api-batch";
import type { Serdes } from "../utils/serdes";
import {
  BatchCompletionError,
  DurableOperationError,
  type ChildContextError,
} from "../errors/durable-operation-error";
import { errorFromErrorObject, errorToErrorObject } from "../errors/error-object";

/** An item error as checkpointed: the ErrorObject plus its cause chain. */
export type SerializedBatchError = ErrorObject & { Cause?: SerializedBatchError };

export interface SerializedBatchItem<R> {
  index: number;
  status: BatchItemStatus;
  result?: R;
  error?: SerializedBatchError;
}

/** The JSON form of a BatchResult (what `toJSON` returns and `fromJSON` reads). */
export interface SerializedBatchResult<R> {
  all: Array<SerializedBatchItem<R>>;
  completionReason: CompletionReason;
}

const COMPLETION_REASONS = new Set<CompletionReason>([
  "ALL_COMPLETED",
  "MIN_SUCCESSFUL_REACHED",
  "FAILURE_TOLERANCE_EXCEEDED",
  "CUSTOM_COMPLETION_SUCCEEDED",
  "CUSTOM_COMPLETION_FAILED",
]);
const ITEM_STATUSES = new Set<string>(Object.values(BatchItemStatus));
const DURABLE_ERROR_TYPES = new Set([
  "StepError",
  "CallbackError",
  "CallbackExternalError",
  "CallbackTimeoutError",
  "CallbackSubmitterError",
  "InvokeError",
  "ChildContextError",
  "WaitForConditionError",
  "PromiseCombinatorError",
]);
/** Depth limit for cause chains (guards against cycles). */
const MAX_CAUSE_DEPTH = 10;

export class BatchResultImpl<R> implements BatchResult<R> {
  readonly #successCount: number;
  readonly #failureCount: number;
  readonly #startedCount: number;

  constructor(
    readonly all: Array<BatchItem<R>>,
    readonly completionReason: CompletionReason,
  ) {
    let success = 0;
    let failure = 0;
    let started = 0;
    for (const item of all) {
      if (item.status === BatchItemStatus.SUCCEEDED) success++;
      else if (item.status === BatchItemStatus.FAILED) failure++;
      else if (item.status === BatchItemStatus.STARTED) started++;
    }
    this.#successCount = success;
    this.#failureCount = failure;
    this.#startedCount = started;
  }

  /**
   * Every SUCCEEDED item, including those whose result is undefined (a void body). The official
   * SDK drops those here while still counting them in successCount; we keep the two consistent.
   */
  succeeded(): Array<BatchItem<R> & { result: R }> {
    return this.all.filter((item) => item.status === BatchItemStatus.SUCCEEDED) as Array<BatchItem<R> & { result: R }>;
  }

  failed(): Array<BatchItem<R> & { error: ChildContextError }> {
    return this.all.filter((item) => item.status === BatchItemStatus.FAILED && item.error !== undefined) as Array<
      BatchItem<R> & { error: ChildContextError }
    >;
  }

  started(): Array<BatchItem<R> & { status: BatchItemStatus.STARTED }> {
    return this.all.filter((item) => item.status === BatchItemStatus.STARTED) as Array<
      BatchItem<R> & { status: BatchItemStatus.STARTED }
    >;
  }

  /** A custom completion decision wins over item results; otherwise FAILED iff an item failed. */
  get status(): BatchItemStatus.SUCCEEDED | BatchItemStatus.FAILED {
    if (this.completionReason === "CUSTOM_COMPLETION_FAILED") return BatchItemStatus.FAILED;
    if (this.completionReason === "CUSTOM_COMPLETION_SUCCEEDED") return BatchItemStatus.SUCCEEDED;
    return this.hasFailure ? BatchItemStatus.FAILED : BatchItemStatus.SUCCEEDED;
  }

  get hasFailure(): boolean {
    return this.#failureCount > 0;
  }

  throwIfError(): void {
    const firstError = this.all.find((item) => item.status === BatchItemStatus.FAILED && item.error)?.error;
    if (firstError) throw firstError;
    if (this.status === BatchItemStatus.FAILED) throw new BatchCompletionError(this.completionReason);
  }

  getResults(): Array<R> {
    return this.succeeded().map((item) => item.result);
  }

  getErrors(): Array<ChildContextError> {
    return this.failed().map((item) => item.error);
  }

  get successCount(): number {
    return this.#successCount;
  }

  get failureCount(): number {
    return this.#failureCount;
  }

  get startedCount(): number {
    return this.#startedCount;
  }

  get totalCount(): number {
    return this.all.length;
  }

  /** Checkpoint form; also what JSON.stringify(batchResult) produces. Results must be JSON-able. */
  toJSON(): SerializedBatchResult<R> {
    return {
      all: this.all.map((item) => {
        // Key order as the official SDK writes it, so stored payloads match byte for byte.
        const serialized = {} as SerializedBatchItem<R>;
        if (item.result !== undefined) serialized.result = item.result;
        if (item.error !== undefined) serialized.error = serializeBatchError(item.error, 0);
        serialized.index = item.index;
        serialized.status = item.status;
        return serialized;
      }),
      completionReason: this.completionReason,
    };
  }

  /**
   * Rebuilds a BatchResult from its JSON form (object or string). Item errors come back as the
   * same DurableOperationError subclass with their cause chain. Malformed data throws a
   * TypeError rather than quietly producing an empty batch.
   */
  static fromJSON<R>(data: unknown): BatchResultImpl<R> {
    const parsed: unknown = typeof data === "string" ? JSON.parse(data) : data;
    if (parsed instanceof BatchResultImpl) return parsed as BatchResultImpl<R>;
    if (typeof parsed !== "object" || parsed === null || !Array.isArray((parsed as { all?: unknown }).all)) {
      throw new TypeError("Invalid BatchResult data: expected an object with an `all` array");
    }
    const { all, completionReason = "ALL_COMPLETED" } = parsed as { all: unknown[]; completionReason?: unknown };
    if (!COMPLETION_REASONS.has(completionReason as CompletionReason)) {
      throw new TypeError(`Invalid BatchResult data: unknown completionReason ${String(completionReason)}`);
    }
    const items = all.map((raw, position): BatchItem<R> => {
      const item = raw as Partial<SerializedBatchItem<R>> | null;
      if (typeof item !== "object" || item === null || typeof item.index !== "number" || !ITEM_STATUSES.has(String(item.status))) {
        throw new TypeError(`Invalid BatchResult data: item ${position} needs a numeric index and a valid status`);
      }
      const restored: BatchItem<R> = { index: item.index, status: item.status as BatchItemStatus };
      if (item.result !== undefined) restored.result = item.result;
      if (item.error !== undefined) restored.error = rebuildBatchError(item.error, 0) as ChildContextError;
      return restored;
    });
    return new BatchResultImpl<R>(items, completionReason as CompletionReason);
  }
}

/** Alias of BatchResultImpl.fromJSON, under the official SDK's internal name. */
export function restoreBatchResult<R>(data: unknown): BatchResult<R> {
  return BatchResultImpl.fromJSON<R>(data);
}

/** The serdes map/parallel use by default for the whole BatchResult. */
export function createBatchResultSerdes<R>(): Serdes<BatchResult<R>> {
  return {
    serialize: async (value) => {
      if (value === undefined) return undefined;
      const impl = value instanceof BatchResultImpl ? value : new BatchResultImpl(value.all, value.completionReason);
      return JSON.stringify(impl.toJSON());
    },
    deserialize: async (data) => (data === undefined ? undefined : BatchResultImpl.fromJSON<R>(data)),
  };
}

function serializeBatchError(error: Error, depth: number): SerializedBatchError {
  const serialized: SerializedBatchError = errorToErrorObject(error);
  const cause = error.cause;
  if (cause instanceof Error && depth < MAX_CAUSE_DEPTH) serialized.Cause = serializeBatchError(cause, depth + 1);
  return serialized;
}

/**
 * Rebuilds an item error and its stored cause chain. A durable error rebuilt from a record has,
 * as its cause, a plain Error repeating its own type and message; stored, that cause is a leaf
 * with the parent's type and message, and it comes back as the plain Error it was. So an item
 * error reads the same before and after a checkpoint, and like a failed child context's
 * (ChildContextError, then StepError, then the plain cause), with each cause once: the official
 * SDK rebuilds that leaf as one more StepError (a documented difference).
 */
function rebuildBatchError(serialized: SerializedBatchError, depth: number, parent?: SerializedBatchError): Error {
  const repeatsParent =
    parent !== undefined && !serialized.Cause && serialized.ErrorType === parent.ErrorType && serialized.ErrorMessage === parent.ErrorMessage;
  const error =
    serialized.ErrorType && DURABLE_ERROR_TYPES.has(serialized.ErrorType) && !repeatsParent
      ? DurableOperationError.fromErrorObject(serialized)
      : errorFromErrorObject(serialized);
  // fromErrorObject synthesises a cause from the top-level fields; use the stored chain instead
  // (and no cause when none was stored), so serialize -> rebuild -> serialize is stable.
  error.cause = serialized.Cause && depth < MAX_CAUSE_DEPTH ? rebuildBatchError(serialized.Cause, depth + 1, serialized) : undefined;
  return error;
}
