/**
 * Errors of the runtime's two audiences:
 * - `DurableClientError`: the client API (console, CLI, HTTP routes). A machine-readable `code`
 *   plus an HTTP status hint; whenever one is thrown, nothing was written.
 * - `InvalidCheckpointError`: a checkpoint update the service refuses (Lambda's
 *   InvalidParameterValueException). The invocation client turns it into a
 *   DurableExecutionClientError of scope EXECUTION, which fails the execution.
 *
 * Both are recognised with `is()`, never `instanceof`: see sdk/utils/brand.
 */
import { brandOf, hasBrand } from "../utils/brand";

export const DurableClientErrorCode = {
  VALIDATION_ERROR: "VALIDATION_ERROR",
  FUNCTION_NOT_FOUND: "FUNCTION_NOT_FOUND",
  EXECUTION_NOT_FOUND: "EXECUTION_NOT_FOUND",
  EXECUTION_ALREADY_STARTED: "EXECUTION_ALREADY_STARTED",
  CALLBACK_NOT_FOUND: "CALLBACK_NOT_FOUND",
  CALLBACK_TIMEOUT: "CALLBACK_TIMEOUT",
  INVALID_STATE: "INVALID_STATE",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  OPERATION_NOT_FOUND: "OPERATION_NOT_FOUND",
  /** The code deployed now does not replay the recorded history (a redrive is refused unless forced). */
  NON_DETERMINISTIC: "NON_DETERMINISTIC",
  /** This process does not have the function's code (or it was built with another SDK): nothing to check with. */
  CODE_UNAVAILABLE: "CODE_UNAVAILABLE",
  /** No bulk job with this id (sdk/runtime/jobs). */
  JOB_NOT_FOUND: "JOB_NOT_FOUND",
} as const;
export type DurableClientErrorCode = (typeof DurableClientErrorCode)[keyof typeof DurableClientErrorCode];

/** HTTP status a route handler should answer with for each code (mirrors Lambda's exceptions). */
export const HTTP_STATUS_BY_CODE: Record<DurableClientErrorCode, number> = {
  VALIDATION_ERROR: 400,
  FUNCTION_NOT_FOUND: 404,
  EXECUTION_NOT_FOUND: 404,
  EXECUTION_ALREADY_STARTED: 409,
  CALLBACK_NOT_FOUND: 404,
  // Lambda's CallbackTimeoutException (the callback expired or was already closed) is a 400.
  CALLBACK_TIMEOUT: 400,
  INVALID_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  OPERATION_NOT_FOUND: 404,
  NON_DETERMINISTIC: 409,
  CODE_UNAVAILABLE: 409,
  JOB_NOT_FOUND: 404,
};

const DURABLE_CLIENT_ERROR = brandOf("DurableClientError");
const INVALID_CHECKPOINT_ERROR = brandOf("InvalidCheckpointError");

export class DurableClientError extends Error {
  readonly [DURABLE_CLIENT_ERROR] = true;
  readonly httpStatus: number;

  constructor(
    readonly code: DurableClientErrorCode,
    message: string,
    /** Per-field problems for VALIDATION_ERROR (path -> message). */
    readonly details?: Array<{ path: string; message: string }>,
  ) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = "DurableClientError";
    this.httpStatus = HTTP_STATUS_BY_CODE[code];
  }

  static is(error: unknown): error is DurableClientError {
    return hasBrand(error, DURABLE_CLIENT_ERROR);
  }

  toJSON(): { code: DurableClientErrorCode; message: string; details?: Array<{ path: string; message: string }> } {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export class InvalidCheckpointError extends Error {
  readonly [INVALID_CHECKPOINT_ERROR] = true;

  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = "InvalidParameterValueException";
  }

  static is(error: unknown): error is InvalidCheckpointError {
    return hasBrand(error, INVALID_CHECKPOINT_ERROR);
  }
}
