import { sendCallbackSuccess } from "@/lib/server/actions/callbacks";
import { callbackIdParam, succeedBodySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** POST /api/callbacks/:callbackId/succeed {result?: JSON text} (operator) */
  POST: defineRoute({ params: { callbackId: callbackIdParam }, body: succeedBodySchema }, async ({ params, body, principal }) =>
    json(await sendCallbackSuccess(params.callbackId, body, principal)),
  ),
});
