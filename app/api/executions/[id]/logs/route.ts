import { z } from "zod";
import { idParam, json, methodNotAllowed, parseQuery, route } from "@/lib/server/http";
import { LOG_PAGE_MAX, getLogs } from "@/lib/server/queries/history";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const querySchema = z.object({
  operationId: z.string().min(1).max(64).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(LOG_PAGE_MAX).optional(),
});

/** GET /api/executions/:id/logs?operationId=&after=&limit= */
export const GET = route(async (request: Request, { params }: Context) => {
  const { id } = await params;
  return json(await getLogs(idParam.parse(id), parseQuery(request, querySchema)));
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
