/**
 * Roles and what they may do. Shared by the server (guards) and the browser (disabled buttons),
 * so it imports nothing.
 *
 * - viewer: reads everything the console shows (executions, operations, history, logs, audit).
 * - operator: also acts: sends callbacks, approves and rejects, stops, redrives, replays, starts.
 */
export type Role = "viewer" | "operator";
export const ROLES: readonly Role[] = ["viewer", "operator"];

/**
 * How the caller proved who they are: a signed session cookie, a bearer token, a SigV4 signature
 * with an access key (the Lambda-compatible API), or nothing (local mode, or loopback on that API).
 */
export type AuthMethod = "session" | "token" | "sigv4" | "none";

export interface Principal {
  /** A user name, a token's name, an access key id, or "local" when no authentication is configured. */
  name: string;
  role: Role;
  method: AuthMethod;
}

/** What the browser is told about the signed-in user (never a secret). */
export interface SessionInfo {
  /** False when the console runs without authentication (local mode: everyone is operator). */
  authEnabled: boolean;
  user?: { name: string; role: Role; method: AuthMethod };
}

export function isRole(value: unknown): value is Role {
  return value === "viewer" || value === "operator";
}

export function roleAllows(role: Role, needed: Role): boolean {
  return needed === "viewer" || role === "operator";
}

/** Why an action is not available to this role, for a disabled button's title and description. */
export function actionDeniedReason(role: Role | undefined): string | undefined {
  if (role === "operator") return undefined;
  if (role === "viewer") return "Your role is viewer: you can read everything, but only an operator can act on executions.";
  return "Sign in as an operator to act on executions.";
}
