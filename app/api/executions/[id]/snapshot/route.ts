import { z } from "zod";
import { idParam, json, methodNotAllowed, parseQuery, route } from "@/lib/server/http";
import { getExecutionSnapshot } from "@/lib/server/queries/execution-snapshot";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const querySchema = z.object({ knownVersion: z.coerce.number().int().min(0).optional() });

/**
 * GET /api/executions/:id/snapshot?knownVersion= : the execution and its operations read as one
 * consistent snapshot (what the execution page polls). With `knownVersion` equal to the
 * execution's current version the operations are left out: the caller already holds them.
 */
export const GET = route(async (request: Request, { params }: Context) => {
  const { id } = await params;
  const query = parseQuery(request, querySchema);
  return json(await getExecutionSnapshot(idParam.parse(id), query));
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
