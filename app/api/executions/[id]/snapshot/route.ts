import { idParam, snapshotQuerySchema } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";
import { getExecutionSnapshot } from "@/lib/server/queries/execution-snapshot";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * GET /api/executions/:id/snapshot?knownVersion= : the execution and its operations read as one
   * consistent snapshot (what the execution page polls). With `knownVersion` equal to the
   * execution's current version the operations are left out: the caller already holds them.
   */
  GET: defineRoute({ params: { id: idParam }, query: snapshotQuerySchema }, async ({ params, query }) =>
    json(await getExecutionSnapshot(params.id, query)),
  ),
});
