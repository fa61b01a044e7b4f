import { stopExecution } from "@/lib/server/actions/executions";
import { idParam, stopBodySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** POST /api/executions/:id/stop {error?: {ErrorType?, ErrorMessage?}} (operator) */
  POST: defineRoute({ params: { id: idParam }, body: stopBodySchema }, async ({ params, body }) => json(await stopExecution(params.id, body))),
});
