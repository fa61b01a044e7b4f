import { functionsQuerySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { listFunctionSummaries } from "@/lib/server/queries/functions";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * GET /api/functions?range=1h|24h|7d : each function with counts per status (all time) and its
   * recent window (success rate, duration p50/p95, executions over time; default 24h).
   */
  GET: defineRoute({ query: functionsQuerySchema }, async ({ query }) => json(await listFunctionSummaries(query))),
});
