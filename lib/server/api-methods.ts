/**
 * The methods each API route serves, by path. The route files are the truth; this table exists
 * for the one place that must answer before any route runs: the request gate, which refuses the
 * methods Next cannot carry to a route (TRACE, CONNECT, PROPFIND, ...) with the same 405 and
 * Allow header the route itself gives for PUT or DELETE. tests/security/api-methods.test.ts checks
 * the table against every route file, so the two cannot drift apart.
 */
import "server-only";

const SEGMENT = "[^/]+";

/** [path pattern, methods], the pattern in the route tree's own shape (`:id` for a dynamic segment). */
export const API_ROUTE_METHODS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["/api/auth/login", ["POST"]],
  ["/api/auth/logout", ["POST"]],
  ["/api/auth/session", ["GET"]],
  ["/api/audit", ["GET"]],
  ["/api/approvals", ["GET"]],
  ["/api/callbacks/answers", ["POST"]],
  ["/api/callbacks/:callbackId/succeed", ["POST"]],
  ["/api/callbacks/:callbackId/fail", ["POST"]],
  ["/api/callbacks/:callbackId/heartbeat", ["POST"]],
  ["/api/executions", ["GET", "POST"]],
  ["/api/executions/counts", ["GET"]],
  ["/api/executions/stuck", ["GET"]],
  ["/api/executions/bulk", ["POST"]],
  ["/api/executions/compare", ["GET"]],
  ["/api/executions/:id", ["GET"]],
  ["/api/executions/:id/stop", ["POST"]],
  ["/api/executions/:id/redrive", ["POST"]],
  ["/api/executions/:id/replay", ["POST"]],
  ["/api/executions/:id/rerun", ["POST"]],
  ["/api/executions/:id/redrive-preview", ["GET"]],
  ["/api/executions/:id/determinism", ["GET"]],
  ["/api/executions/:id/snapshot", ["GET"]],
  ["/api/executions/:id/cost", ["GET"]],
  ["/api/executions/:id/waiting", ["GET"]],
  ["/api/executions/:id/history", ["GET"]],
  ["/api/executions/:id/logs", ["GET"]],
  ["/api/executions/:id/operations", ["GET"]],
  ["/api/executions/:id/operations/:operationId", ["GET"]],
  ["/api/functions", ["GET"]],
  ["/api/functions/names", ["GET"]],
  ["/api/functions/start-options", ["GET"]],
  ["/api/health", ["GET"]],
  ["/api/workers", ["GET"]],
  ["/api/functions/determinism", ["GET"]],
  ["/api/jobs", ["GET", "POST"]],
  ["/api/jobs/:id", ["GET"]],
  ["/api/jobs/:id/outcomes", ["GET"]],
  ["/api/jobs/:id/cancel", ["POST"]],
  ["/api/executions/:id/bundle", ["GET"]],
  ["/api/bundles", ["GET", "POST"]],
  ["/api/bundles/:bundleId", ["GET", "DELETE"]],
  ["/api/functions/cost", ["GET"]],
];

const COMPILED = API_ROUTE_METHODS.map(([pattern, methods]) => {
  const source = pattern
    .split("/")
    .map((part) => (part.startsWith(":") ? SEGMENT : part))
    .join("/");
  return { regex: new RegExp(`^${source}/?$`), methods, literal: !pattern.includes(":") };
});

/**
 * The methods the API route at `pathname` serves, or undefined when no route is there. Literal
 * routes win over dynamic ones (`/api/executions/counts` is not an execution id), as in Next.
 */
export function apiMethodsAt(pathname: string): readonly string[] | undefined {
  const matches = COMPILED.filter((route) => route.regex.test(pathname));
  return (matches.find((route) => route.literal) ?? matches[0])?.methods;
}
