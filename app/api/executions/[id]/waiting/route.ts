import { diagnosisQuerySchema, idParam } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { explainExecution } from "@/lib/server/queries/stuck";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/executions/:id/waiting?dueGrace= : what the execution waits on, in words, and why it is stuck, if it is. */
  GET: defineRoute({ params: { id: idParam }, query: diagnosisQuerySchema }, async ({ params, query }) =>
    json(await explainExecution(params.id, { dueGraceSeconds: query.dueGrace })),
  ),
});
