import { functionDeterminismQuerySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { checkRecentExecutions } from "@/lib/server/queries/resume";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/functions/determinism?function=f&last=100 : the function's newest executions checked against the code here. */
  GET: defineRoute({ query: functionDeterminismQuerySchema }, async ({ query }) => json(await checkRecentExecutions(query.function, query.last))),
});
