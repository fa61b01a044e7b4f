import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { listFunctionNamesForConsole } from "@/lib/server/queries/functions";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/functions/names : registered durable functions and any with executions (filter and start options). */
  GET: defineRoute({}, async () => json(await listFunctionNamesForConsole())),
});
