import { idParam } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { getRedrivePlan } from "@/lib/server/queries/resume";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * GET /api/executions/:id/redrive-preview : what a redrive would do (which operations replay,
   * run again and with which attempt, get new callback ids) and the determinism check against the
   * code the console has; without it, the check run by a worker that has the code ("checking"
   * until it answers: the first ask stores the check as a job), or "unavailable" with why.
   */
  GET: defineRoute({ params: { id: idParam } }, async ({ params, principal }) => json(await getRedrivePlan(params.id, principal))),
});
