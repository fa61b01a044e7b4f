import { rerunFromOperation } from "@/lib/server/actions/resume";
import { idParam, rerunBodySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * POST /api/executions/:id/rerun {fromOperationId, input?, force?} : rerun from a step, a new
   * execution keeping the checkpoints before that operation; 409 NON_DETERMINISTIC when the code
   * here does not replay them, unless force (operator).
   */
  POST: defineRoute({ params: { id: idParam }, body: rerunBodySchema }, async ({ params, body, audit }) => {
    audit.details.fromOperationId = body.fromOperationId;
    audit.details.editedInput = body.input !== undefined;
    if (body.force) audit.details.force = true;
    const fork = await rerunFromOperation(params.id, body);
    audit.details.newExecutionId = fork.executionId;
    return json(fork, 201);
  }),
});
