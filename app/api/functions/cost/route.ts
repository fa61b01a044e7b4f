import { functionCostQuerySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { getFunctionCost } from "@/lib/server/queries/cost";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/functions/cost?function=f&last=20&memoryMb=&retentionDays= : the function's newest executions' cost, summed and per run. */
  GET: defineRoute({ query: functionCostQuerySchema }, async ({ query: { function: functionName, ...rest } }) => json(await getFunctionCost(functionName, rest))),
});
