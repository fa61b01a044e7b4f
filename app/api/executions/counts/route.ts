import { countFilters } from "@/lib/filters";
import { executionFiltersQuery } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { countExecutions } from "@/lib/server/queries/executions";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/executions/counts?function=&q=&from=&to= : executions per status under those filters. */
  GET: defineRoute({ query: executionFiltersQuery }, async ({ query }) => json(await countExecutions(countFilters(query)))),
});
