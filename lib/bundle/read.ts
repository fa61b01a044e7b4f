/**
 * Reading an incident bundle someone hands us, trusting nothing: the bytes are counted as they
 * arrive and refused past the limit before anything is parsed; a gzip stream is inflated with
 * the same limit on what it inflates to; then the envelope (format, version), the digest and
 * every record's types are checked, in that order, each with its own code (./errors).
 */
import { gunzipSync } from "node:zlib";
import { z } from "zod";
import { BundleError } from "./errors";
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, contentDigest, contentSchema, envelopeSchema, type IncidentBundle } from "./format";

/** Under the console's 10 MB request-body buffer (Next's proxyClientMaxBodySize), so an upload is never cut short first. */
export const DEFAULT_MAX_BUNDLE_BYTES = 8 * 1024 * 1024;

/** The size limit: DURABLE_BUNDLE_MAX_BYTES, else 8 MiB. Applies to the file and to what a gzipped file inflates to. */
export function maxBundleBytes(): number {
  const configured = Number(process.env.DURABLE_BUNDLE_MAX_BYTES);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_BUNDLE_BYTES;
}

function tooLarge(limit: number): BundleError {
  return new BundleError("BUNDLE_TOO_LARGE", `The bundle is larger than the limit of ${limit} bytes (DURABLE_BUNDLE_MAX_BYTES); nothing was imported`);
}

/** Collects a stream's bytes, refusing as soon as more than `limit` have arrived (the rest is never read). */
export async function readLimited(source: AsyncIterable<Uint8Array>, limit = maxBundleBytes()): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks, size);
}

const isGzip = (bytes: Buffer) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** The bundle in `bytes` (JSON, or gzipped JSON), checked whole; throws BundleError. */
export function decodeBundle(bytes: Buffer, limit = maxBundleBytes()): IncidentBundle {
  if (bytes.length > limit) throw tooLarge(limit);
  const text = utf8(isGzip(bytes) ? inflate(bytes, limit) : bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BundleError("BUNDLE_MALFORMED", `The bundle is not valid JSON (${(error as Error).message}); it may be truncated`);
  }
  return checkBundle(parsed);
}

function inflate(bytes: Buffer, limit: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(limit);
    throw new BundleError("BUNDLE_MALFORMED", `The bundle's gzip stream is broken (${(error as Error).message}); it may be truncated`);
  }
}

function utf8(bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new BundleError("BUNDLE_MALFORMED", "The bundle is not UTF-8 text");
  }
}

function detailsOf(error: z.ZodError, prefix: string): Array<{ path: string; message: string }> {
  return error.issues.slice(0, 20).map((issue) => ({ path: [prefix, ...issue.path].join("."), message: issue.message }));
}

function invalid(message: string, details?: Array<{ path: string; message: string }>): BundleError {
  const summary = details?.length ? `: ${details.slice(0, 3).map((d) => `${d.path}: ${d.message}`).join("; ")}` : "";
  return new BundleError("BUNDLE_INVALID", `${message}${summary}`, details);
}

/** Format, then version, then digest, then types: a newer version is refused before its fields are judged by this version's rules. */
export function checkBundle(parsed: unknown): IncidentBundle {
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed) || (parsed as { format?: unknown }).format !== BUNDLE_FORMAT) {
    throw invalid(`Not an incident bundle: "format" must be "${BUNDLE_FORMAT}"`);
  }
  const version = (parsed as { formatVersion?: unknown }).formatVersion;
  if (typeof version === "number" && Number.isInteger(version) && version > BUNDLE_FORMAT_VERSION) {
    throw new BundleError(
      "BUNDLE_VERSION_UNSUPPORTED",
      `The bundle has format version ${version}; this console reads version ${BUNDLE_FORMAT_VERSION} and older. Import it with a newer durable-console`,
    );
  }
  const envelope = envelopeSchema.safeParse(parsed);
  if (!envelope.success) throw invalid("The bundle's envelope is invalid", detailsOf(envelope.error, "(bundle)"));
  const actual = contentDigest(envelope.data.content);
  if (actual !== envelope.data.digest.value) {
    throw new BundleError("BUNDLE_TAMPERED", `The bundle's content does not match its sha-256 digest (expected ${envelope.data.digest.value}, got ${actual}): it was changed or damaged after export`);
  }
  const content = contentSchema.safeParse(envelope.data.content);
  if (!content.success) throw invalid("The bundle's content has fields of the wrong type", detailsOf(content.error, "content"));
  const bundle = parsed as IncidentBundle;
  checkRecordsFit(bundle);
  return bundle;
}

/** The records must all belong to the one execution, with unique operation ids and increasing EventIds and log seqs. */
function checkRecordsFit({ content }: IncidentBundle): void {
  const id = content.execution.executionId;
  const strangers = [
    ...content.operations.flatMap((r, i) => (r.executionId === id ? [] : [`content.operations.${i}.executionId`])),
    ...content.logs.flatMap((r, i) => (r.executionId === id ? [] : [`content.logs.${i}.executionId`])),
  ];
  if (strangers.length > 0) throw invalid("The bundle's records belong to another execution", strangers.slice(0, 20).map((path) => ({ path, message: `must be ${id}` })));
  const opIds = content.operations.map((r) => r.operation.Id);
  if (new Set(opIds).size !== opIds.length) throw invalid("The bundle repeats an operation id");
  const increasing = (values: number[]) => values.every((v, i) => i === 0 || v > values[i - 1]!);
  if (!increasing(content.history.map((e) => e.EventId))) throw invalid("The bundle's history events are not in increasing EventId order");
  if (!increasing(content.logs.map((l) => l.seq))) throw invalid("The bundle's log lines are not in increasing seq order");
}
