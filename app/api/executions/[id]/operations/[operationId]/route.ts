import { idParam } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { getOperationDetail } from "@/lib/server/queries/operations";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/executions/:id/operations/:operationId : the operation, its attempts and events. */
  GET: defineRoute({ params: { id: idParam, operationId: idParam } }, async ({ params }) =>
    json(await getOperationDetail(params.id, params.operationId)),
  ),
});
