/**
 * Who is asking, and may they? Used by every route handler (through `route()` in lib/http) and by
 * the request proxy, each deciding on its own from the request's headers: a handler never trusts
 * that the proxy ran.
 *
 * - `Authorization: Bearer <token>` (scripts): a configured token, else 401. Exempt from the
 *   cross-site check: browsers never attach it by themselves.
 * - the session cookie (people): a valid signature, not expired, user still configured.
 * - nothing configured: everyone is the local operator (the console then listens on loopback only).
 *
 * Actions (any method but GET/HEAD/OPTIONS) sent with a cookie, or with no credentials in local
 * mode, must come from the console's own pages: `Sec-Fetch-Site` same-origin and an `Origin` of
 * this host (or a trusted origin). A session action with neither header is refused too; a local
 * one without them is a script (curl, the test suite), not a browser, and is let through.
 */
import "server-only";
import { brandOf, hasBrand } from "@/sdk/utils/brand";
import { ApiError } from "../http-error";
import { authConfig, type AuthConfig } from "../../../shared/auth/config";
import { authorityKey, parseAuthority, parseOrigin, parseRefererOrigin, serializeOrigin, type ParsedOrigin } from "../../../shared/auth/host";
import { roleAllows, type Principal, type Role } from "../../../shared/auth/roles";
import { secretsEqual } from "../../../shared/auth/secrets";
import { SESSION_COOKIE, principalFromSession, readCookie } from "./session";

export const LOCAL_PRINCIPAL: Principal = { name: "local", role: "operator", method: "none" };

export type Identity =
  | { kind: "principal"; principal: Principal }
  /** No credentials at all. */
  | { kind: "anonymous" }
  /** Credentials that do not hold (a wrong token); never falls back to the cookie. */
  | { kind: "invalid"; message: string };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

function tokenPrincipal(config: AuthConfig, token: string): Principal | undefined {
  // Compare against every token (no early exit), so timing does not tell which one nearly matched.
  let found: Principal | undefined;
  for (const candidate of config.tokens) {
    if (secretsEqual(token, candidate.token) && !found) found = { name: candidate.name, role: candidate.role, method: "token" };
  }
  return found;
}

export function identify(headers: Headers, config: AuthConfig = authConfig()): Identity {
  // Local mode ignores credentials: there is nothing to check them against.
  if (!config.enabled) return { kind: "principal", principal: LOCAL_PRINCIPAL };
  const authorization = headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return { kind: "invalid", message: "The Authorization header must be 'Bearer <token>'" };
    const principal = tokenPrincipal(config, match[1]!);
    if (!principal) return { kind: "invalid", message: "The bearer token is not valid" };
    return { kind: "principal", principal };
  }
  const cookie = readCookie(headers.get("cookie"), SESSION_COOKIE);
  const principal = cookie ? principalFromSession(config, cookie) : undefined;
  return principal ? { kind: "principal", principal } : { kind: "anonymous" };
}

/**
 * The authorities this request was addressed to (Host, and X-Forwarded-Host from a proxy; the
 * request URL's only when there is no Host header, as in a handler called in-process), each
 * parsed as strictly as the Host check does; a value that does not parse matches nothing.
 */
function requestAuthorityKeys(request: Request, scheme: "http" | "https"): Set<string> {
  const host = request.headers.get("host") ?? new URL(request.url).host;
  const values = [host, ...(request.headers.get("x-forwarded-host")?.split(",") ?? [])];
  const keys = new Set<string>();
  for (const value of values) {
    const authority = value ? parseAuthority(value) : undefined;
    if (authority) keys.add(authorityKey(authority, scheme));
  }
  return keys;
}

/**
 * Whether an Origin (or a Referer's origin) names this console, under the strict host rules. The
 * scheme only supplies the default port: behind a TLS proxy the browser's https is the server's http.
 */
function isOwnOrigin(request: Request, origin: ParsedOrigin): boolean {
  return requestAuthorityKeys(request, origin.scheme).has(authorityKey(origin.authority, origin.scheme));
}

/** Why this action request looks cross-site, or undefined when it comes from the console itself. */
export function crossSiteProblem(request: Request, principal: Principal, config: AuthConfig = authConfig()): string | undefined {
  if (isSafeMethod(request.method) || principal.method === "token") return undefined;
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  const referer = request.headers.get("referer");
  if (site !== null && site.toLowerCase() !== "same-origin") return `a ${site} request (Sec-Fetch-Site) may not act on the console`;
  // An Origin says where the request came from; without one, a Referer is the next witness.
  if (origin !== null || referer !== null) {
    const header = origin !== null ? "Origin" : "Referer";
    const parsed = origin !== null ? parseOrigin(origin) : parseRefererOrigin(referer!);
    if (parsed && (config.trustedOrigins.includes(serializeOrigin(parsed)) || isOwnOrigin(request, parsed))) return undefined;
    return `the request's ${header} is not this console`;
  }
  if (site !== null) return undefined;
  if (principal.method === "session") return "a signed-in action must carry an Origin or Sec-Fetch-Site header";
  return undefined;
}

/**
 * Authenticates and authorizes a request: returns who is asking, or throws ApiError 401
 * (no or bad credentials), 403 FORBIDDEN (role too low) or 403 CROSS_SITE_REQUEST.
 * The returned principal is also attached to a 403 for the audit log.
 */
export function authorize(request: Request, needed: Role, config: AuthConfig = authConfig()): Principal {
  const identity = identify(request.headers, config);
  if (identity.kind === "invalid") throw new ApiError("UNAUTHENTICATED", identity.message);
  if (identity.kind === "anonymous") throw new ApiError("UNAUTHENTICATED", "Sign in, or send Authorization: Bearer <token>");
  const { principal } = identity;
  const crossSite = crossSiteProblem(request, principal, config);
  if (crossSite) throw new ForbiddenError("CROSS_SITE_REQUEST", `Refused: ${crossSite}`, principal);
  if (!roleAllows(principal.role, needed)) {
    throw new ForbiddenError("FORBIDDEN", `${principal.name} is a ${principal.role}; this needs the ${needed} role`, principal);
  }
  return principal;
}

const FORBIDDEN_ERROR = brandOf("ForbiddenError");

/** A 403 that remembers who was refused, so the refusal can be audited. */
export class ForbiddenError extends ApiError {
  readonly [FORBIDDEN_ERROR] = true;

  static override is(error: unknown): error is ForbiddenError {
    return hasBrand(error, FORBIDDEN_ERROR);
  }

  constructor(
    code: "FORBIDDEN" | "CROSS_SITE_REQUEST",
    message: string,
    readonly principal: Principal,
  ) {
    super(code, message);
  }
}
