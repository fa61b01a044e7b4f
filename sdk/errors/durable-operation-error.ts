/**
 * User-visible operation failures. Every durable operation that fails surfaces as one of these,
 * identical on the first run and on replay: the error is rebuilt from the checkpointed
 * ErrorObject (type, message, data), never from live state such as stack traces.
 *
 * `errorType` strings are stable and equal to the official SDK's (they are stored in history).
 */
import type { ErrorObject } from "../types/wire";
import type { CompletionReason } from "../types/api-batch";
import { errorFromErrorObject } from "./error-object";

/** How deep toErrorObject looks through `cause` for errorData (a guard against cause cycles). */
const MAX_CAUSE_DEPTH = 10;

/** Base class of all durable operation errors. */
export abstract class DurableOperationError extends Error {
  abstract readonly errorType: string;
  declare cause?: Error;
  errorData?: string;
  stackTrace?: string[];

  constructor(message: string, cause?: Error, errorData?: string) {
    super(message);
    // Keep instanceof right even if this file is ever down-levelled below ES2015 classes.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = new.target.name;
    this.cause = cause;
    this.errorData = errorData;
  }

  /**
   * Rebuilds the matching subclass from a checkpointed ErrorObject, as the official SDK does, so
   * an error looks the same on the first run (which is built from what was checkpointed) and on
   * every replay. An ErrorType that is not one of these (a step's "TypeError", say, or
   * "BatchCompletionError") becomes a StepError. The `cause` is a plain Error named after the
   * stored type, with the stored message.
   */
  static fromErrorObject(errorObject: ErrorObject): DurableOperationError {
    const obj = errorObject ?? {};
    const cause = errorFromErrorObject(obj);
    const message = obj.ErrorMessage || undefined;
    const data = obj.ErrorData;
    switch (obj.ErrorType) {
      case "StepError":
        return new StepError(message, cause, data);
      case "CallbackError":
        return new CallbackError(message, cause, data);
      case "CallbackExternalError":
        return new CallbackExternalError(message, cause, data);
      case "CallbackTimeoutError":
        return new CallbackTimeoutError(message, cause, data);
      case "CallbackSubmitterError":
        return new CallbackSubmitterError(message, cause, data);
      case "InvokeError":
        return new InvokeError(message, cause, data);
      case "ChildContextError":
        return new ChildContextError(message, cause, data);
      case "WaitForConditionError":
        return new WaitForConditionError(message, cause, data);
      case "PromiseCombinatorError":
        return new PromiseCombinatorError(message, cause, data);
      // No stored type (or one this SDK does not know): a step error, as the official SDK does.
      case undefined:
      default:
        return new StepError(message || "Unknown error", cause, data);
    }
  }

  /**
   * The ErrorObject to checkpoint. No stack trace (error determinism). When this error has no
   * errorData, the first errorData found down the cause chain is used, so data attached deep
   * inside nested child contexts is not lost at each boundary.
   */
  toErrorObject(): ErrorObject {
    let errorData = this.errorData;
    let node: unknown = this.cause;
    for (let depth = 0; errorData === undefined && node instanceof Error && depth < MAX_CAUSE_DEPTH; depth++) {
      if (node instanceof DurableOperationError && typeof node.errorData === "string") errorData = node.errorData;
      node = node.cause;
    }
    const errorObject: ErrorObject = { ErrorType: this.errorType, ErrorMessage: this.message };
    if (errorData !== undefined) errorObject.ErrorData = errorData;
    return errorObject;
  }
}

/** A step failed (after its retries), or a step's stored failure was replayed. */
export class StepError extends DurableOperationError {
  readonly errorType = "StepError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || "Step failed", cause, errorData);
  }
}

/** Any callback failure; parent of the three specific callback errors. */
export class CallbackError extends DurableOperationError {
  readonly errorType: string = "CallbackError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || "Callback failed", cause, errorData);
  }
}

/** The external party completed the callback with a failure. */
export class CallbackExternalError extends CallbackError {
  readonly errorType = "CallbackExternalError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || "Callback failed", cause, errorData);
  }
}

/** The callback (or its heartbeat) timed out. */
export class CallbackTimeoutError extends CallbackError {
  readonly errorType = "CallbackTimeoutError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || "Callback timed out", cause, errorData);
  }
}

/** The waitForCallback submitter failed after its retries. */
export class CallbackSubmitterError extends CallbackError {
  readonly errorType = "CallbackSubmitterError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || "Callback submitter failed", cause, errorData);
  }
}

/** A chained invoke failed, timed out or was stopped. */
export class InvokeError extends DurableOperationError {
  readonly errorType = "InvokeError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || "Invoke failed", cause, errorData);
  }
}

/** A child context (also each map item / parallel branch) failed. */
export class ChildContextError extends DurableOperationError {
  readonly errorType = "ChildContextError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || "Child context failed", cause, errorData);
  }
}

/** A context.promise.all / allSettled / any / race combinator failed. */
export class PromiseCombinatorError extends DurableOperationError {
  readonly errorType = "PromiseCombinatorError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || "Promise combinator failed", cause, errorData);
  }
}

/**
 * A failed waitForCondition that recorded no error. A check (or wait strategy) that throws
 * surfaces as a StepError built from what was recorded, as in the official SDK.
 */
export class WaitForConditionError extends DurableOperationError {
  readonly errorType = "WaitForConditionError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || "Wait for condition failed", cause, errorData);
  }
}

/** Thrown by BatchResult.throwIfError when a custom completion ended the batch as FAILED. */
export class BatchCompletionError extends DurableOperationError {
  readonly errorType = "BatchCompletionError";
  constructor(
    readonly completionReason: CompletionReason,
    message?: string,
    cause?: Error,
    errorData?: string,
  ) {
    super(message || `Batch completed as failed by shouldComplete (${completionReason})`, cause, errorData);
  }
}
