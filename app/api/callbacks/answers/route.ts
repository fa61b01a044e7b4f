import { answerManyCallbacks } from "@/lib/server/actions/callbacks";
import { answerManyBodySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { ApiError, json } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * POST /api/callbacks/answers {callbackIds: [...], result?: JSON text} : one success answer to
   * several pending callbacks (operator), with a result per callback. Audited as one record each.
   */
  POST: defineRoute({ body: answerManyBodySchema }, async ({ body, principal, audit }) => {
    const result = await answerManyCallbacks(body, principal);
    // Naming nothing that exists is a bad request, not a batch of failures (and not an action).
    if (result.results.every((r) => r.error?.code === "CALLBACK_NOT_FOUND")) {
      throw new ApiError("CALLBACK_NOT_FOUND", `None of the ${result.results.length} callbacks named exists`);
    }
    audit.items = result.results
      .filter((r) => r.executionId !== undefined)
      .map((r) => ({ executionId: r.executionId!, ok: r.ok, errorCode: r.error?.code, message: r.error?.message }));
    return json(result);
  }),
});
