import { auditQuerySchema } from "@/lib/server/api-schemas";
import { listAuditEntries } from "@/lib/server/audit/queries";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/audit?execution=&cursor=&limit= : the audit log, newest first (viewer). */
  GET: defineRoute({ query: auditQuerySchema }, async ({ query }) =>
    json(await listAuditEntries({ executionId: query.execution, cursor: query.cursor, limit: query.limit })),
  ),
});
