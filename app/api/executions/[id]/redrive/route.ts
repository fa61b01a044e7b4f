import { redriveExecution } from "@/lib/server/actions/executions";
import { idParam } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** POST /api/executions/:id/redrive : continue a FAILED, TIMED_OUT or STOPPED execution from its checkpoints. (operator) */
  POST: defineRoute({ params: { id: idParam } }, async ({ params }) => json(await redriveExecution(params.id))),
});
