/**
 * Incident bundles in the console: export an execution to one file, import one (read-only, in
 * its own store: lib/server/imported-executions), list and remove imports. The export reads
 * through the console's redacting client, the same view every page reads through.
 */
import "server-only";
import { encodeBundle, exportBundle, bundleFileName } from "../../bundle/export";
import type { ImportedBundleSummary } from "../../bundle/imports";
import { decodeBundle, maxBundleBytes, readLimited } from "../../bundle/read";
import { durable } from "../durable";
import { ApiError } from "../http-error";
import { importedBundles } from "../imported-executions";

/** The bundle file of an execution, as a download. */
export async function exportExecutionBundle(idOrArn: string, options: { gzip: boolean }): Promise<Response> {
  const { client, raw } = await durable();
  const bundle = await exportBundle(client, idOrArn, { storeKind: raw.store.kind });
  const body = encodeBundle(bundle, { gzip: options.gzip });
  return new Response(new Uint8Array(body), {
    headers: {
      "content-type": options.gzip ? "application/gzip" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${bundleFileName(bundle, options.gzip)}"`,
      "cache-control": "no-store",
      "x-bundle-digest": bundle.digest.value,
    },
  });
}

/** Chunks of a request body (a web ReadableStream), as they arrive. */
async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stop reading (a refused upload is not drained to its end).
    await reader.cancel().catch(() => undefined);
  }
}

/** Imports the bundle a request carries as its body (JSON or gzip); refused whole, before any write, when it is bad. */
export async function importBundleFrom(request: Request): Promise<{ bundle: ImportedBundleSummary; alreadyImported: boolean }> {
  const limit = maxBundleBytes();
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) {
    throw new ApiError("BUNDLE_TOO_LARGE", `The bundle is ${declared} bytes; the limit is ${limit} (DURABLE_BUNDLE_MAX_BYTES); nothing was imported`);
  }
  if (!request.body) throw new ApiError("BUNDLE_MALFORMED", "No bundle: the request has no body");
  const bytes = await readLimited(chunksOf(request.body), limit);
  if (bytes.length === 0) throw new ApiError("BUNDLE_MALFORMED", "No bundle: the request body is empty");
  return importedBundles().import(decodeBundle(bytes, limit));
}

export function listImportedBundles(): { bundles: ImportedBundleSummary[] } {
  return { bundles: importedBundles().list() };
}

export function getImportedBundle(bundleId: string): ImportedBundleSummary {
  const summary = importedBundles().get(bundleId);
  if (!summary) throw new ApiError("BUNDLE_NOT_FOUND", `No imported bundle ${bundleId}`);
  return summary;
}

export async function removeImportedBundle(bundleId: string): Promise<{ removed: ImportedBundleSummary }> {
  return { removed: await importedBundles().remove(bundleId) };
}
