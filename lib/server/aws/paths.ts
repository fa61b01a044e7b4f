/**
 * Which request paths are the Lambda API's (the console serves them beside its own /api): Invoke
 * under /2015-03-31/, the durable operations under /2025-12-01/. Imports nothing, so the proxy
 * and the request gate can both use it.
 */
export const AWS_API_PREFIXES = ["/2015-03-31/", "/2025-12-01/"] as const;

export function isAwsApiPath(pathname: string): boolean {
  return AWS_API_PREFIXES.some((prefix) => pathname.startsWith(prefix) || pathname === prefix.slice(0, -1));
}

const LABEL = "[^/]+";

/** The methods each Lambda API route serves (the route files under app/2015-03-31 and app/2025-12-01 are the truth). */
export const AWS_ROUTE_METHODS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["/2015-03-31/functions/:FunctionName/invocations", ["POST"]],
  ["/2025-12-01/functions/:FunctionName/durable-executions", ["GET"]],
  ["/2025-12-01/durable-executions/:arn", ["GET"]],
  ["/2025-12-01/durable-executions/:arn/history", ["GET"]],
  ["/2025-12-01/durable-executions/:arn/state", ["GET"]],
  ["/2025-12-01/durable-executions/:arn/checkpoint", ["POST"]],
  ["/2025-12-01/durable-executions/:arn/stop", ["POST"]],
  ["/2025-12-01/durable-execution-callbacks/:CallbackId/succeed", ["POST"]],
  ["/2025-12-01/durable-execution-callbacks/:CallbackId/fail", ["POST"]],
  ["/2025-12-01/durable-execution-callbacks/:CallbackId/heartbeat", ["POST"]],
];

const COMPILED = AWS_ROUTE_METHODS.map(([pattern, methods]) => ({
  regex: new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, LABEL)}/?$`),
  methods,
}));

/** The methods the Lambda API route at `pathname` serves, or undefined when none is there. */
export function awsMethodsAt(pathname: string): readonly string[] | undefined {
  return COMPILED.find((route) => route.regex.test(pathname))?.methods;
}
