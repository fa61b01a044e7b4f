import { redriveExecution } from "@/lib/server/actions/executions";
import { idParam, json, methodNotAllowed, route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** POST /api/executions/:id/redrive : continue a FAILED, TIMED_OUT or STOPPED execution from its checkpoints. (operator) */
export const POST = route(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  return json(await redriveExecution(idParam.parse(id)));
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
