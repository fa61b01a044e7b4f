/**
 * Session cookies: `<payload>.<signature>`, the payload base64url JSON `{ v, sub, kind, iat, exp }`
 * and the signature HMAC-SHA256 over it with the configured session key. The cookie says who
 * signed in and until when; the role is looked up in the current configuration on every request,
 * so demoting or removing a user takes effect at once.
 *
 * Set HttpOnly (scripts never see it), SameSite=Strict (never sent on cross-site requests), Path=/,
 * Secure when the console is served over https.
 */
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { AuthConfig } from "../../../shared/auth/config";
import type { Principal } from "../../../shared/auth/roles";

export const SESSION_COOKIE = "durable_session";

interface SessionPayload {
  v: 1;
  /** User name, or token name for a session opened with a token. */
  sub: string;
  kind: "user" | "token";
  iat: number;
  exp: number;
}

function sign(config: AuthConfig, payload: string): string {
  return createHmac("sha256", config.sessionKey).update(payload).digest("base64url");
}

export function createSessionValue(config: AuthConfig, subject: { name: string; kind: "user" | "token" }, now = Date.now()): string {
  const payload: SessionPayload = { v: 1, sub: subject.name, kind: subject.kind, iat: now, exp: now + config.sessionTtlMs };
  const text = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `${text}.${sign(config, text)}`;
}

/** The principal a session cookie stands for, or undefined when it is forged, expired or its user is gone. */
export function principalFromSession(config: AuthConfig, value: string, now = Date.now()): Principal | undefined {
  const dot = value.indexOf(".");
  if (dot <= 0 || value.length > 4096) return undefined;
  const text = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), "base64url");
  const expected = Buffer.from(sign(config, text), "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let payload: SessionPayload;
  try {
    payload = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as SessionPayload;
  } catch {
    return undefined;
  }
  if (payload.v !== 1 || typeof payload.sub !== "string" || typeof payload.exp !== "number" || payload.exp <= now) return undefined;
  if (payload.kind === "user") {
    const user = config.users.find((u) => u.name === payload.sub);
    return user && { name: user.name, role: user.role, method: "session" };
  }
  if (payload.kind === "token") {
    const token = config.tokens.find((t) => t.name === payload.sub);
    return token && { name: token.name, role: token.role, method: "session" };
  }
  return undefined;
}

/** The cookie's value from a Cookie header (the first one: browsers send the most specific path first). */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  let found: string | undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      found = part.slice(eq + 1).trim();
      break;
    }
  }
  return found;
}

export function sessionCookieHeader(value: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    ...(options.secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearSessionCookieHeader(secure: boolean): string {
  return sessionCookieHeader("", { secure, maxAgeSeconds: 0 });
}

/** True when the browser reached the console over https (directly or through a TLS-terminating proxy). */
export function isHttps(request: Request): boolean {
  if (new URL(request.url).protocol === "https:") return true;
  return request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}
