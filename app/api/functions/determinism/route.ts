import { functionDeterminismQuerySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { checkRecentExecutions } from "@/lib/server/queries/resume";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * GET /api/functions/determinism?function=f&last=100 : the function's newest executions checked
   * against the code here. Without it, a worker that registered the function checks them: 202
   * with the check (`jobId`, `status: "checking"`) until it answers; ask again with `&check=<jobId>`
   * for 200 with its `summary`. 409 CODE_UNAVAILABLE when no live worker has the function either.
   */
  GET: defineRoute({ query: functionDeterminismQuerySchema }, async ({ query, principal }) => {
    const answer = await checkRecentExecutions(query.function, { last: query.last, check: query.check }, principal);
    return json(answer.body, answer.status);
  }),
});
