/**
 * Converting between thrown values and the wire ErrorObject.
 *
 * Error determinism: by default no stack trace is stored, so the error a handler sees on
 * replay is the same as on the first run, and checkpoints never carry machine paths.
 */
import type { ErrorObject } from "../types/wire";
import { safeStringify } from "../utils/safe-stringify";

/** Cap on ErrorMessage, far below the 1 MB error limit, so one error cannot swamp a checkpoint batch. */
export const MAX_ERROR_MESSAGE_CHARS = 64 * 1024;

export interface ErrorToErrorObjectOptions {
  /** Stored as ErrorData when the error carries none of its own. */
  errorData?: string;
  /** Store the stack trace, with absolute paths made relative (off by default: determinism). */
  includeStack?: boolean;
}

/**
 * Turns ANY thrown value into an ErrorObject, and never throws: Errors keep name/message,
 * DurableOperationErrors use their own toErrorObject, strings and other primitives become the
 * message of an "Error", objects are described with a cycle- and BigInt-safe JSON.
 */
export function errorToErrorObject(thrown: unknown, options: ErrorToErrorObjectOptions = {}): ErrorObject {
  try {
    const errorObject = describeThrown(thrown);
    if (errorObject.ErrorData === undefined && options.errorData !== undefined) errorObject.ErrorData = options.errorData;
    if (options.includeStack) {
      const stack = readStack(thrown);
      if (stack) errorObject.StackTrace = stack;
    }
    return errorObject;
  } catch {
    return { ErrorType: "Error", ErrorMessage: "Unserializable thrown value" };
  }
}

/**
 * Rebuilds a plain Error from an ErrorObject (e.g. the `cause` of a replayed StepError): same
 * name and message; the stack is the stored one if any, else just "Name: message", so it is
 * identical on every replay.
 */
export function errorFromErrorObject(errorObject: ErrorObject | undefined): Error {
  const name = errorObject?.ErrorType || "Error";
  const message = errorObject?.ErrorMessage ?? "";
  const error = new Error(message);
  error.name = name;
  const header = message ? `${name}: ${message}` : name;
  error.stack = errorObject?.StackTrace?.length ? [header, ...errorObject.StackTrace].join("\n") : header;
  return error;
}

function describeThrown(thrown: unknown): ErrorObject {
  if (isDurableOperationErrorLike(thrown)) {
    const own = thrown.toErrorObject();
    return { ...own, ErrorMessage: truncate(own.ErrorMessage ?? "") };
  }
  if (thrown === null || thrown === undefined) {
    return { ErrorType: "Error", ErrorMessage: `Non-error value thrown: ${String(thrown)}` };
  }
  if (typeof thrown === "string") return { ErrorType: "Error", ErrorMessage: truncate(thrown) };
  if (typeof thrown !== "object" && typeof thrown !== "function") {
    // number, boolean, bigint, symbol: String() handles all of them without throwing.
    return { ErrorType: "Error", ErrorMessage: truncate(String(thrown)) };
  }
  const name = readStringProperty(thrown, "name");
  const message = readStringProperty(thrown, "message");
  if (thrown instanceof Error || message !== undefined) {
    const errorObject: ErrorObject = { ErrorType: name || "Error", ErrorMessage: truncate(message ?? "") };
    return errorObject;
  }
  return { ErrorType: "Error", ErrorMessage: truncate(safeStringify(thrown)) };
}

interface DurableOperationErrorLike extends Error {
  errorType: string;
  toErrorObject(): ErrorObject;
}

/** Duck-typed so a DurableOperationError from another copy of the SDK is recognised too. */
function isDurableOperationErrorLike(value: unknown): value is DurableOperationErrorLike {
  if (!(value instanceof Error)) return false;
  const candidate = value as Partial<DurableOperationErrorLike>;
  return typeof candidate.errorType === "string" && typeof candidate.toErrorObject === "function";
}

/** Reads a property that may be a throwing getter or a Proxy trap; non-strings count as absent. */
function readStringProperty(value: object, key: string): string | undefined {
  try {
    const property = (value as Record<string, unknown>)[key];
    return typeof property === "string" ? property : undefined;
  } catch {
    return undefined;
  }
}

function truncate(message: string): string {
  if (message.length <= MAX_ERROR_MESSAGE_CHARS) return message;
  const dropped = message.length - MAX_ERROR_MESSAGE_CHARS;
  return `${message.slice(0, MAX_ERROR_MESSAGE_CHARS)}... [truncated ${dropped} characters]`;
}

function readStack(thrown: unknown): string[] | undefined {
  if (typeof thrown !== "object" || thrown === null) return undefined;
  const stack = readStringProperty(thrown, "stack");
  if (!stack) return undefined;
  // The first line repeats "Name: message"; frames follow.
  return stack
    .split("\n")
    .slice(1)
    .map((line) => relativizePaths(line.trim()))
    .filter((line) => line.length > 0);
}

/** Absolute paths outside the working directory keep only their file name. */
const ABSOLUTE_PATH_DIRS = /(?<![\w.\-])(?:file:\/\/)?(?:[A-Za-z]:)?[\\/](?:[^\s()\\/:]+[\\/])+/g;

export function relativizePaths(line: string): string {
  let result = line.replace(/file:\/\//g, "");
  const cwd = currentDirectory();
  if (cwd) result = result.split(cwd + "/").join("").split(cwd + "\\").join("");
  return result.replace(ABSOLUTE_PATH_DIRS, "");
}

function currentDirectory(): string | undefined {
  try {
    return typeof process !== "undefined" ? process.cwd() : undefined;
  } catch {
    return undefined;
  }
}
