import { countFilters, parseFiltersStrict } from "@/lib/filters";
import { ApiError, json, methodNotAllowed, route } from "@/lib/server/http";
import { countExecutions } from "@/lib/server/queries/executions";

export const dynamic = "force-dynamic";

/** GET /api/executions/counts?function=&q=&from=&to= : executions per status under those filters. */
export const GET = route(async (request: Request) => {
  const parsed = parseFiltersStrict(new URL(request.url).searchParams);
  if (!parsed.ok) throw new ApiError(400, "VALIDATION_ERROR", problemsText(parsed.problems), parsed.problems.map(toDetail));
  return json(await countExecutions(countFilters(parsed.filters)));
});

function problemsText(problems: Array<{ param: string; message: string }>): string {
  return `Invalid query: ${problems.map((p) => `${p.param} ${p.message}`).join("; ")}`;
}
function toDetail(problem: { param: string; message: string }) {
  return { path: problem.param, message: problem.message };
}

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
