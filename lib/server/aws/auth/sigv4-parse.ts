/**
 * Reading what a SigV4-signed request claims, before anything is recomputed: the key id, the
 * credential scope, the signing time, the signed headers and the signature, from the
 * Authorization header or from the query string (a presigned URL). Everything is parsed
 * strictly; a request that does not parse is refused with the error type AWS gives it.
 */
import "server-only";

export type SigV4ErrorType =
  | "MissingAuthenticationTokenException"
  | "IncompleteSignatureException"
  | "UnrecognizedClientException"
  | "InvalidSignatureException";

export class SigV4Refusal extends Error {
  constructor(
    readonly errorType: SigV4ErrorType,
    message: string,
  ) {
    super(message);
    this.name = "SigV4Refusal";
  }
}

export const ALGORITHM = "AWS4-HMAC-SHA256";
export const SERVICE = "lambda";

/** What the client says it signed. */
export interface SigV4Claim {
  mode: "header" | "query";
  keyId: string;
  region: string;
  /** `YYYYMMDDTHHMMSSZ`, as signed. */
  longDate: string;
  signingDate: Date;
  /** Lower-case names, in the order the client listed them. */
  signedHeaders: string[];
  /** 64 lower-case hex digits. */
  signature: string;
  /** Presigned URLs only: seconds the signature stays valid. */
  expiresIn?: number;
}

/** The query string as name -> value(s), percent-decoded without reading `+` as a space (SigV4 does not). */
export type QueryRecord = Record<string, string | string[]>;

export const PRESIGN_PARAMS = [
  "X-Amz-Algorithm",
  "X-Amz-Credential",
  "X-Amz-Date",
  "X-Amz-Expires",
  "X-Amz-SignedHeaders",
  "X-Amz-Signature",
  "X-Amz-Security-Token",
];

const LONG_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const SIGNATURE = /^[0-9a-f]{64}$/;
const REGION = /^[a-z0-9-]{1,32}$/;
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;

function incomplete(message: string): SigV4Refusal {
  return new SigV4Refusal("IncompleteSignatureException", message);
}

export function parseQuery(search: string): QueryRecord {
  const query: QueryRecord = {};
  for (const pair of search.replace(/^\?/, "").split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(equals < 0 ? pair : pair.slice(0, equals));
      value = equals < 0 ? "" : decodeURIComponent(pair.slice(equals + 1));
    } catch {
      throw incomplete("The query string is not valid percent-encoded UTF-8");
    }
    const existing = query[name];
    query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

function single(query: QueryRecord, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw incomplete(`The query parameter ${name} is given more than once`);
  return value;
}

function parseLongDate(text: string | undefined | null, where: string): Date {
  const match = text ? LONG_DATE.exec(text) : null;
  if (!match) throw incomplete(`${where} must be a date like 20261207T083000Z`);
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  if (date.getUTCDate() !== d || date.getUTCHours() !== h) throw incomplete(`${where} is not a real date`);
  return date;
}

/** `keyId/YYYYMMDD/region/lambda/aws4_request`, checked against the signing date. */
function parseCredential(credential: string, longDate: string): { keyId: string; region: string } {
  const parts = credential.split("/");
  if (parts.length !== 5) throw incomplete("The Credential must be keyId/date/region/service/aws4_request");
  const [keyId, shortDate, region, service, terminator] = parts as [string, string, string, string, string];
  if (keyId === "") throw incomplete("The Credential names no access key");
  if (terminator !== "aws4_request") throw incomplete("The Credential must end with aws4_request");
  if (!REGION.test(region)) throw incomplete("The Credential's region is not a region name");
  if (service !== SERVICE) throw new SigV4Refusal("InvalidSignatureException", `Credential should be scoped to correct service: '${SERVICE}'.`);
  if (shortDate !== longDate.slice(0, 8)) {
    throw new SigV4Refusal("InvalidSignatureException", `Date in Credential scope does not match YYYYMMDD from the signing date: ${longDate.slice(0, 8)}`);
  }
  return { keyId, region };
}

function parseSignedHeaders(text: string): string[] {
  const names = text.split(";");
  if (names.some((name) => !HEADER_NAME.test(name))) throw incomplete("SignedHeaders must be lower-case header names separated by ;");
  if (!names.includes("host")) throw incomplete("SignedHeaders must include host");
  return names;
}

function parseSignature(text: string | undefined): string {
  if (text === undefined || !SIGNATURE.test(text)) throw incomplete("The Signature must be 64 lower-case hex digits");
  return text;
}

/** `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`. */
function claimFromHeader(authorization: string, headers: Headers): SigV4Claim {
  if (!authorization.startsWith(`${ALGORITHM} `)) {
    throw incomplete(`Only ${ALGORITHM} signatures are accepted (the Authorization header starts otherwise)`);
  }
  const fields = new Map<string, string>();
  for (const part of authorization.slice(ALGORITHM.length + 1).split(",")) {
    const text = part.trim();
    const equals = text.indexOf("=");
    const name = equals < 0 ? text : text.slice(0, equals);
    if (equals < 0 || fields.has(name)) throw incomplete("The Authorization header is not Credential=..., SignedHeaders=..., Signature=...");
    fields.set(name, text.slice(equals + 1));
  }
  for (const name of ["Credential", "SignedHeaders", "Signature"]) {
    if (!fields.has(name)) throw incomplete(`Authorization header requires '${name}' parameter.`);
  }
  const longDate = headers.get("x-amz-date");
  const signingDate = parseLongDate(longDate, "The X-Amz-Date header");
  const signedHeaders = parseSignedHeaders(fields.get("SignedHeaders")!);
  if (!signedHeaders.includes("x-amz-date")) throw incomplete("SignedHeaders must include x-amz-date");
  return {
    mode: "header",
    ...parseCredential(fields.get("Credential")!, longDate!),
    longDate: longDate!,
    signingDate,
    signedHeaders,
    signature: parseSignature(fields.get("Signature")),
  };
}

function claimFromQuery(query: QueryRecord): SigV4Claim {
  const algorithm = single(query, "X-Amz-Algorithm");
  if (algorithm !== ALGORITHM) throw incomplete(`X-Amz-Algorithm must be ${ALGORITHM}`);
  const longDate = single(query, "X-Amz-Date");
  const signingDate = parseLongDate(longDate, "X-Amz-Date");
  const credential = single(query, "X-Amz-Credential");
  const signedHeaders = single(query, "X-Amz-SignedHeaders");
  const expires = single(query, "X-Amz-Expires");
  if (credential === undefined || signedHeaders === undefined) throw incomplete("A presigned URL needs X-Amz-Credential and X-Amz-SignedHeaders");
  if (expires === undefined || !/^\d{1,6}$/.test(expires) || Number(expires) < 1 || Number(expires) > MAX_PRESIGNED_SECONDS) {
    throw incomplete(`X-Amz-Expires must be a number of seconds from 1 to ${MAX_PRESIGNED_SECONDS}`);
  }
  return {
    mode: "query",
    ...parseCredential(credential, longDate!),
    longDate: longDate!,
    signingDate,
    signedHeaders: parseSignedHeaders(signedHeaders),
    signature: parseSignature(single(query, "X-Amz-Signature")),
    expiresIn: Number(expires),
  };
}

/** What the request claims, or a refusal; MissingAuthenticationToken when it is not signed at all. */
export function readClaim(headers: Headers, query: QueryRecord): SigV4Claim {
  const authorization = headers.get("authorization");
  const presigned = query["X-Amz-Algorithm"] !== undefined || query["X-Amz-Signature"] !== undefined;
  if (authorization !== null && presigned) throw incomplete("A request is signed either in the Authorization header or in the query string, not both");
  if (authorization !== null) return claimFromHeader(authorization.trim(), headers);
  if (presigned) return claimFromQuery(query);
  throw new SigV4Refusal("MissingAuthenticationTokenException", "Missing Authentication Token: off this machine, requests must be signed with SigV4");
}
