/**
 * Signing in: a configured user with their password, or a configured token (so a browser can
 * use the console with only DURABLE_CONSOLE_TOKEN set). Failures say only "invalid credentials"
 * (never which part was wrong) and take as long as successes; after LOCK_AFTER failures for one
 * name within LOCK_WINDOW_MS, that name is locked out for the rest of the window.
 */
import "server-only";
import type { AuthConfig } from "../../../shared/auth/config";
import type { Principal } from "../../../shared/auth/roles";
import { secretsEqual, verifyPassword } from "../../../shared/auth/secrets";

export const LOCK_AFTER = 10;
export const LOCK_WINDOW_MS = 15 * 60_000;

export type LoginAttempt = { kind: "password"; username: string; password: string } | { kind: "token"; token: string };

export type LoginResult =
  | { ok: true; principal: Principal; subject: { name: string; kind: "user" | "token" } }
  | { ok: false; code: "INVALID_CREDENTIALS" | "TOO_MANY_ATTEMPTS"; message: string; retryAfterSeconds?: number };

const KEY = Symbol.for("durable-console.login-failures");
type Failures = Map<string, { count: number; since: number }>;

function failures(): Failures {
  const holder = globalThis as { [KEY]?: Failures };
  holder[KEY] ??= new Map();
  return holder[KEY];
}

/** A stand-in password hash for unknown names, so they cost what known ones cost. */
const DUMMY_SECRET = "durable-console-dummy-password";

function lockKey(attempt: LoginAttempt): string {
  return attempt.kind === "token" ? "token:" : `user:${attempt.username}`;
}

export function checkLogin(config: AuthConfig, attempt: LoginAttempt, now = Date.now()): LoginResult {
  const key = lockKey(attempt);
  const seen = failures().get(key);
  if (seen && now - seen.since > LOCK_WINDOW_MS) failures().delete(key);
  const current = failures().get(key);
  if (current && current.count >= LOCK_AFTER) {
    const retryAfterSeconds = Math.ceil((current.since + LOCK_WINDOW_MS - now) / 1000);
    return { ok: false, code: "TOO_MANY_ATTEMPTS", message: "Too many failed sign-ins; try again later.", retryAfterSeconds };
  }

  let result: LoginResult | undefined;
  if (attempt.kind === "password") {
    const user = config.users.find((u) => u.name === attempt.username);
    const matches = verifyPassword(attempt.password, user?.secret ?? DUMMY_SECRET) && user !== undefined;
    if (user && matches) result = { ok: true, principal: { name: user.name, role: user.role, method: "session" }, subject: { name: user.name, kind: "user" } };
  } else {
    let found: (typeof config.tokens)[number] | undefined;
    for (const candidate of config.tokens) if (secretsEqual(attempt.token, candidate.token) && !found) found = candidate;
    if (found) result = { ok: true, principal: { name: found.name, role: found.role, method: "session" }, subject: { name: found.name, kind: "token" } };
  }
  if (result) {
    failures().delete(key);
    return result;
  }
  const entry = failures().get(key) ?? { count: 0, since: now };
  entry.count += 1;
  failures().set(key, entry);
  return { ok: false, code: "INVALID_CREDENTIALS", message: "Invalid credentials." };
}

/** A redirect target after sign-in: a path on this console, never another site. */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || next === "" || next.length > 2048) return "/";
  try {
    const base = "http://console.invalid";
    const url = new URL(next, base);
    if (url.origin !== base || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
    if (url.pathname === "/login") return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}
