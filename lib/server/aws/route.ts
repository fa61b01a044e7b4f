/**
 * How every AWS API route is declared (the Lambda paths under /2015-03-31/ and /2025-12-01/):
 * what it reads (path labels, query string, body: zod schemas), whether it reads or changes
 * state, and the handler that gets them validated. The layer:
 * - refuses requests a browser sent (an Origin, or Sec-Fetch-Site other than "none"): SDKs and
 *   the CLI send neither, and without the console's login and cross-site checks a page on another
 *   site must not be able to post here through the user's browser;
 * - authenticates (`authenticateAwsRequest`, the one call) and lets only an operator change state;
 * - answers every refusal and failure as Lambda does (lib/server/aws/errors), methods a route
 *   does not declare with 405 and an Allow header;
 * - records what a write command did in the audit log, as the console's actions are (who, what,
 *   which execution, how it ended), except requests that never became an action (malformed,
 *   naming nothing that exists) and a handler's own checkpoints (its traffic, not an action).
 */
import "server-only";
import { z } from "zod";
import { roleAllows, type Principal } from "../../../shared/auth/roles";
import { API_METHODS, type ApiMethod, type RouteContext, type RouteHandler } from "../define-route";
import { bodyText } from "../http";
import { ApiError } from "../http-error";
import type { AuditAction } from "../../../shared/audit/actions";
import { AuditNote, auditRequest, type Outcome } from "../audit/log";
import { authenticateAwsRequest } from "./authenticate";
import { AwsError, awsErrorJson, awsErrorOf, awsErrorResponse } from "./errors";

/** The largest body any command accepts: Invoke's synchronous payload limit (6 MB). */
export const MAX_AWS_BODY_BYTES = 6 * 1024 * 1024;

type Shape = Record<string, z.ZodType>;

export interface AwsCommandSpec<P extends Shape, Q extends z.ZodType | undefined, B extends z.ZodType | "raw" | undefined> {
  /** "read" commands serve any authenticated caller; "write" ones an operator only. */
  access: "read" | "write";
  /** The audit log's name for what a write command does; commands without one are not recorded. */
  action?: AuditAction;
  params?: P;
  /** Read from the query string: each key's values (an array when a key repeats). */
  query?: Q;
  /** A JSON body read by a schema, or "raw" for the body's text as sent (a payload). */
  body?: B;
}

export interface AwsCommandInput<P extends Shape, Q, B> {
  request: Request;
  principal: Principal;
  /** What the audit record says: the handler names the execution it acted on. */
  audit: AuditNote;
  params: { [K in keyof P]: z.output<P[K]> };
  query: Q extends z.ZodType ? z.output<Q> : undefined;
  body: B extends z.ZodType ? z.output<B> : B extends "raw" ? string : undefined;
}

export function awsCommand<P extends Shape = Record<never, z.ZodType>, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | "raw" | undefined = undefined>(
  spec: AwsCommandSpec<P, Q, B>,
  handler: (input: AwsCommandInput<P, Q, B>) => Promise<Response>,
): RouteHandler {
  return async (request: Request, context: RouteContext) => {
    let principal: Principal;
    try {
      const browser = browserProblem(request);
      if (browser) throw new AwsError("AccessDeniedException", browser);
      principal = await authenticateAwsRequest(request);
    } catch (error) {
      return awsErrorResponse(error);
    }
    const audit = new AuditNote();
    audit.action = spec.action;
    let response: Response;
    let failure: unknown;
    try {
      response = await run(request, context, principal, audit);
    } catch (error) {
      failure = error;
      response = awsErrorResponse(error);
    }
    if (spec.action !== undefined && becameAction(response, failure)) {
      await auditRequest(request, principal, outcomeOf(response, failure), audit);
    }
    return response;
  };

  async function run(request: Request, context: RouteContext, principal: Principal, audit: AuditNote): Promise<Response> {
    if (spec.access === "write" && !roleAllows(principal.role, "operator")) {
      throw new AwsError("AccessDeniedException", `${principal.name} has the viewer role: it may read, not change anything`);
    }
    const raw = spec.params ? ((await context?.params) ?? {}) : {};
    const params: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(spec.params ?? {})) {
      const parsed = schema.safeParse(raw[name]);
      if (!parsed.success) throw new AwsError("InvalidParameterValueException", `${name}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
      params[name] = parsed.data;
    }
    const query = spec.query === undefined ? undefined : spec.query.parse(queryObject(new URL(request.url).searchParams));
    const body = spec.body === undefined ? undefined : await readBody(request, spec.body);
    return handler({ request, principal, audit, params, query, body } as AwsCommandInput<P, Q, B>);
  }
}

/**
 * Did the request become an action (lib/server/http `isAuditable`, the AWS way)? Malformed
 * requests, payloads past the limits and requests naming nothing that exists did not.
 */
function becameAction(response: Response, failure: unknown): boolean {
  if (response.ok) return true;
  const type = awsErrorOf(failure)?.type;
  return type === "CallbackTimeoutException" || type === "ResourceConflictException" || type === "DurableExecutionAlreadyStartedException" || type === "AccessDeniedException";
}

function outcomeOf(response: Response, failure: unknown): Outcome {
  if (response.ok) return { outcome: "succeeded" };
  const known = awsErrorOf(failure);
  if (known?.type === "AccessDeniedException") return { outcome: "denied", errorCode: known.type, message: known.message };
  return known ? { outcome: "failed", errorCode: known.type, message: known.message } : { outcome: "failed", errorCode: "ServiceException" };
}

/** The route's exports: the declared methods, and Lambda-style 405 for every other one. */
export function awsRoute(declared: Partial<Record<ApiMethod, RouteHandler>>): Record<ApiMethod, RouteHandler> {
  const allowed = API_METHODS.filter((method) => declared[method] !== undefined).join(", ");
  const refuse: RouteHandler = async () => awsErrorJson("MethodNotAllowedException", `This resource accepts ${allowed} only`, { Allow: allowed });
  return Object.fromEntries(API_METHODS.map((method) => [method, declared[method] ?? refuse])) as Record<ApiMethod, RouteHandler>;
}

/** Why the request looks like a browser's (which this API never serves), or undefined. */
function browserProblem(request: Request): string | undefined {
  const site = request.headers.get("sec-fetch-site");
  if (request.headers.get("origin") !== null || (site !== null && site !== "none")) {
    return "The Lambda API does not accept requests from web pages; use an AWS SDK or the AWS CLI";
  }
  return undefined;
}

function queryObject(search: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

async function readBody(request: Request, spec: z.ZodType | "raw"): Promise<unknown> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_AWS_BODY_BYTES) {
    throw new AwsError("RequestTooLargeException", `The request body is ${declared} bytes; the limit is ${MAX_AWS_BODY_BYTES}`);
  }
  let text: string;
  try {
    text = await bodyText(request);
  } catch (error) {
    throw new AwsError("InvalidRequestContentException", ApiError.is(error) ? error.message : "The request body could not be read");
  }
  if (Buffer.byteLength(text) > MAX_AWS_BODY_BYTES) throw new AwsError("RequestTooLargeException", `The request body is larger than ${MAX_AWS_BODY_BYTES} bytes`);
  if (spec === "raw") return text;
  let json: unknown = {};
  if (text.trim() !== "") {
    try {
      json = JSON.parse(text);
    } catch {
      throw new AwsError("InvalidRequestContentException", "The request body is not valid JSON");
    }
  }
  return spec.parse(json);
}

/** A JSON answer as Lambda sends one. */
export function awsJson(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(data, { status, headers: { ...headers, "cache-control": "no-store" } });
}

/** Query-string booleans as the SDK writes them ("true" / "false"). */
export const queryBoolean = z.enum(["true", "false"]).transform((value) => value === "true");
/** A query-string integer in [min, max] (one reader for the console API and this one). */
export { queryInteger } from "../api-schemas";
