import { callbackIdParam, sendCallbackHeartbeat } from "@/lib/server/actions/callbacks";
import { json, methodNotAllowed, route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ callbackId: string }> };

/** POST /api/callbacks/:callbackId/heartbeat (operator) */
export const POST = route(async (_request: Request, { params }: Context) => {
  const { callbackId } = await params;
  return json(await sendCallbackHeartbeat(callbackIdParam.parse(callbackId)));
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
