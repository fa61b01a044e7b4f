import { idParam, json, methodNotAllowed, route } from "@/lib/server/http";
import { getOperationDetail } from "@/lib/server/queries/operations";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; operationId: string }> };

/** GET /api/executions/:id/operations/:operationId : the operation, its attempts and events. */
export const GET = route(async (_request: Request, { params }: Context) => {
  const { id, operationId } = await params;
  return json(await getOperationDetail(idParam.parse(id), idParam.parse(operationId)));
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
