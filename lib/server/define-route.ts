/**
 * How every API route is declared: what it reads (path parameters, query string, body, each a
 * zod schema from lib/server/api-schemas), the role it needs, and the handler that gets them
 * validated. A route file is one `apiRoute({ GET: defineRoute(...), ... })`; the methods it does
 * not declare answer 405 with an Allow header naming the ones it does (the same table the request
 * gate answers from, lib/server/api-methods, which tests/security/api-methods.test.ts holds to
 * the route files).
 *
 * Validation runs before the handler, in the order params, query, body; the first refusal is the
 * answer (400 VALIDATION_ERROR naming the field, lib/server/http). A new route is its own file
 * plus one line in the methods table.
 */
import "server-only";
import type { z } from "zod";
import type { Role } from "../../shared/auth/roles";
import { guarded, methodNotAllowed, parseBody, parseQuery, type RouteAuth } from "./http";

export const API_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type ApiMethod = (typeof API_METHODS)[number];

/** What Next passes a route handler besides the request (tests may pass nothing). */
export type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> } | undefined;
export type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

/** A query string read by a schema (first value of each key), or by a parser of its own. */
type QuerySpec = z.ZodType | ((search: URLSearchParams) => unknown);
type QueryOf<Q> = Q extends z.ZodType ? z.output<Q> : Q extends (search: URLSearchParams) => infer T ? T : undefined;

export interface RouteSpec<P extends Record<string, z.ZodType>, Q extends QuerySpec | undefined, B extends z.ZodType | undefined> {
  params?: P;
  query?: Q;
  body?: B;
  /** By default viewer for GET and operator for the rest (lib/server/http `guarded`). */
  role?: Role;
}

export interface RouteInput<P extends Record<string, z.ZodType>, Q, B> extends RouteAuth {
  request: Request;
  params: { [K in keyof P]: z.output<P[K]> };
  query: QueryOf<Q>;
  body: B extends z.ZodType ? z.output<B> : undefined;
}

export function defineRoute<
  P extends Record<string, z.ZodType> = Record<never, z.ZodType>,
  Q extends QuerySpec | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<P, Q, B>, handler: (input: RouteInput<P, Q, B>) => Promise<Response>): RouteHandler {
  return guarded<RouteContext>(async (request, context, auth) => {
    const raw = spec.params ? ((await context?.params) ?? {}) : {};
    const params: Record<string, unknown> = {};
    // One parameter at a time, each refusal naming the value itself, as the API always has.
    for (const [name, schema] of Object.entries(spec.params ?? {})) params[name] = schema.parse(raw[name]);
    const query = spec.query === undefined ? undefined : readQuery(request, spec.query);
    const body = spec.body === undefined ? undefined : await parseBody(request, spec.body);
    return handler({ request, ...auth, params, query, body } as RouteInput<P, Q, B>);
  }, spec.role);
}

function readQuery(request: Request, spec: QuerySpec): unknown {
  return typeof spec === "function" ? spec(new URL(request.url).searchParams) : parseQuery(request, spec);
}

/** The route's exports: the declared methods, and a JSON 405 for every other one. */
export function apiRoute(declared: Partial<Record<ApiMethod, RouteHandler>>): Record<ApiMethod, RouteHandler> {
  const allowed = API_METHODS.filter((method) => declared[method] !== undefined);
  const refuse: RouteHandler = async () => methodNotAllowed(allowed);
  return Object.fromEntries(API_METHODS.map((method) => [method, declared[method] ?? refuse])) as Record<ApiMethod, RouteHandler>;
}
