import { executionCostQuerySchema, idParam } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { getExecutionCost } from "@/lib/server/queries/cost";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * GET /api/executions/:id/cost?memoryMb=&retentionDays= : compute, waiting and replay time,
   * operations and payload bytes, each against Lambda's limit, the warnings, and a bill estimate.
   */
  GET: defineRoute({ params: { id: idParam }, query: executionCostQuerySchema }, async ({ params, query }) => json(await getExecutionCost(params.id, query))),
});
