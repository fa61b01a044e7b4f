/**
 * SigV4 verification for the Lambda-compatible API: the signature is recomputed with the Smithy
 * signer the AWS SDK itself signs with (`@smithy/signature-v4`, SHA-256 from `@smithy/core`),
 * over the request as it arrived, with the configured secret of the key the request names, and
 * compared in constant time. What is checked besides the signature:
 *
 * - the signing time is within 5 minutes of the server's clock (a presigned URL: not before its
 *   time minus 5 minutes, not after its time plus X-Amz-Expires);
 * - the credential scope's date is the signing date and its service is `lambda` (any region: the
 *   console is one endpoint, and the client signs with the region it was configured with);
 * - `host` is signed (and `x-amz-date` in the header form), and every signed header is present;
 * - the body is covered: an `x-amz-content-sha256` header must be the body's real hash
 *   (UNSIGNED-PAYLOAD is refused), and without one the signer hashes the body it is given.
 *
 * Temporary credentials (a session token) are refused: durable-console issues none.
 */
import "server-only";
import { timingSafeEqual } from "node:crypto";
import { Sha256Node } from "@smithy/core/checksum";
import { HttpRequest } from "@smithy/core/protocols";
import { SignatureV4 } from "@smithy/signature-v4";
import type { ConfiguredAccessKey } from "../../../../shared/auth/access-keys";
import { PRESIGN_PARAMS, SERVICE, SigV4Refusal, parseQuery, readClaim, type QueryRecord, type SigV4Claim } from "./sigv4-parse";

export { SigV4Refusal, type SigV4ErrorType } from "./sigv4-parse";

/** How far the client's clock may be from ours (AWS allows the same). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.";

/** The request as it arrived: method, path and query exactly as sent, headers, and the body's bytes. */
export interface ArrivedRequest {
  method: string;
  /** Path and query string as on the request line (`/2025-12-01/durable-executions/arn%3A...?x=1`). */
  target: string;
  headers: Headers;
  /** Read only once the key is known and the time checked, so a stranger cannot make the server buffer a body. */
  body: () => Promise<Uint8Array>;
}

function sha256Hex(bytes: Uint8Array): Promise<string> {
  const hash = new Sha256Node();
  hash.update(bytes);
  return hash.digest().then((digest) => Buffer.from(digest).toString("hex"));
}

function formatLongDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

function checkTime(claim: SigV4Claim, now: number): void {
  const signedAt = claim.signingDate.getTime();
  if (claim.mode === "query") {
    if (now + MAX_CLOCK_SKEW_MS < signedAt) throw new SigV4Refusal("InvalidSignatureException", "Signature not yet current: the presigned URL's X-Amz-Date is in the future");
    if (now > signedAt + claim.expiresIn! * 1000) throw new SigV4Refusal("InvalidSignatureException", "Signature expired: the presigned URL is past its X-Amz-Expires");
    return;
  }
  if (Math.abs(now - signedAt) > MAX_CLOCK_SKEW_MS) {
    const bound = formatLongDate(signedAt < now ? now - MAX_CLOCK_SKEW_MS : now + MAX_CLOCK_SKEW_MS);
    const relation = signedAt < now ? "is now earlier than" : "is now later than";
    throw new SigV4Refusal("InvalidSignatureException", `Signature expired: ${claim.longDate} ${relation} ${bound} (${formatLongDate(now)} ${signedAt < now ? "-" : "+"} 5 min.)`);
  }
}

/** The signed headers' values as the client sent them; a listed header that is missing fails the request. */
function signedHeaderValues(claim: SigV4Claim, headers: Headers): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of claim.signedHeaders) {
    const value = headers.get(name);
    if (value === null) throw new SigV4Refusal("InvalidSignatureException", `The signed header ${name} is not in the request`);
    values[name] = value;
  }
  return values;
}

/** The body must be the one signed: a declared payload hash is checked against the bytes that arrived. */
async function checkPayload(headers: Headers, body: Uint8Array): Promise<void> {
  const declared = headers.get("x-amz-content-sha256");
  if (declared === null) return;
  if (!/^[0-9a-f]{64}$/.test(declared)) throw new SigV4Refusal("InvalidSignatureException", "The payload must be signed: x-amz-content-sha256 must be the body's SHA-256");
  if (declared !== (await sha256Hex(body))) throw new SigV4Refusal("InvalidSignatureException", "The x-amz-content-sha256 header does not match the request body");
}

function sameSignature(given: string, expected: string | undefined): boolean {
  if (expected === undefined || expected.length !== given.length) return false;
  return timingSafeEqual(Buffer.from(given, "latin1"), Buffer.from(expected, "latin1"));
}

function queryWithout(query: QueryRecord, names: readonly string[]): QueryRecord {
  return Object.fromEntries(Object.entries(query).filter(([name]) => !names.includes(name)));
}

/** What the Smithy signer computes for this request with this key: [SignedHeaders list, signature]. */
async function recompute(claim: SigV4Claim, request: ArrivedRequest, body: Uint8Array, query: QueryRecord, path: string, key: ConfiguredAccessKey): Promise<[string, string]> {
  const signer = new SignatureV4({
    service: SERVICE,
    region: claim.region,
    credentials: { accessKeyId: key.keyId, secretAccessKey: key.secret },
    sha256: Sha256Node,
    // Sign exactly what the client signed: no checksum header of our own.
    applyChecksum: false,
  });
  const signed = new Set(claim.signedHeaders);
  const toSign = new HttpRequest({
    method: request.method.toUpperCase(),
    protocol: "http:",
    hostname: "",
    path,
    headers: signedHeaderValues(claim, request.headers),
    body,
  });
  const options = { signingDate: claim.signingDate, signingRegion: claim.region, signingService: SERVICE, signableHeaders: signed };
  if (claim.mode === "header") {
    toSign.query = query;
    const result = await signer.sign(toSign, options);
    const match = /SignedHeaders=([^,]*), Signature=([0-9a-f]+)$/.exec(String(result.headers.authorization));
    return [match?.[1] ?? "", match?.[2] ?? ""];
  }
  toSign.query = queryWithout(query, PRESIGN_PARAMS);
  const result = await signer.presign(toSign, { ...options, expiresIn: claim.expiresIn, unhoistableHeaders: signed });
  return [String(result.query?.["X-Amz-SignedHeaders"]), String(result.query?.["X-Amz-Signature"])];
}

/**
 * The configured key that signed this request, or a SigV4Refusal saying why none did (the
 * error type and message AWS answers with).
 */
export async function verifySigV4(request: ArrivedRequest, keys: readonly ConfiguredAccessKey[], now: number = Date.now()): Promise<ConfiguredAccessKey> {
  const questionMark = request.target.indexOf("?");
  const path = questionMark < 0 ? request.target : request.target.slice(0, questionMark);
  const query = parseQuery(questionMark < 0 ? "" : request.target.slice(questionMark + 1));
  const claim = readClaim(request.headers, query);
  if (request.headers.has("x-amz-security-token") || query["X-Amz-Security-Token"] !== undefined) {
    throw new SigV4Refusal("UnrecognizedClientException", "The security token included in the request is invalid: durable-console accepts only its configured access keys");
  }
  const key = keys.find((candidate) => candidate.keyId === claim.keyId);
  if (!key) throw new SigV4Refusal("UnrecognizedClientException", "The security token included in the request is invalid.");
  checkTime(claim, now);
  const body = await request.body();
  await checkPayload(request.headers, body);
  const [signedHeaders, signature] = await recompute(claim, request, body, query, path, key);
  if (signedHeaders !== claim.signedHeaders.join(";") || !sameSignature(claim.signature, signature)) {
    throw new SigV4Refusal("InvalidSignatureException", SIGNATURE_MISMATCH);
  }
  return key;
}
