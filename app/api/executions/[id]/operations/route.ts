import { idParam } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { listOperations } from "@/lib/server/queries/operations";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/executions/:id/operations : every Durable Operation in start order. */
  GET: defineRoute({ params: { id: idParam } }, async ({ params }) => json(await listOperations(params.id))),
});
