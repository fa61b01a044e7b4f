import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { jobIdParam } from "@/lib/server/job-schemas";
import { getJob } from "@/lib/server/queries/jobs";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/jobs/:id : one job with its status and counts (its progress); 404 JOB_NOT_FOUND (viewer). */
  GET: defineRoute({ params: { id: jobIdParam } }, async ({ params }) => json(await getJob(params.id))),
});
