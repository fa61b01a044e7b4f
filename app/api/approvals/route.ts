import { z } from "zod";
import { FUNCTION_NAME } from "@/lib/filters";
import { json, methodNotAllowed, parseQuery, route } from "@/lib/server/http";
import { listPendingCallbacks } from "@/lib/server/queries/callbacks";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  function: z.string().regex(FUNCTION_NAME).optional(),
  cursor: z.string().min(1).max(4096).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** GET /api/approvals?function=&cursor=&limit= : pending callbacks, longest waiting first. */
export const GET = route(async (request: Request) => {
  const query = parseQuery(request, querySchema);
  return json(await listPendingCallbacks({ functionName: query.function, cursor: query.cursor, limit: query.limit }));
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
