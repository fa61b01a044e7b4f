import { callbackIdParam, sendCallbackSuccess, succeedBodySchema } from "@/lib/server/actions/callbacks";
import { json, methodNotAllowed, parseBody, route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ callbackId: string }> };

/** POST /api/callbacks/:callbackId/succeed {result?: JSON text} (operator) */
export const POST = route(async (request: Request, { params }: Context) => {
  const { callbackId } = await params;
  return json(await sendCallbackSuccess(callbackIdParam.parse(callbackId), await parseBody(request, succeedBodySchema)));
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
