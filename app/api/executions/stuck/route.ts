import { stuckQuerySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { listStuckExecutions } from "@/lib/server/queries/stuck";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * GET /api/executions/stuck?function=&dueGrace=&limit= : stuck RUNNING executions, oldest start
   * first, each with its reasons (dueGrace: seconds due and unclaimed before that counts, default 30).
   */
  GET: defineRoute({ query: stuckQuerySchema }, async ({ query }) =>
    json(await listStuckExecutions({ functionName: query.function, dueGraceSeconds: query.dueGrace, limit: query.limit })),
  ),
});
