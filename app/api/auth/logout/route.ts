import { auditAuthEvent } from "@/lib/server/audit/log";
import { authConfig } from "@/shared/auth/config";
import { LOCAL_PRINCIPAL, crossSiteProblem, identify } from "@/lib/server/auth/guard";
import { clearSessionCookieHeader, isHttps } from "@/lib/server/auth/session";
import { errorJson } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/** POST /api/auth/logout : clears the session cookie (a form gets a redirect to /login). */
export async function POST(request: Request): Promise<Response> {
  const config = authConfig();
  const crossSite = crossSiteProblem(request, LOCAL_PRINCIPAL, config);
  if (crossSite) return errorJson("CROSS_SITE_REQUEST", `Refused: ${crossSite}`);
  const identity = identify(request.headers, config);
  if (config.enabled && identity.kind === "principal" && identity.principal.method === "session") {
    await auditAuthEvent("auth.logout", identity.principal, { outcome: "succeeded" });
  }
  const cookie = clearSessionCookieHeader(isHttps(request));
  const isForm = (request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
  if (isForm) return new Response(null, { status: 303, headers: { location: "/login", "set-cookie": cookie, "cache-control": "no-store" } });
  return Response.json({ ok: true }, { headers: { "set-cookie": cookie, "cache-control": "no-store" } });
}
