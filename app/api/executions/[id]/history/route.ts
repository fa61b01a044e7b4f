import { z } from "zod";
import { idParam, json, methodNotAllowed, parseQuery, route } from "@/lib/http";
import { HISTORY_PAGE_MAX, getHistory } from "@/lib/queries/history";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const querySchema = z.object({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_MAX).optional(),
});

/** GET /api/executions/:id/history?after=&limit= : events with EventId > after, oldest first. */
export const GET = route(async (request: Request, { params }: Context) => {
  const { id } = await params;
  const query = parseQuery(request, querySchema);
  return json(await getHistory(idParam.parse(id), query));
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
