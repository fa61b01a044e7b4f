import { cancelJob } from "@/lib/server/actions/jobs";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { jobIdParam } from "@/lib/server/job-schemas";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * POST /api/jobs/:id/cancel : cancels the job, at once when no worker runs it, else between two
   * batches (the answer then has cancelRequested); 409 INVALID_STATE when it has ended (operator).
   */
  POST: defineRoute({ params: { id: jobIdParam } }, async ({ params, audit }) => {
    audit.details.jobId = params.id;
    return json(await cancelJob(params.id));
  }),
});
