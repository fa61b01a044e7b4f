import { createJob, previewJob } from "@/lib/server/actions/jobs";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { createJobBodySchema, listJobsQuerySchema } from "@/lib/server/job-schemas";
import { listJobs } from "@/lib/server/queries/jobs";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/jobs?cursor=&limit= : bulk jobs, newest first (viewer). */
  GET: defineRoute({ query: listJobsQuerySchema }, async ({ query }) => json(await listJobs(query))),
  /**
   * POST /api/jobs {action, query, answer?, ratePerSecond?, batchSize?, preview?} : with preview,
   * what the job would do ({preview}); without, the stored job and its preview (201), run by a
   * worker (operator). Bad input is 400 VALIDATION_ERROR naming the field, and stores nothing.
   */
  POST: defineRoute({ body: createJobBodySchema }, async ({ body, principal, audit }) => {
    const { preview, ...input } = body;
    if (preview) {
      audit.action = "job.preview";
      return json({ preview: await previewJob(input) });
    }
    const created = await createJob(input, principal);
    audit.details.jobId = created.job.jobId;
    audit.details.kind = created.job.kind;
    audit.details.matched = created.preview.matched;
    return json(created, 201);
  }),
});
