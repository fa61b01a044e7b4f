/**
 * Errors as Lambda answers them: the exception's name in the `x-amzn-ErrorType` header and a JSON
 * body `{ Type, Message }` with the exception's HTTP status, so `@aws-sdk/client-lambda` raises
 * its typed exception (`ResourceNotFoundException`, `InvalidParameterValueException`, ...) with
 * our message. Every error of the client API, the store and the checkpoint path has one AWS type
 * here; anything unexpected is a ServiceException (500) whose detail stays in the server log.
 */
import "server-only";
import { z } from "zod";
import { isDurableExecutionClientError } from "@/sdk/errors/durable-execution-client-error";
import { DurableClientError, type DurableClientErrorCode } from "@/sdk/runtime/errors";
import { StoreError } from "@/sdk/store/types";
import { ApiError } from "../http-error";
import { brandOf, hasBrand } from "@/sdk/utils/brand";

/** The Lambda exceptions this API answers, with their HTTP status (client-lambda's error shapes). */
export const AWS_ERROR_STATUS = {
  InvalidParameterValueException: 400,
  InvalidRequestContentException: 400,
  CallbackTimeoutException: 400,
  AccessDeniedException: 403,
  // Authentication (lib/server/aws/authenticate): no signature, unknown key, wrong signature, malformed.
  MissingAuthenticationTokenException: 403,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  IncompleteSignatureException: 403,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  MethodNotAllowedException: 405,
  DurableExecutionAlreadyStartedException: 409,
  ResourceConflictException: 409,
  RequestTooLargeException: 413,
  UnsupportedMediaTypeException: 415,
  TooManyRequestsException: 429,
  ServiceException: 500,
} as const;
export type AwsErrorType = keyof typeof AWS_ERROR_STATUS;

const AWS_ERROR = brandOf("AwsError");

/** Thrown by the AWS routes to answer a Lambda exception. */
export class AwsError extends Error {
  readonly [AWS_ERROR] = true;
  readonly status: number;

  constructor(
    readonly type: AwsErrorType,
    message: string,
    /** Extra response headers (Allow on a 405). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = type;
    this.status = AWS_ERROR_STATUS[type];
  }

  static is(error: unknown): error is AwsError {
    return hasBrand(error, AWS_ERROR);
  }
}

/** "User" for what the caller can fix, "Service" for our own failures (the field Lambda sends). */
function faultOf(status: number): "User" | "Service" {
  return status >= 500 ? "Service" : "User";
}

export function awsErrorJson(type: AwsErrorType, message: string, headers: Record<string, string> = {}): Response {
  const status = AWS_ERROR_STATUS[type];
  return Response.json(
    { Type: faultOf(status), Message: message },
    { status, headers: { ...headers, "x-amzn-ErrorType": type, "cache-control": "no-store" } },
  );
}

const TYPE_BY_CLIENT_CODE: Record<DurableClientErrorCode, AwsErrorType> = {
  VALIDATION_ERROR: "InvalidParameterValueException",
  FUNCTION_NOT_FOUND: "ResourceNotFoundException",
  EXECUTION_NOT_FOUND: "ResourceNotFoundException",
  CALLBACK_NOT_FOUND: "ResourceNotFoundException",
  EXECUTION_ALREADY_STARTED: "DurableExecutionAlreadyStartedException",
  CALLBACK_TIMEOUT: "CallbackTimeoutException",
  INVALID_STATE: "ResourceConflictException",
  PAYLOAD_TOO_LARGE: "RequestTooLargeException",
  // The Lambda API never resumes, reruns or checks code; an answer of ours it cannot meet.
  OPERATION_NOT_FOUND: "ResourceNotFoundException",
  NON_DETERMINISTIC: "ResourceConflictException",
  CODE_UNAVAILABLE: "ResourceConflictException",
  JOB_NOT_FOUND: "ResourceNotFoundException",
};

/** The AWS exception an error of ours is, or undefined for an unexpected one. */
export function awsErrorOf(error: unknown): AwsError | undefined {
  if (AwsError.is(error)) return error;
  if (DurableClientError.is(error)) return new AwsError(TYPE_BY_CLIENT_CODE[error.code], error.message);
  if (error instanceof z.ZodError) return new AwsError("InvalidParameterValueException", zodMessage(error));
  // An imported incident bundle's execution is read-only (lib/server/imported-executions).
  if (ApiError.is(error) && error.code === "IMPORTED_READ_ONLY") return new AwsError("ResourceConflictException", error.message);
  if (StoreError.is(error)) {
    if (error.code === "EXECUTION_NOT_FOUND") return new AwsError("ResourceNotFoundException", error.message);
    if (error.code === "INVALID_CURSOR") return new AwsError("InvalidParameterValueException", error.message);
    // A stale token is "Invalid Checkpoint Token" to the SDK: it ends the invocation, not the execution.
    if (error.code === "STALE_CHECKPOINT_TOKEN") return new AwsError("InvalidParameterValueException", `Invalid Checkpoint Token: ${error.message}`);
    return new AwsError("ResourceConflictException", error.message);
  }
  if (isDurableExecutionClientError(error)) {
    // The checkpoint path: a stale token (invocation scope, but the caller's to fix) and a refused
    // update (execution scope) are InvalidParameterValue, as Lambda answers them; any other
    // invocation-scope failure is transient on our side (a busy store), which the SDK retries.
    if (error.scope === "EXECUTION" || error.message.startsWith("Invalid Checkpoint Token")) {
      return new AwsError("InvalidParameterValueException", error.message);
    }
    return new AwsError("ServiceException", error.message);
  }
  return undefined;
}

export function awsErrorResponse(error: unknown): Response {
  const known = awsErrorOf(error);
  if (known) return awsErrorJson(known.type, known.message, known.headers);
  console.error("[aws api] unexpected error", error);
  return awsErrorJson("ServiceException", "The service could not complete this request; see the server log.");
}

function zodMessage(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "request"}: ${issue.message}`)
    .join("; ")
    .slice(0, 2000);
}
