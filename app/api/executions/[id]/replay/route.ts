import { replayBodySchema, replayExecution } from "@/lib/actions/executions";
import { idParam, json, parseBody, route } from "@/lib/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** POST /api/executions/:id/replay {input?: JSON text} : a new execution with the same (or an edited) input. */
export const POST = route(async (request: Request, { params }: Context) => {
  const { id } = await params;
  return json(await replayExecution(idParam.parse(id), await parseBody(request, replayBodySchema)), 201);
});
