import { sendCallbackHeartbeat } from "@/lib/server/actions/callbacks";
import { callbackIdParam } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** POST /api/callbacks/:callbackId/heartbeat (operator) */
  POST: defineRoute({ params: { callbackId: callbackIdParam } }, async ({ params }) => json(await sendCallbackHeartbeat(params.callbackId))),
});
