import { idParam } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { checkDeterminism } from "@/lib/server/queries/resume";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * GET /api/executions/:id/determinism : replays the recorded history through the code the
   * console has, running no step and writing nothing: "compatible" or the first mismatch
   * (409 CODE_UNAVAILABLE when the console has no code for the function).
   */
  GET: defineRoute({ params: { id: idParam } }, async ({ params }) => json(await checkDeterminism(params.id))),
});
