import { runBulkAction } from "@/lib/server/actions/bulk";
import { bulkBodySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { ApiError, json } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * POST /api/executions/bulk {action: "stop"|"redrive", executionIds: [...]} : per-execution results
   * (operator). Audited as one record per execution.
   */
  POST: defineRoute({ body: bulkBodySchema }, async ({ body, audit }) => {
    audit.action = `execution.${body.action}`;
    const result = await runBulkAction(body);
    // Naming nothing that exists is a bad request, not a batch of failures (and not an action).
    if (result.results.every((r) => r.error?.code === "EXECUTION_NOT_FOUND")) {
      throw new ApiError("EXECUTION_NOT_FOUND", `None of the ${result.results.length} executions named exists`);
    }
    audit.items = result.results.map((r) => ({ executionId: r.executionId, ok: r.ok, errorCode: r.error?.code, message: r.error?.message }));
    return json(result);
  }),
});
