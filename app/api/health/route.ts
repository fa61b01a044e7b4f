import { diagnosisQuerySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { getHealth } from "@/lib/server/queries/stuck";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/health?dueGrace= : workers alive, their functions, the oldest due execution and the stuck count. */
  GET: defineRoute({ query: diagnosisQuerySchema }, async ({ query }) => json(await getHealth({ dueGraceSeconds: query.dueGrace }))),
});
