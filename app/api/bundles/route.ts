import { importBundleFrom, listImportedBundles } from "@/lib/server/actions/bundles";
import { apiRoute, defineRoute } from "@/lib/server/define-route";
import { json } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  /** GET /api/bundles : the imported incident bundles, latest import first. */
  GET: defineRoute({}, async () => json(listImportedBundles())),
  /**
   * POST /api/bundles (body: the bundle file, JSON or gzip) : imports it read-only beside the
   * store; 201 when new, 200 when the same bundle was already imported. A bad bundle gets 4xx
   * (BUNDLE_TOO_LARGE, BUNDLE_MALFORMED, BUNDLE_VERSION_UNSUPPORTED, BUNDLE_TAMPERED,
   * BUNDLE_INVALID) and nothing is written. (operator)
   */
  POST: defineRoute({}, async ({ request, audit }) => {
    const answer = await importBundleFrom(request);
    audit.details.bundleId = answer.bundle.bundleId;
    audit.details.originalExecutionId = answer.bundle.originalExecutionId;
    return json(answer, answer.alreadyImported ? 200 : 201);
  }),
});
