/**
 * Authentication settings, read from the environment:
 *
 * - DURABLE_CONSOLE_TOKEN          bearer token with the operator role (scripts, CI); at least 16 characters.
 * - DURABLE_CONSOLE_VIEWER_TOKEN   bearer token with the viewer role; at least 16 characters.
 * - DURABLE_CONSOLE_USERS          `name:role:password` entries separated by commas, e.g.
 *                                  `alice:operator:s3cret-pass,bob:viewer:scrypt:<salt>.<hash>`;
 *                                  role is viewer or operator; a password has at least 8 characters
 *                                  (it may contain ':' but not ',') or is a hash from `durable hash-password`.
 * - DURABLE_CONSOLE_SESSION_SECRET key that signs session cookies (32+ characters). Optional: by
 *                                  default the key is derived from the configured credentials, so
 *                                  changing any password or token signs everybody out.
 * - DURABLE_CONSOLE_SESSION_HOURS  session lifetime (default 12).
 * - DURABLE_CONSOLE_TRUSTED_ORIGINS origins besides the console's own that may send cookie-authenticated
 *                                  actions (a reverse proxy that rewrites Host), comma-separated.
 * - DURABLE_CONSOLE_ALLOWED_HOSTS  host names besides localhost / 127.0.0.1 / [::1] the console answers
 *                                  to when no authentication is configured (DNS-rebinding guard).
 * - DURABLE_CONSOLE_ACCESS_KEYS, DURABLE_CONSOLE_ACCESS_KEYS_FILE  SigV4 access keys for the
 *                                  Lambda-compatible API (shared/auth/access-keys). They do not turn
 *                                  the console's own authentication on: its pages and /api stay as
 *                                  the settings above make them.
 *
 * With none of the credentials set, authentication is off: the console serves everyone as
 * operator, and refuses to listen anywhere but loopback.
 *
 * Error messages name the variable and the entry, never a password or token.
 */
import { createHash } from "node:crypto";
import { ACCESS_KEY_VARIABLES, parseAccessKeys, type ConfiguredAccessKey } from "./access-keys";
import { parseHostName } from "./host";
import { isRole, type Role } from "./roles";
import { isPasswordHash, passwordHashProblem } from "./secrets";

export const MIN_TOKEN_LENGTH = 16;
export const MIN_PASSWORD_LENGTH = 8;
export const MIN_SESSION_SECRET_LENGTH = 32;
const USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

export interface ConfiguredUser {
  name: string;
  role: Role;
  /** The password, or its `scrypt:` hash. */
  secret: string;
}

export interface ConfiguredToken {
  /** Shown in the audit log as the actor. */
  name: string;
  role: Role;
  token: string;
}

export interface AuthConfig {
  enabled: boolean;
  users: ConfiguredUser[];
  tokens: ConfiguredToken[];
  /** HMAC key for session cookies. */
  sessionKey: Buffer;
  sessionTtlMs: number;
  trustedOrigins: string[];
  allowedHosts: string[];
  /** SigV4 access keys for the Lambda-compatible API. */
  accessKeys: ConfiguredAccessKey[];
}

export class AuthConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Console authentication is misconfigured:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "AuthConfigError";
  }
}

type Env = Record<string, string | undefined>;

const VARIABLES = [
  "DURABLE_CONSOLE_TOKEN",
  "DURABLE_CONSOLE_VIEWER_TOKEN",
  "DURABLE_CONSOLE_USERS",
  "DURABLE_CONSOLE_SESSION_SECRET",
  "DURABLE_CONSOLE_SESSION_HOURS",
  "DURABLE_CONSOLE_TRUSTED_ORIGINS",
  "DURABLE_CONSOLE_ALLOWED_HOSTS",
  ...ACCESS_KEY_VARIABLES,
] as const;

function parseUsers(raw: string | undefined, problems: string[]): ConfiguredUser[] {
  if (raw === undefined || raw.trim() === "") return [];
  const users: ConfiguredUser[] = [];
  raw.split(",").forEach((entry, index) => {
    const text = entry.trim();
    if (text === "") return;
    const first = text.indexOf(":");
    const second = first < 0 ? -1 : text.indexOf(":", first + 1);
    const where = `DURABLE_CONSOLE_USERS entry ${index + 1}`;
    if (second < 0) {
      problems.push(`${where} is not name:role:password`);
      return;
    }
    const name = text.slice(0, first);
    const role = text.slice(first + 1, second);
    const secret = text.slice(second + 1);
    if (!USER_NAME.test(name)) problems.push(`${where}: the name must be 1-64 letters, digits or . _ @ -`);
    else if (users.some((u) => u.name === name)) problems.push(`${where}: user ${name} is listed twice`);
    if (!isRole(role)) problems.push(`${where} (${USER_NAME.test(name) ? name : "?"}): role must be viewer or operator`);
    if (isPasswordHash(secret)) {
      const problem = passwordHashProblem(secret);
      if (problem) problems.push(`${where} (${name}): the password ${problem}`);
    } else if (secret.length < MIN_PASSWORD_LENGTH) {
      problems.push(`${where} (${name}): the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    if (isRole(role)) users.push({ name, role, secret });
  });
  return users;
}

function parseToken(env: Env, variable: string, name: string, role: Role, problems: string[]): ConfiguredToken[] {
  const token = env[variable];
  if (token === undefined || token === "") return [];
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    problems.push(`${variable} must be at least ${MIN_TOKEN_LENGTH} characters without spaces`);
    return [];
  }
  return [{ name, role, token }];
}

function list(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Parses the settings; throws AuthConfigError listing every problem. */
export function readAuthConfig(env: Env = process.env): AuthConfig {
  const problems: string[] = [];
  const users = parseUsers(env.DURABLE_CONSOLE_USERS, problems);
  const tokens = [
    ...parseToken(env, "DURABLE_CONSOLE_TOKEN", "token", "operator", problems),
    ...parseToken(env, "DURABLE_CONSOLE_VIEWER_TOKEN", "viewer-token", "viewer", problems),
  ];
  if (tokens.length === 2 && tokens[0]!.token === tokens[1]!.token) problems.push("DURABLE_CONSOLE_TOKEN and DURABLE_CONSOLE_VIEWER_TOKEN must differ");
  const secret = env.DURABLE_CONSOLE_SESSION_SECRET;
  if (secret !== undefined && secret !== "" && secret.length < MIN_SESSION_SECRET_LENGTH) {
    problems.push(`DURABLE_CONSOLE_SESSION_SECRET must have at least ${MIN_SESSION_SECRET_LENGTH} characters`);
  }
  const hoursText = env.DURABLE_CONSOLE_SESSION_HOURS;
  const hours = hoursText === undefined || hoursText === "" ? 12 : Number(hoursText);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 90) problems.push("DURABLE_CONSOLE_SESSION_HOURS must be a number of hours between 0 and 2160");
  const trustedOrigins = list(env.DURABLE_CONSOLE_TRUSTED_ORIGINS);
  for (const origin of trustedOrigins) {
    let ok = false;
    try {
      const url = new URL(origin);
      ok = (url.protocol === "http:" || url.protocol === "https:") && url.origin === origin;
    } catch {
      ok = false;
    }
    if (!ok) problems.push(`DURABLE_CONSOLE_TRUSTED_ORIGINS: ${JSON.stringify(origin)} is not an origin like https://console.example.com`);
  }
  const allowedHosts: string[] = [];
  for (const host of list(env.DURABLE_CONSOLE_ALLOWED_HOSTS)) {
    const name = parseHostName(host);
    if (name === undefined) problems.push(`DURABLE_CONSOLE_ALLOWED_HOSTS: ${JSON.stringify(host)} is not a host name like console.example.com (no port)`);
    else allowedHosts.push(name);
  }
  const accessKeys = parseAccessKeys(env, problems);
  if (problems.length > 0) throw new AuthConfigError(problems);

  const enabled = users.length > 0 || tokens.length > 0;
  // Derived key: everything secret that is configured, so it is stable across restarts and
  // processes, unguessable without the credentials, and changes when any credential changes.
  const keyMaterial =
    secret && secret !== ""
      ? `secret\0${secret}`
      : ["derived", ...users.map((u) => `${u.name}\0${u.role}\0${u.secret}`), ...tokens.map((t) => `${t.name}\0${t.token}`)].join("\u0001");
  return {
    enabled,
    users,
    tokens,
    sessionKey: createHash("sha256").update("durable-console-session-v1\0").update(keyMaterial).digest(),
    sessionTtlMs: hours * 3_600_000,
    trustedOrigins,
    allowedHosts,
    accessKeys,
  };
}

let cached: { key: string; config: AuthConfig } | undefined;

/** The settings of this process, parsed once per distinct environment (tests change it between cases). */
export function authConfig(): AuthConfig {
  const key = VARIABLES.map((name) => process.env[name] ?? "\u0000").join("\u0001");
  if (cached?.key !== key) cached = { key, config: readAuthConfig(process.env) };
  return cached.config;
}
