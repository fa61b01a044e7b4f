import { replayBodySchema, replayExecution } from "@/lib/server/actions/executions";
import { idParam, json, methodNotAllowed, parseBody, route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** POST /api/executions/:id/replay {input?: JSON text} : a new execution with the same (or an edited) input (operator). */
export const POST = route(async (request: Request, { params }: Context, { audit }) => {
  const { id } = await params;
  const body = await parseBody(request, replayBodySchema);
  audit.details.editedInput = body.input !== undefined;
  const started = await replayExecution(idParam.parse(id), body);
  audit.details.newExecutionId = started.executionId;
  return json(started, 201);
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
