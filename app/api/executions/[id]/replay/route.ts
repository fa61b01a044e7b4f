import { replayExecution } from "@/lib/server/actions/executions";
import { idParam, replayBodySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** POST /api/executions/:id/replay {input?: JSON text} : a new execution with the same (or an edited) input (operator). */
  POST: defineRoute({ params: { id: idParam }, body: replayBodySchema }, async ({ params, body, audit }) => {
    audit.details.editedInput = body.input !== undefined;
    const started = await replayExecution(params.id, body);
    audit.details.newExecutionId = started.executionId;
    return json(started, 201);
  }),
});
