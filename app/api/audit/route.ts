import { z } from "zod";
import { listAuditEntries } from "@/lib/server/audit/queries";
import { json, methodNotAllowed, parseQuery, route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  execution: z.string().min(1).max(1024).optional(),
  cursor: z.string().min(1).max(4096).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** GET /api/audit?execution=&cursor=&limit= : the audit log, newest first (viewer). */
export const GET = route(async (request: Request) => {
  const query = parseQuery(request, querySchema);
  return json(await listAuditEntries({ executionId: query.execution, cursor: query.cursor, limit: query.limit }));
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
