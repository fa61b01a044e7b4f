import { startBodySchema, startExecution } from "@/lib/actions/executions";
import { parseFiltersStrict } from "@/lib/filters";
import { ApiError, json, parseBody, route } from "@/lib/http";
import { listExecutions } from "@/lib/queries/executions";

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

/** POST /api/executions {functionName, input?: JSON text, name?} : starts an execution. */
export const POST = route(async (request: Request) => {
  const started = await startExecution(await parseBody(request, startBodySchema));
  return json(started, started.alreadyExisted ? 200 : 201);
});
