import { stopBodySchema, stopExecution } from "@/lib/server/actions/executions";
import { idParam, json, methodNotAllowed, parseBody, route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** POST /api/executions/:id/stop {error?: {ErrorType?, ErrorMessage?}} (operator) */
export const POST = route(async (request: Request, { params }: Context) => {
  const { id } = await params;
  return json(await stopExecution(idParam.parse(id), await parseBody(request, stopBodySchema)));
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
