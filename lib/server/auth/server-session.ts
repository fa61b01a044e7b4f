/**
 * Who is signed in, for server components (the layout, the login page) and the session API.
 */
import "server-only";
import { authConfig } from "../../../shared/auth/config";
import { identify } from "./guard";
import type { Principal, SessionInfo } from "../../../shared/auth/roles";

export function principalOf(headers: Headers): Principal | undefined {
  const identity = identify(headers, authConfig());
  return identity.kind === "principal" ? identity.principal : undefined;
}

export function sessionInfo(headers: Headers): SessionInfo {
  const config = authConfig();
  const principal = principalOf(headers);
  const info: SessionInfo = { authEnabled: config.enabled };
  if (principal) info.user = { name: principal.name, role: principal.role, method: principal.method };
  return info;
}

/** The session of the request being rendered (server components). */
export async function currentSession(): Promise<SessionInfo> {
  const { headers } = await import("next/headers");
  return sessionInfo(new Headers(await headers()));
}
