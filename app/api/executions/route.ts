import { startExecution } from "@/lib/server/actions/executions";
import { executionFiltersQuery, startBodySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { listExecutions } from "@/lib/server/queries/executions";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * GET /api/executions?status=FAILED,STOPPED&function=&q=&from=&to=&order=asc|desc&cursor=
   * One page of executions (newest first unless order=asc) and the cursor of the next.
   */
  GET: defineRoute({ query: executionFiltersQuery }, async ({ query }) => json(await listExecutions(query))),

  /** POST /api/executions {functionName, input?: JSON text, name?} : starts an execution (operator). */
  POST: defineRoute({ body: startBodySchema }, async ({ body, audit }) => {
    audit.details.functionName = body.functionName;
    const started = await startExecution(body);
    audit.executionId = started.executionId;
    if (started.alreadyExisted) audit.details.alreadyExisted = true;
    return json(started, started.alreadyExisted ? 200 : 201);
  }),
});
