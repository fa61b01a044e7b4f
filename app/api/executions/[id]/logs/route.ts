import { idParam, logsQuerySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { getLogs } from "@/lib/server/queries/history";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/executions/:id/logs?operationId=&after=&limit= */
  GET: defineRoute({ params: { id: idParam }, query: logsQuerySchema }, async ({ params, query }) => json(await getLogs(params.id, query))),
});
