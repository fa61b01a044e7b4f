/**
 * The console's request proxy (Next 16's name for middleware), in front of every request:
 *
 * 1. Host guard: without authentication the console answers only to localhost names (plus
 *    DURABLE_CONSOLE_ALLOWED_HOSTS), so a web page cannot reach it through DNS rebinding.
 * 2. Cross-site guard: an action (POST, ...) carried by a cookie or by nothing must come from the
 *    console's own pages (Origin / Sec-Fetch-Site); bearer-token requests are exempt.
 * 3. Authentication: pages redirect to /login, API calls answer 401, when nobody is signed in.
 * 4. Security headers on every response, and a fresh CSP nonce for every page.
 *
 * The Lambda API paths (/2015-03-31/, /2025-12-01/: lib/server/aws) pass the host guard (1) and
 * nothing else here: AWS SDKs send no cookie, no Origin and no bearer token, so 2 and 3 would
 * refuse them all. Their route layer authenticates each request itself and refuses browsers.
 *
 * Authorization (viewer or operator) is decided by each route handler (lib/server/http `guarded()`, through lib/server/define-route), which
 * also re-checks 2 and 3 on its own and audits what it refuses; pages only read.
 */
import { NextResponse, type NextRequest } from "next/server";
import { authConfig, type AuthConfig } from "./shared/auth/config";
import { crossSiteProblem, identify, isSafeMethod } from "./lib/server/auth/guard";
import { newNonce, pageCsp, securityHeaders } from "./lib/server/auth/headers";
import { statusOf, type ConsoleErrorCode } from "./lib/server/error-codes";
import { isLoopbackName, parseAuthority } from "./shared/auth/host";
import { isAwsApiPath } from "./lib/server/aws/paths";

const PUBLIC_PAGES = new Set(["/login"]);
const PUBLIC_API = new Set(["/api/auth/login", "/api/auth/logout", "/api/auth/session"]);

function isFrameworkAsset(pathname: string): boolean {
  return pathname.startsWith("/_next/") || pathname === "/favicon.ico" || pathname === "/robots.txt";
}

function isHttpsRequest(request: NextRequest): boolean {
  return request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/**
 * Without authentication only loopback names (and DURABLE_CONSOLE_ALLOWED_HOSTS) are served, so a
 * page on another site cannot reach the console through DNS rebinding. A Host header that is not
 * strictly `name[:port]` is refused whatever the configuration (shared/auth/host).
 */
function hostAllowed(request: NextRequest, config: AuthConfig): boolean {
  const host = request.headers.get("host");
  if (!host) return config.enabled;
  const authority = parseAuthority(host);
  if (!authority) return false;
  if (isLoopbackName(authority.hostname) || config.allowedHosts.includes(authority.hostname)) return true;
  return config.enabled && config.allowedHosts.length === 0;
}

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function errorJson(code: ConsoleErrorCode, message: string, headers: Record<string, string>): NextResponse {
  return withHeaders(NextResponse.json({ error: { code, message } }, { status: statusOf(code), headers: { "cache-control": "no-store" } }), headers);
}

export function proxy(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl;
  const dev = process.env.NODE_ENV === "development";
  const https = isHttpsRequest(request);
  const plain = securityHeaders({ dev, https });
  const isApi = pathname === "/api" || pathname.startsWith("/api/");

  let auth: AuthConfig;
  try {
    auth = authConfig();
  } catch {
    // The startup check prints what is wrong; a request only learns that it cannot be served.
    return errorJson("MISCONFIGURED", "The console's authentication settings are invalid; see the server log.", plain);
  }

  if (!hostAllowed(request, auth)) {
    return errorJson("HOST_NOT_ALLOWED", "This console answers only to the host names it is configured for.", plain);
  }
  if (isFrameworkAsset(pathname)) return withHeaders(NextResponse.next(), plain);
  if (isAwsApiPath(pathname)) return withHeaders(NextResponse.next(), plain);

  const identity = identify(request.headers, auth);
  if (identity.kind === "principal" && !isSafeMethod(request.method)) {
    const problem = crossSiteProblem(request, identity.principal, auth);
    if (problem) return errorJson("CROSS_SITE_REQUEST", `Refused: ${problem}`, plain);
  }

  const isPublic = isApi ? PUBLIC_API.has(pathname) : PUBLIC_PAGES.has(pathname);
  if (!isPublic && identity.kind !== "principal") {
    if (isApi || !isSafeMethod(request.method)) {
      const message = identity.kind === "invalid" ? identity.message : "Sign in, or send Authorization: Bearer <token>";
      const response = errorJson("UNAUTHENTICATED", message, plain);
      response.headers.set("WWW-Authenticate", 'Bearer realm="durable-console"');
      return response;
    }
    const login = new URL("/login", request.url);
    const next = `${pathname}${request.nextUrl.search}`;
    if (next !== "/") login.searchParams.set("next", next);
    return withHeaders(NextResponse.redirect(login, 303), plain);
  }
  if (pathname === "/login" && !auth.enabled) return withHeaders(NextResponse.redirect(new URL("/", request.url), 303), plain);

  if (isApi) return withHeaders(NextResponse.next(), plain);

  // Pages: Next takes the nonce from the request's CSP header and puts it on its scripts.
  const nonce = newNonce();
  const csp = pageCsp(nonce, dev);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-nonce", nonce);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), securityHeaders({ nonce, dev, https }));
}

export const config = {
  matcher: "/:path*",
};
