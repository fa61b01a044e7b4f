import { describe, expect, it } from "vitest";
import {
  BatchCompletionError,
  CallbackError,
  CallbackExternalError,
  CallbackSubmitterError,
  CallbackTimeoutError,
  ChildContextError,
  DurableExecutionClientError,
  DurableExecutionClientErrorScope,
  DurableOperationError,
  InvokeError,
  NonDeterministicExecutionError,
  PluginLoadError,
  PromiseCombinatorError,
  SerdesFailedError,
  StepError,
  StepInterruptedError,
  WaitForConditionError,
  errorFromErrorObject,
  errorToErrorObject,
  isDurableExecutionClientError,
  isUnrecoverableError,
  isUnrecoverableExecutionError,
  isUnrecoverableInvocationError,
} from "../../sdk/errors";

type DurableErrorClass = new (message?: string, cause?: Error, errorData?: string) => DurableOperationError;

/** Every DurableOperationError subclass with the errorType the official SDK stores. */
const DURABLE_ERRORS: Array<[DurableErrorClass, string, string]> = [
  [StepError, "StepError", "Step failed"],
  [CallbackError, "CallbackError", "Callback failed"],
  [CallbackExternalError, "CallbackExternalError", "Callback failed"],
  [CallbackTimeoutError, "CallbackTimeoutError", "Callback timed out"],
  [CallbackSubmitterError, "CallbackSubmitterError", "Callback submitter failed"],
  [InvokeError, "InvokeError", "Invoke failed"],
  [ChildContextError, "ChildContextError", "Child context failed"],
  [WaitForConditionError, "WaitForConditionError", "Wait for condition failed"],
  [PromiseCombinatorError, "PromiseCombinatorError", "Promise combinator failed"],
];

describe("DurableOperationError family", () => {
  it.each(DURABLE_ERRORS)("%o has errorType %s, a default message and a working instanceof", (Class, errorType, defaultMessage) => {
    const error = new Class();
    expect(error.errorType).toBe(errorType);
    expect(error.name).toBe(errorType);
    expect(error.message).toBe(defaultMessage);
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(DurableOperationError);
    expect(error).toBeInstanceOf(Error);
    expect(String(error.stack)).toContain(errorType);
  });

  it.each(DURABLE_ERRORS)("%o round-trips through toErrorObject / fromErrorObject", (Class, errorType) => {
    const original = new Class("it broke", new Error("root"), '{"orderId":7}');
    const errorObject = original.toErrorObject();
    expect(errorObject).toStrictEqual({ ErrorType: errorType, ErrorMessage: "it broke", ErrorData: '{"orderId":7}' });

    const rebuilt = DurableOperationError.fromErrorObject(JSON.parse(JSON.stringify(errorObject)));
    expect(rebuilt).toBeInstanceOf(Class);
    expect(rebuilt.constructor).toBe(Class);
    expect(rebuilt.errorType).toBe(errorType);
    expect(rebuilt.message).toBe("it broke");
    expect(rebuilt.errorData).toBe('{"orderId":7}');
    expect(rebuilt.cause).toBeInstanceOf(Error);
    expect(rebuilt.cause?.name).toBe(errorType);
    expect(rebuilt.cause?.message).toBe("it broke");
    expect(rebuilt.toErrorObject()).toStrictEqual(errorObject);
  });

  it("the three specific callback errors are CallbackErrors", () => {
    for (const Class of [CallbackExternalError, CallbackTimeoutError, CallbackSubmitterError]) {
      expect(new Class()).toBeInstanceOf(CallbackError);
    }
    expect(new StepError()).not.toBeInstanceOf(CallbackError);
  });

  it("BatchCompletionError is stored with its type but, as in the official SDK, rebuilt as a StepError", () => {
    const original = new BatchCompletionError("CUSTOM_COMPLETION_FAILED");
    expect(original.message).toBe("Batch completed as failed by shouldComplete (CUSTOM_COMPLETION_FAILED)");
    expect(original.completionReason).toBe("CUSTOM_COMPLETION_FAILED");
    const errorObject = original.toErrorObject();
    expect(errorObject.ErrorType).toBe("BatchCompletionError");
    const rebuilt = DurableOperationError.fromErrorObject(errorObject);
    expect(rebuilt).toBeInstanceOf(StepError);
    expect(rebuilt.message).toBe(original.message);
    expect(rebuilt.cause?.name).toBe("BatchCompletionError");
  });

  it("an unknown ErrorType (a failing step's own error) becomes a StepError whose cause keeps the type", () => {
    const rebuilt = DurableOperationError.fromErrorObject({ ErrorType: "TypeError", ErrorMessage: "x is undefined" });
    expect(rebuilt).toBeInstanceOf(StepError);
    expect(rebuilt.message).toBe("x is undefined");
    expect(rebuilt.cause?.name).toBe("TypeError");
    expect(rebuilt.cause?.message).toBe("x is undefined");
    const empty = DurableOperationError.fromErrorObject({});
    expect(empty).toBeInstanceOf(StepError);
    expect(empty.message).toBe("Unknown error");
  });

  it("an empty ErrorMessage falls back to the class default", () => {
    expect(DurableOperationError.fromErrorObject({ ErrorType: "InvokeError", ErrorMessage: "" }).message).toBe("Invoke failed");
  });

  it("toErrorObject never stores a stack and finds errorData down the cause chain", () => {
    const inner = new StepError("inner", undefined, "deep-data");
    const middle = new ChildContextError("middle", inner);
    const outer = new ChildContextError("outer", middle);
    expect(outer.toErrorObject()).toStrictEqual({ ErrorType: "ChildContextError", ErrorMessage: "outer", ErrorData: "deep-data" });
    expect(new StepError("own", inner, "mine").toErrorObject().ErrorData).toBe("mine");
    expect(new StepError("plain", new Error("x")).toErrorObject()).toStrictEqual({ ErrorType: "StepError", ErrorMessage: "plain" });
  });

  it("toErrorObject survives a cause cycle", () => {
    const a = new ChildContextError("a");
    const b = new ChildContextError("b", a);
    a.cause = b;
    expect(a.toErrorObject()).toStrictEqual({ ErrorType: "ChildContextError", ErrorMessage: "a" });
  });

  it("user subclasses keep instanceof and their own name", () => {
    class PaymentStepError extends StepError {}
    const error = new PaymentStepError("card declined");
    expect(error).toBeInstanceOf(PaymentStepError);
    expect(error).toBeInstanceOf(StepError);
    expect(error.name).toBe("PaymentStepError");
    expect(error.errorType).toBe("StepError");
  });
});

describe("engine and transport errors", () => {
  it("StepInterruptedError carries the official message", () => {
    const error = new StepInterruptedError("c4ca4238a0b92382", "charge");
    expect(error).toBeInstanceOf(StepInterruptedError);
    expect(error.name).toBe("StepInterruptedError");
    expect(error.message).toBe(
      "The step execution process was initiated but failed to reach completion due to an interruption.",
    );
    expect(error.stepName).toBe("charge");
    expect(errorToErrorObject(error)).toStrictEqual({ ErrorType: "StepInterruptedError", ErrorMessage: error.message });
  });

  it("NonDeterministicExecutionError is an unrecoverable execution error", () => {
    const error = new NonDeterministicExecutionError('Operation name mismatch for step "1"');
    expect(error).toBeInstanceOf(NonDeterministicExecutionError);
    // The official SDK's prefix: tests written for it may match on the whole message.
    expect(error.message).toBe('[Unrecoverable Execution] Operation name mismatch for step "1"');
    expect(error.name).toBe("NonDeterministicExecutionError");
    expect(error.terminationReason).toBe("NON_DETERMINISM");
    expect(isUnrecoverableError(error)).toBe(true);
    expect(isUnrecoverableExecutionError(error)).toBe(true);
    expect(isUnrecoverableInvocationError(error)).toBe(false);
    expect(errorToErrorObject(error).ErrorType).toBe("NonDeterministicExecutionError");
  });

  it("SerdesFailedError is an unrecoverable invocation error", () => {
    const error = new SerdesFailedError("bad", "serialize", "abc");
    expect(error.name).toBe("SerdesFailedError");
    expect(error.message).toBe("[Unrecoverable Invocation] bad");
    expect(error.terminationReason).toBe("SERDES_FAILED");
    expect(isUnrecoverableInvocationError(error)).toBe(true);
    expect(isUnrecoverableExecutionError(error)).toBe(false);
    expect(isUnrecoverableError(new Error("x"))).toBe(false);
  });

  it("DurableExecutionClientError defaults to INVOCATION scope and keeps its cause", () => {
    const cause = new Error("socket hang up");
    const error = new DurableExecutionClientError("checkpoint failed", { cause });
    expect(error).toBeInstanceOf(DurableExecutionClientError);
    expect(error.name).toBe("DurableExecutionClientError");
    expect(error.scope).toBe(DurableExecutionClientErrorScope.INVOCATION);
    expect(error.cause).toBe(cause);
    const permanent = new DurableExecutionClientError("gone", { scope: "EXECUTION" });
    expect(permanent.scope).toBe("EXECUTION");
    expect(permanent.cause).toBeUndefined();
  });

  it("isDurableExecutionClientError matches structurally and rejects unknown scopes", () => {
    expect(isDurableExecutionClientError(new DurableExecutionClientError("x"))).toBe(true);
    const foreign = Object.assign(new Error("from another bundle"), { isDurableExecutionClientError: true, scope: "EXECUTION" });
    expect(isDurableExecutionClientError(foreign)).toBe(true);
    const malformed = Object.assign(new Error("x"), { isDurableExecutionClientError: true, scope: "FOREVER" });
    expect(isDurableExecutionClientError(malformed)).toBe(false);
    expect(isDurableExecutionClientError({ isDurableExecutionClientError: true, scope: "EXECUTION" })).toBe(false);
    expect(isDurableExecutionClientError(undefined)).toBe(false);
  });

  it("PluginLoadError prefixes its message", () => {
    const error = new PluginLoadError("module 'x' not found");
    expect(error).toBeInstanceOf(PluginLoadError);
    expect(error.name).toBe("PluginLoadError");
    expect(error.message).toBe("Dynamic plugin configuration failed: module 'x' not found");
  });

  it.each([
    [new StepInterruptedError("1"), "StepInterruptedError"],
    [new NonDeterministicExecutionError("m"), "NonDeterministicExecutionError"],
    [new DurableExecutionClientError("m"), "DurableExecutionClientError"],
    [new PluginLoadError("m"), "PluginLoadError"],
  ])("%o survives errorToErrorObject / errorFromErrorObject by name and message", (error, name) => {
    const rebuilt = errorFromErrorObject(errorToErrorObject(error));
    expect(rebuilt).toBeInstanceOf(Error);
    expect(rebuilt.name).toBe(name);
    expect(rebuilt.message).toBe(error.message);
  });
});
