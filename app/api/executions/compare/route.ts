import { compareQuerySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { getRunComparison } from "@/lib/server/queries/compare";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * GET /api/executions/compare?a=&b= : two runs side by side (ids or ARNs): the input diff, the
   * operations aligned by id with what differs, and the first divergence in words.
   */
  GET: defineRoute({ query: compareQuerySchema }, async ({ query }) => json(await getRunComparison(query.a, query.b))),
});
