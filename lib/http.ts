/**
 * HTTP plumbing for the route handlers: they validate input with zod, call one `lib/` function
 * and answer JSON. Every failure is `{ error: { code, message, details? } }` with a 4xx status
 * from the error's code; anything unexpected is a 500 with a generic message (the stack goes to
 * the server log, never to the client).
 */
import { z } from "zod";
import { DurableClientError } from "@/sdk/runtime/errors";
import { StoreError, type StoreErrorCode } from "@/sdk/store/types";
import type { ApiErrorBody } from "./types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Array<{ path: string; message: string }>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const STORE_ERROR_STATUS: Record<StoreErrorCode, number> = {
  EXECUTION_NOT_FOUND: 404,
  INVALID_CURSOR: 400,
  CONFLICT: 409,
  // Only a worker presents checkpoint tokens; seeing this here means a bug, but it is a conflict.
  STALE_CHECKPOINT_TOKEN: 409,
};

export function errorBody(code: string, message: string, details?: Array<{ path: string; message: string }>): ApiErrorBody {
  return { error: details && details.length > 0 ? { code, message, details } : { code, message } };
}

export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) return Response.json(errorBody(error.code, error.message, error.details), { status: error.status });
  if (DurableClientError.is(error)) {
    return Response.json(errorBody(error.code, error.message, error.details), { status: error.httpStatus });
  }
  if (error instanceof StoreError) {
    return Response.json(errorBody(error.code, error.message), { status: STORE_ERROR_STATUS[error.code] ?? 500 });
  }
  if (error instanceof z.ZodError) return Response.json(validationBody(error), { status: 400 });
  console.error("[console api] unexpected error", error);
  return Response.json(errorBody("INTERNAL_ERROR", "The console could not complete this request; see the server log."), {
    status: 500,
  });
}

function validationBody(error: z.ZodError): ApiErrorBody {
  const details = error.issues.map((issue) => ({ path: issue.path.join(".") || "(root)", message: issue.message }));
  const summary = details.map((d) => `${d.path}: ${d.message}`).join("; ");
  return errorBody("VALIDATION_ERROR", `Invalid request: ${summary}`, details);
}

/** Wraps a route handler so any throw becomes a JSON error response. */
export function route<C>(handler: (request: Request, context: C) => Promise<Response>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Parses the query string with a zod object schema (first value of each key). */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params = new URL(request.url).searchParams;
  const raw: Record<string, string> = {};
  for (const [key, value] of params) if (!(key in raw)) raw[key] = value;
  return schema.parse(raw);
}

/** Parses a JSON body; an empty body is `{}` so actions without options need none. */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const text = await request.text();
  let json: unknown = {};
  if (text.trim() !== "") {
    try {
      json = JSON.parse(text);
    } catch {
      throw new ApiError(400, "VALIDATION_ERROR", "The request body is not valid JSON");
    }
  }
  return schema.parse(json);
}

/** Path segments arrive URL-decoded; still refuse anything that cannot be an id or ARN. */
export const idParam = z.string().min(1).max(1024);

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store" } });
}
