/**
 * A remote durable function: its handler runs in another process, and the worker invokes it over
 * HTTP in Lambda's invoke shape, as the Lambda Runtime Interface Emulator, `sam local
 * start-lambda` and `durable serve-handlers` serve it:
 *
 *   POST {endpoint}/2015-03-31/functions/{functionName}/invocations
 *   body: {"DurableExecutionArn", "CheckpointToken", "InitialExecutionState"}   (what the official SDK reads)
 *   200:  {"Status": "SUCCEEDED" | "FAILED" | "PENDING", "Result"?, "Error"?}
 *
 * The handler checkpoints back through the console's Lambda API with the token it was given, so
 * the worker's own client never sees those checkpoints; remote-session.ts follows them. Whatever
 * goes wrong on the way (connection refused or reset, a killed process, a non-200 answer, a body
 * that is not JSON, a function error) is thrown here and becomes an invocation error, retried
 * with backoff exactly as for an in-process handler that throws.
 */
import type { DurableExecutionInvocationInput } from "../types/wire";
import { FUNCTION_NAME_PATTERN } from "./arns";
import type { LambdaContext } from "./lambda-context";

export interface RemoteTarget {
  /** Base URL of the process serving the handler, without a trailing slash. */
  endpoint: string;
  /** The name the serving process knows the handler by (defaults to the registered name). */
  functionName: string;
}

/** The error a remote invocation failed with: the worker stores it as the invocation's error. */
export class RemoteInvocationError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = errorType;
  }
}

/** Checks and normalises a remote target; a TypeError names the function when it is unusable. */
export function remoteTargetOf(name: string, target: { endpoint: unknown; functionName?: unknown }): RemoteTarget {
  const endpoint = typeof target?.endpoint === "string" ? target.endpoint.trim() : "";
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash || url.username || url.password) {
    throw new TypeError(`the remote endpoint of ${name} must be an http(s) URL without query or credentials, like http://127.0.0.1:9001; got ${JSON.stringify(target?.endpoint)}`);
  }
  const functionName = target.functionName ?? name;
  if (typeof functionName !== "string" || !FUNCTION_NAME_PATTERN.test(functionName)) {
    throw new TypeError(`the remote function name of ${name} must be 1-64 letters, digits, '-' or '_', got ${JSON.stringify(functionName)}`);
  }
  return { endpoint: url.href.replace(/\/+$/, ""), functionName };
}

/** The invoke URL of a remote target. */
export function invokeUrl(target: RemoteTarget): string {
  return `${target.endpoint}/2015-03-31/functions/${encodeURIComponent(target.functionName)}/invocations`;
}

/**
 * The handler the worker calls for a remote function: it sends the invocation's payload (never
 * the worker's in-process client) and returns the remote handler's output for the worker to read
 * as it reads an in-process one. The request is cut off when the invocation's time is up.
 */
export function remoteHandler(target: RemoteTarget) {
  return async (event: DurableExecutionInvocationInput, context: LambdaContext): Promise<unknown> => {
    const payload = {
      DurableExecutionArn: event.DurableExecutionArn,
      CheckpointToken: event.CheckpointToken,
      InitialExecutionState: event.InitialExecutionState,
    };
    let response: Response;
    try {
      response = await fetch(invokeUrl(target), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-amz-invocation-type": "RequestResponse",
          // The runtime API's name for the request id: the host hands it to the handler's context.
          "lambda-runtime-aws-request-id": context.awsRequestId,
        },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(Math.max(1, context.getRemainingTimeInMillis())),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new RemoteInvocationError("Runtime.RemoteUnreachable", `could not invoke ${target.functionName} at ${target.endpoint}: ${why}`);
    }
    const text = await readBody(response, target);
    const body = parseJson(text);
    const functionError = response.headers.get("x-amz-function-error");
    if (response.status !== 200 || functionError) {
      const reported = body as { errorType?: unknown; errorMessage?: unknown; Message?: unknown; message?: unknown } | undefined;
      // A function error names its type in the body (Lambda's shape); a service error in x-amzn-ErrorType.
      const declared = functionError ? reported?.errorType : response.headers.get("x-amzn-errortype")?.split(":")[0];
      const type = stringOr(declared, functionError ? `Runtime.${functionError}` : `Runtime.RemoteHttp${response.status}`);
      const message = stringOr(reported?.errorMessage ?? reported?.Message ?? reported?.message, text.slice(0, 1000) || `HTTP ${response.status}`);
      throw new RemoteInvocationError(type, `${target.functionName} at ${target.endpoint} answered ${response.status}: ${message}`);
    }
    if (body === undefined) {
      throw new RemoteInvocationError("Runtime.InvalidResponse", `${target.functionName} at ${target.endpoint} answered a body that is not JSON: ${text.slice(0, 200)}`);
    }
    return body;
  };
}

async function readBody(response: Response, target: RemoteTarget): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw new RemoteInvocationError("Runtime.RemoteUnreachable", `the answer of ${target.functionName} at ${target.endpoint} was cut off: ${(error as Error).message}`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" && value.length > 0 ? value : fallback;
}
