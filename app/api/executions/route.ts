import { startBodySchema, startExecution } from "@/lib/server/actions/executions";
import { parseFiltersStrict } from "@/lib/filters";
import { ApiError, json, methodNotAllowed, parseBody, route } from "@/lib/server/http";
import { listExecutions } from "@/lib/server/queries/executions";

export const dynamic = "force-dynamic";

/**
 * GET /api/executions?status=FAILED,STOPPED&function=&q=&from=&to=&order=asc|desc&cursor=
 * One page of executions (newest first unless order=asc) and the cursor of the next.
 */
export const GET = route(async (request: Request) => {
  const parsed = parseFiltersStrict(new URL(request.url).searchParams);
  if (!parsed.ok) {
    const details = parsed.problems.map((p) => ({ path: p.param, message: p.message }));
    throw new ApiError(400, "VALIDATION_ERROR", `Invalid query: ${details.map((d) => `${d.path} ${d.message}`).join("; ")}`, details);
  }
  return json(await listExecutions(parsed.filters));
});

/** POST /api/executions {functionName, input?: JSON text, name?} : starts an execution (operator). */
export const POST = route(async (request: Request, _context: unknown, { audit }) => {
  const body = await parseBody(request, startBodySchema);
  audit.details.functionName = body.functionName;
  const started = await startExecution(body);
  audit.executionId = started.executionId;
  if (started.alreadyExisted) audit.details.alreadyExisted = true;
  return json(started, started.alreadyExisted ? 200 : 201);
});

export const PUT = methodNotAllowed("GET", "POST");
export const PATCH = methodNotAllowed("GET", "POST");
export const DELETE = methodNotAllowed("GET", "POST");
