import { approvalsQuerySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { listPendingCallbacks } from "@/lib/server/queries/callbacks";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * GET /api/approvals?function=&name=&sort=waiting|deadline&cursor=&limit= : pending callbacks,
   * longest waiting first, or soonest deadline first (no deadline last).
   */
  GET: defineRoute({ query: approvalsQuerySchema }, async ({ query }) =>
    json(await listPendingCallbacks({ functionName: query.function, name: query.name, sort: query.sort, cursor: query.cursor, limit: query.limit })),
  ),
});
