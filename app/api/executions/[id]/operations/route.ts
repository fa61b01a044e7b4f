import { idParam, json, methodNotAllowed, route } from "@/lib/server/http";
import { listOperations } from "@/lib/server/queries/operations";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** GET /api/executions/:id/operations : every Durable Operation in start order. */
export const GET = route(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  return json(await listOperations(idParam.parse(id)));
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
