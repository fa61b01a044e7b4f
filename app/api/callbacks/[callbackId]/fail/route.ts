import { callbackIdParam, failBodySchema, sendCallbackFailure } from "@/lib/server/actions/callbacks";
import { json, methodNotAllowed, parseBody, route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ callbackId: string }> };

/** POST /api/callbacks/:callbackId/fail {error?: {ErrorType?, ErrorMessage?, ErrorData?}} (operator) */
export const POST = route(async (request: Request, { params }: Context) => {
  const { callbackId } = await params;
  return json(await sendCallbackFailure(callbackIdParam.parse(callbackId), await parseBody(request, failBodySchema)));
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
