import { auditAuthEvent } from "@/lib/server/audit/log";
import { authConfig } from "@/shared/auth/config";
import { LOCAL_PRINCIPAL, crossSiteProblem } from "@/lib/server/auth/guard";
import { checkLogin, safeNextPath, type LoginAttempt } from "@/lib/server/auth/login";
import { createSessionValue, isHttps, sessionCookieHeader } from "@/lib/server/auth/session";
import { errorJson } from "@/lib/server/http";

export const dynamic = "force-dynamic";

const FIELD_MAX = 4096;

/** Form posts (the login page) and JSON both work; a form gets redirects, JSON gets JSON. */
async function readFields(request: Request): Promise<{ fields: Record<string, string>; isForm: boolean } | undefined> {
  const type = request.headers.get("content-type") ?? "";
  const text = await request.text();
  if (text.length > 16 * 1024) return undefined;
  if (type.includes("application/x-www-form-urlencoded")) {
    return { fields: Object.fromEntries(new URLSearchParams(text)), isForm: true };
  }
  try {
    const json = JSON.parse(text) as unknown;
    if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(json)) if (typeof value === "string") fields[key] = value;
    return { fields, isForm: false };
  } catch {
    return undefined;
  }
}

function redirect(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store", ...headers } });
}

/**
 * POST /api/auth/login  {username, password} or {token}, optional next (form or JSON).
 * Sets the session cookie (HttpOnly, SameSite=Strict, signed). Every attempt is audited.
 */
export async function POST(request: Request): Promise<Response> {
  const config = authConfig();
  if (!config.enabled) {
    return errorJson("AUTH_NOT_CONFIGURED", "This console runs without authentication; there is nothing to sign in to.");
  }
  // Login CSRF: a page elsewhere must not sign this browser in as someone else.
  const crossSite = crossSiteProblem(request, LOCAL_PRINCIPAL, config);
  if (crossSite) return errorJson("CROSS_SITE_REQUEST", `Refused: ${crossSite}`);

  const read = await readFields(request);
  if (!read) return errorJson("VALIDATION_ERROR", "Send username and password, or token, as a form or a JSON object");
  const { fields, isForm } = read;
  const next = safeNextPath(fields.next);
  const username = fields.username?.trim() ?? "";
  const attempt: LoginAttempt | undefined =
    fields.token !== undefined && fields.token !== ""
      ? { kind: "token", token: fields.token.slice(0, FIELD_MAX) }
      : username !== "" && fields.password !== undefined
        ? { kind: "password", username: username.slice(0, 64), password: fields.password.slice(0, FIELD_MAX) }
        : undefined;
  if (!attempt) {
    if (isForm) return redirect(`/login?error=missing&next=${encodeURIComponent(next)}`);
    return errorJson("VALIDATION_ERROR", "Send username and password, or token");
  }

  const result = checkLogin(config, attempt);
  // A name that is not a configured user is not recorded: people type passwords into the name field.
  const tried =
    attempt.kind === "token" ? "(token)" : config.users.some((u) => u.name === attempt.username) ? attempt.username : "(unknown user)";
  if (!result.ok) {
    await auditAuthEvent("auth.login", { name: tried, method: "session" }, { outcome: "failed", errorCode: result.code, message: result.message });
    const retry: Record<string, string> = result.retryAfterSeconds ? { "retry-after": String(result.retryAfterSeconds) } : {};
    if (isForm) return redirect(`/login?error=${result.code === "TOO_MANY_ATTEMPTS" ? "locked" : "invalid"}&next=${encodeURIComponent(next)}`, retry);
    return errorJson(result.code, result.message, { headers: retry });
  }

  await auditAuthEvent("auth.login", result.principal, { outcome: "succeeded" });
  const cookie = sessionCookieHeader(createSessionValue(config, result.subject), {
    secure: isHttps(request),
    maxAgeSeconds: config.sessionTtlMs / 1000,
  });
  if (isForm) return redirect(next, { "set-cookie": cookie });
  return Response.json(
    { user: { name: result.principal.name, role: result.principal.role } },
    { status: 200, headers: { "set-cookie": cookie, "cache-control": "no-store" } },
  );
}
