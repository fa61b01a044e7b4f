import { callbackIdParam, sendCallbackHeartbeat } from "@/lib/actions/callbacks";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ callbackId: string }> };

/** POST /api/callbacks/:callbackId/heartbeat */
export const POST = route(async (_request: Request, { params }: Context) => {
  const { callbackId } = await params;
  return json(await sendCallbackHeartbeat(callbackIdParam.parse(callbackId)));
});
