import { callbackIdParam, failBodySchema, sendCallbackFailure } from "@/lib/actions/callbacks";
import { json, parseBody, route } from "@/lib/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ callbackId: string }> };

/** POST /api/callbacks/:callbackId/fail {error?: {ErrorType?, ErrorMessage?, ErrorData?}} */
export const POST = route(async (request: Request, { params }: Context) => {
  const { callbackId } = await params;
  return json(await sendCallbackFailure(callbackIdParam.parse(callbackId), await parseBody(request, failBodySchema)));
});
