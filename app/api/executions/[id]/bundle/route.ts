import { exportExecutionBundle } from "@/lib/server/actions/bundles";
import { bundleExportQuerySchema, idParam } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /**
   * GET /api/executions/:id/bundle?gzip=1 : the execution's incident bundle as a download (one
   * JSON file, gzipped when asked): redacted by the console's rules, sealed with its sha-256.
   */
  GET: defineRoute({ params: { id: idParam }, query: bundleExportQuerySchema }, async ({ params, query }) => exportExecutionBundle(params.id, { gzip: query.gzip === "1" })),
});
