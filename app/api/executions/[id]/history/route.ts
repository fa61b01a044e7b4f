import { z } from "zod";
import { idParam, json, methodNotAllowed, parseQuery, route } from "@/lib/server/http";
import { HISTORY_PAGE_MAX, getHistory } from "@/lib/server/queries/history";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const querySchema = z
  .object({
    after: z.coerce.number().int().min(0).optional(),
    /** Inclusive upper EventId: with `after`, a fixed slice of the (dense) history, so slices can be read in parallel. */
    until: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_MAX).optional(),
  })
  .refine((q) => q.until === undefined || q.until > (q.after ?? 0), { path: ["until"], message: "must be greater than after" });

/**
 * GET /api/executions/:id/history?after=&until=&limit= : events with EventId > after (and
 * <= until), oldest first; nextCursor = the last EventId when more follow within that range.
 */
export const GET = route(async (request: Request, { params }: Context) => {
  const { id } = await params;
  const query = parseQuery(request, querySchema);
  return json(await getHistory(idParam.parse(id), query));
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
