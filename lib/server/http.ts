/**
 * HTTP plumbing under every API route (lib/server/define-route declares them): error answers,
 * request bodies and query strings, and the guard. Every failure is `{ error: { code, message,
 * details? } }` with the status of its code (lib/server/error-codes); anything unexpected is a 500
 * with a generic message (the stack goes to the server log, never to the client).
 *
 * `guarded()` is the guard of every API route: reads (GET) need the viewer role, anything else the
 * operator role and a same-origin request (lib/server/auth/guard); 401 / 403 otherwise. Every
 * action request is written to the audit log with its outcome, refused ones included.
 */
import "server-only";
import { z } from "zod";
import { DurableClientError } from "@/sdk/runtime/errors";
import { StoreError } from "@/sdk/store/types";
import { BundleError } from "../bundle/errors";
import type { Principal, Role } from "../../shared/auth/roles";
import { becameAction } from "../../shared/audit/record";
import type { ApiErrorBody } from "../types";
import { AuditNote, auditRequest, type Outcome } from "./audit/log";
import { ForbiddenError, authorize, isSafeMethod } from "./auth/guard";
import { statusOf, type ConsoleErrorCode } from "./error-codes";
import { ApiError } from "./http-error";

export { ApiError } from "./http-error";

type Details = Array<{ path: string; message: string }>;

export function errorBody(code: ConsoleErrorCode, message: string, details?: Details): ApiErrorBody {
  return { error: details && details.length > 0 ? { code, message, details } : { code, message } };
}

/** A JSON error answer with the status of its code. */
export function errorJson(code: ConsoleErrorCode, message: string, init: { headers?: Record<string, string> } = {}): Response {
  return Response.json(errorBody(code, message), { status: statusOf(code), headers: init.headers });
}

export function errorResponse(error: unknown): Response {
  if (ApiError.is(error)) return Response.json(errorBody(error.code, error.message, error.details), { status: error.status });
  if (BundleError.is(error)) return Response.json(errorBody(error.code, error.message, error.details), { status: statusOf(error.code) });
  if (DurableClientError.is(error)) {
    return Response.json(errorBody(error.code, error.message, error.details), { status: statusOf(error.code) });
  }
  if (StoreError.is(error)) return Response.json(errorBody(error.code, error.message), { status: statusOf(error.code) });
  if (error instanceof z.ZodError) return Response.json(validationBody(error), { status: statusOf("VALIDATION_ERROR") });
  console.error("[console api] unexpected error", error);
  return errorJson("INTERNAL_ERROR", "The console could not complete this request; see the server log.");
}

function validationBody(error: z.ZodError): ApiErrorBody {
  const details = error.issues.map((issue) => ({ path: issue.path.join(".") || "(root)", message: issue.message }));
  const summary = details.map((d) => `${d.path}: ${d.message}`).join("; ");
  return errorBody("VALIDATION_ERROR", `Invalid request: ${summary}`, details);
}

/** What a guarded handler gets besides the request: who is asking, and the audit note to fill in. */
export interface RouteAuth {
  principal: Principal;
  audit: AuditNote;
}

/** The machine-readable code of an error, as errorResponse answers it. */
export function errorCodeOf(error: unknown): ConsoleErrorCode {
  if (ApiError.is(error)) return error.code;
  if (BundleError.is(error)) return error.code;
  if (DurableClientError.is(error)) return error.code;
  if (StoreError.is(error)) return error.code;
  if (error instanceof z.ZodError) return "VALIDATION_ERROR";
  return "INTERNAL_ERROR";
}

function outcomeOf(response: Response, failure: unknown): Outcome {
  if (response.ok) return { outcome: "succeeded" };
  if (failure === undefined) return { outcome: "failed", errorCode: `HTTP_${response.status}` };
  const code = errorCodeOf(failure);
  // Unexpected errors keep their text in the server log only, like the response does.
  const message = code === "INTERNAL_ERROR" ? undefined : failure instanceof z.ZodError ? "Invalid request" : (failure as Error).message;
  return { outcome: "failed", errorCode: code, message };
}

/**
 * Wraps a route handler: authenticates and authorizes the request, turns any throw into a JSON
 * error response, and audits every action (non-GET) request that became an action (`isAuditable`).
 * `role`: the role the route needs; by default viewer for GET/HEAD/OPTIONS and operator for the rest.
 */
export function guarded<C>(handler: (request: Request, context: C, auth: RouteAuth) => Promise<Response>, role?: Role) {
  return async (request: Request, context: C): Promise<Response> => {
    const acting = !isSafeMethod(request.method);
    let principal: Principal;
    try {
      principal = authorize(request, role ?? (acting ? "operator" : "viewer"));
    } catch (error) {
      if (acting && ForbiddenError.is(error)) {
        await auditRequest(request, error.principal, { outcome: "denied", errorCode: error.code, message: error.message });
      }
      return errorResponse(error);
    }
    const note = new AuditNote();
    let response: Response;
    let failure: unknown;
    try {
      response = await handler(request, context, { principal, audit: note });
    } catch (error) {
      failure = error;
      response = errorResponse(error);
    }
    if (acting) {
      const outcome = outcomeOf(response, failure);
      if (isAuditable(response.status, outcome.errorCode)) await auditRequest(request, principal, outcome, note);
    }
    return response;
  };
}

/**
 * What the audit log keeps: actions that happened, actions refused because of the state of what
 * they target (a callback already answered, an execution not in a redrivable state) and actions
 * denied to their caller. Malformed requests (invalid input, payloads past the limits) and requests
 * naming no existing execution or callback (404) never became actions: they are answered and
 * leave the store untouched, so a flood of garbage cannot fill the log (shared/audit/record
 * `becameAction`, the CLI's rule too).
 */
function isAuditable(status: number, errorCode: string | undefined): boolean {
  if (status === 404 || status === 413) return false;
  return status !== 400 || becameAction(errorCode);
}

/** Parses the query string with a zod object schema (first value of each key). */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params = new URL(request.url).searchParams;
  const raw: Record<string, string> = {};
  for (const [key, value] of params) if (!(key in raw)) raw[key] = value;
  return schema.parse(raw);
}

/**
 * The body's text, refused unless every byte the client declared arrived and it is UTF-8. A
 * body lost on its way in (an approval once reached its route empty, and was recorded as an
 * answer without a result) must be refused, never read as "no body".
 */
export async function bodyText(request: Request): Promise<string> {
  let bytes: ArrayBuffer;
  try {
    bytes = await request.arrayBuffer();
  } catch {
    throw new ApiError("BODY_UNREADABLE", "The request body could not be read; nothing was changed");
  }
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) !== bytes.byteLength) {
    throw new ApiError("BODY_UNREADABLE", `Only ${bytes.byteLength} of the ${declared} bytes of the request body arrived; nothing was changed`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError("VALIDATION_ERROR", "The request body is not valid UTF-8");
  }
}

/** Parses a JSON body; an empty body is `{}` so actions without options need none. */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const text = await bodyText(request);
  let json: unknown = {};
  if (text.trim() !== "") {
    try {
      json = JSON.parse(text);
    } catch {
      throw new ApiError("VALIDATION_ERROR", "The request body is not valid JSON");
    }
  }
  return schema.parse(json);
}

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store" } });
}

/**
 * The answer to a method a route does not serve: a JSON 405 with a code and an Allow header,
 * like every other API error (Next's own 405 has an empty body).
 */
export function methodNotAllowed(allowed: readonly string[]): Response {
  return errorJson("METHOD_NOT_ALLOWED", `This route accepts ${allowed.join(", ")} only`, { headers: { Allow: allowed.join(", ") } });
}
