/**
 * What one call of a handler gave back, read defensively: a valid invocation output (a status
 * with its result or error), or an invocation error for a throw, a timeout, a crash (an uncaught
 * exception from its code) or an output that is not one. Errors are kept within Lambda's size.
 */
import { errorToErrorObject } from "../errors/error-object";
import { safeStringify } from "../utils/safe-stringify";
import { Limits, type ErrorObject } from "../types/wire";

export const UNCAUGHT_EXCEPTION_ERROR_TYPE = "Runtime.UncaughtException";

/** What the handler gave back: a valid output (status) or an invocation error. */
export interface HandlerOutput {
  status?: "SUCCEEDED" | "FAILED" | "PENDING";
  result?: string;
  error?: ErrorObject;
  /** The invocation crashed: its code raised an uncaught exception. */
  crashed?: boolean;
}

/** The invocation's error when its code raised `thrown` outside the awaited chain. */
export function uncaughtExceptionError(thrown: unknown): ErrorObject {
  const original = errorToErrorObject(thrown, { includeStack: true });
  const error: ErrorObject = {
    ErrorType: UNCAUGHT_EXCEPTION_ERROR_TYPE,
    ErrorMessage: `Uncaught exception in handler code: ${original.ErrorType ?? "Error"}: ${original.ErrorMessage ?? ""}`,
  };
  if (original.StackTrace) error.StackTrace = original.StackTrace;
  return truncatedError(error);
}

/** The execution's error once crashes reached the bound. */
export function crashBoundError(last: ErrorObject | undefined, crashes: number): ErrorObject {
  const what = last?.ErrorMessage?.replace(/^Uncaught exception in handler code: /, "") ?? "unknown error";
  const error: ErrorObject = {
    ErrorType: UNCAUGHT_EXCEPTION_ERROR_TYPE,
    ErrorMessage: `The handler raised an uncaught exception in ${crashes} consecutive invocations; the last: ${what}`,
  };
  if (last?.StackTrace) error.StackTrace = last.StackTrace;
  return truncatedError(error);
}

function truncatedError(error: ErrorObject): ErrorObject {
  if (Buffer.byteLength(JSON.stringify(error), "utf8") <= Limits.errorBytes) return error;
  return { ErrorType: error.ErrorType, ErrorMessage: `${(error.ErrorMessage ?? "").slice(0, 64 * 1024)}... [the error was larger than ${Limits.errorBytes} bytes]` };
}

export async function callHandler(call: () => Promise<unknown>, timeoutMs: number, crash: Promise<HandlerOutput>): Promise<HandlerOutput> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<HandlerOutput>((resolve) => {
    timer = setTimeout(
      () => resolve({ error: { ErrorType: "Sandbox.Timedout", ErrorMessage: `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds` } }),
      timeoutMs,
    );
    timer.unref?.();
  });
  try {
    // A registered handler may be a plain function: a synchronous throw or a non-promise return
    // must become this invocation's outcome, not escape and leave the execution leased forever.
    const called = new Promise<unknown>((resolve) => resolve(call()));
    const raw = await Promise.race([called.then(readOutput, (thrown: unknown) => ({ error: errorToErrorObject(thrown) })), timedOut, crash]);
    return raw;
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the handler's output; never throws, whatever the handler returned (a throwing getter, a BigInt). */
function readOutput(raw: unknown): HandlerOutput {
  try {
    return readOutputFields(raw);
  } catch (error) {
    return { error: { ErrorType: "InvalidHandlerOutput", ErrorMessage: `the handler's output could not be read: ${errorToErrorObject(error).ErrorMessage}` } };
  }
}

function readOutputFields(raw: unknown): HandlerOutput {
  const invalid = (why: string): HandlerOutput => ({ error: { ErrorType: "InvalidHandlerOutput", ErrorMessage: why } });
  if (typeof raw !== "object" || raw === null) return invalid("the handler did not return an invocation output object");
  const out = raw as { Status?: unknown; Result?: unknown; Error?: unknown };
  switch (out.Status) {
    case "PENDING":
      return { status: "PENDING" };
    case "SUCCEEDED":
      if (out.Result !== undefined && typeof out.Result !== "string") return invalid("Result must be a string");
      if (typeof out.Result === "string" && Buffer.byteLength(out.Result, "utf8") > Limits.executionResultBytes) {
        return { status: "FAILED", error: { ErrorType: "PayloadTooLarge", ErrorMessage: `the result is larger than ${Limits.executionResultBytes} bytes` } };
      }
      return { status: "SUCCEEDED", result: out.Result as string | undefined };
    case "FAILED":
      return { status: "FAILED", error: outputError(out.Error) };
    default:
      return invalid(`unknown Status ${safeStringify(out.Status).slice(0, 200)}`);
  }
}

/**
 * The Error of a FAILED output as a well-formed ErrorObject within the size limit. A well-formed
 * one is kept as given; fields of the wrong type are turned into text, and a missing or
 * non-object Error is described, so the stored error always reads clearly.
 */
function outputError(value: unknown): ErrorObject {
  if (value === undefined || value === null) return { ErrorType: "Error", ErrorMessage: "the handler reported FAILED without an Error" };
  if (typeof value !== "object" || Array.isArray(value)) return errorToErrorObject(value);
  const given = value as Record<string, unknown>;
  // An Error instance or some other object: describe it (name and message, or its JSON).
  if (given.ErrorType === undefined && given.ErrorMessage === undefined) return errorToErrorObject(value);
  const text = (field: unknown) => (typeof field === "string" ? field : safeStringify(field));
  const wellFormed =
    ["ErrorType", "ErrorMessage", "ErrorData"].every((key) => given[key] === undefined || typeof given[key] === "string") &&
    (given.StackTrace === undefined || (Array.isArray(given.StackTrace) && given.StackTrace.every((line) => typeof line === "string")));
  let error = value as ErrorObject;
  if (!wellFormed) {
    error = {};
    if (given.ErrorType !== undefined) error.ErrorType = text(given.ErrorType);
    if (given.ErrorMessage !== undefined) error.ErrorMessage = text(given.ErrorMessage);
    if (given.ErrorData !== undefined) error.ErrorData = text(given.ErrorData);
    if (Array.isArray(given.StackTrace)) error.StackTrace = given.StackTrace.map(text);
  }
  if (Buffer.byteLength(JSON.stringify(error), "utf8") > Limits.errorBytes) {
    return {
      ErrorType: (error.ErrorType ?? "Error").slice(0, 256),
      ErrorMessage: `${(error.ErrorMessage ?? "").slice(0, 64 * 1024)}... [the error was larger than ${Limits.errorBytes} bytes]`,
    };
  }
  return error;
}

