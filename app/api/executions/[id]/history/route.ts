import { historyQuerySchema, idParam } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { getHistory } from "@/lib/server/queries/history";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * GET /api/executions/:id/history?after=&until=&limit= : events with EventId > after (and
   * <= until), oldest first; nextCursor = the last EventId when more follow within that range.
   */
  GET: defineRoute({ params: { id: idParam }, query: historyQuerySchema }, async ({ params, query }) => json(await getHistory(params.id, query))),
});
