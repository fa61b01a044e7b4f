import { redriveExecution } from "@/lib/server/actions/executions";
import { idParam, redriveBodySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * POST /api/executions/:id/redrive {force?} : continue a FAILED, TIMED_OUT or STOPPED execution
   * from its checkpoints; 409 NON_DETERMINISTIC when the code the console has does not replay its
   * history, unless force. (operator)
   */
  POST: defineRoute({ params: { id: idParam }, body: redriveBodySchema }, async ({ params, body, audit }) => {
    if (body.force) audit.details.force = true;
    return json(await redriveExecution(params.id, body));
  }),
});
