import { bulkBodySchema, runBulkAction } from "@/lib/server/actions/bulk";
import { ApiError, json, methodNotAllowed, parseBody, route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/**
 * POST /api/executions/bulk {action: "stop"|"redrive", executionIds: [...]} : per-execution results
 * (operator). Audited as one record per execution.
 */
export const POST = route(async (request: Request, _context: unknown, { audit }) => {
  const body = await parseBody(request, bulkBodySchema);
  audit.action = `execution.${body.action}`;
  const result = await runBulkAction(body);
  // Naming nothing that exists is a bad request, not a batch of failures (and not an action).
  if (result.results.every((r) => r.error?.code === "EXECUTION_NOT_FOUND")) {
    throw new ApiError(404, "EXECUTION_NOT_FOUND", `None of the ${result.results.length} executions named exists`);
  }
  audit.items = result.results.map((r) => ({ executionId: r.executionId, ok: r.ok, errorCode: r.error?.code, message: r.error?.message }));
  return json(result);
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
