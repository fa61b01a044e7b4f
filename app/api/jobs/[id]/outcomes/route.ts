import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { jobIdParam, jobOutcomesQuerySchema } from "@/lib/server/job-schemas";
import { listJobOutcomes } from "@/lib/server/queries/jobs";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/jobs/:id/outcomes?cursor=&limit= : what the job did to each execution, in order (viewer). */
  GET: defineRoute({ params: { id: jobIdParam }, query: jobOutcomesQuerySchema }, async ({ params, query }) =>
    json(await listJobOutcomes(params.id, query)),
  ),
});
