import { getImportedBundle, removeImportedBundle } from "@/lib/server/actions/bundles";
import { bundleIdParam } from "@/lib/server/api-schemas";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/bundles/:bundleId : one imported bundle (where it came from, what was redacted). */
  GET: defineRoute({ params: { bundleId: bundleIdParam } }, async ({ params }) => json(getImportedBundle(params.bundleId))),
  /** DELETE /api/bundles/:bundleId : removes an imported bundle and its store. (operator) */
  DELETE: defineRoute({ params: { bundleId: bundleIdParam } }, async ({ params }) => json(await removeImportedBundle(params.bundleId))),
});
