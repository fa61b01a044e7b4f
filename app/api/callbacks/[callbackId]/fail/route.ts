import { sendCallbackFailure } from "@/lib/server/actions/callbacks";
import { callbackIdParam, failBodySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** POST /api/callbacks/:callbackId/fail {error?: {ErrorType?, ErrorMessage?, ErrorData?}} (operator) */
  POST: defineRoute({ params: { callbackId: callbackIdParam }, body: failBodySchema }, async ({ params, body }) =>
    json(await sendCallbackFailure(params.callbackId, body)),
  ),
});
