import { idParam } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { getExecution } from "@/lib/server/queries/executions";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/executions/:idOrArn */
  GET: defineRoute({ params: { id: idParam } }, async ({ params }) => json(await getExecution(params.id))),
});
