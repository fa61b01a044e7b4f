/**
 * The Next server's own startup check (called from instrumentation.ts `register()`, which Next
 * runs once the HTTP server is listening and before it serves a request):
 *
 * - the authentication settings and the redaction paths parse (else: exit, saying what is wrong);
 * - without authentication, every listening socket is on a loopback address (else: exit, saying
 *   why). The addresses are read from the process's listening servers, so the check holds however
 *   Next was started (`next start -H`, `next dev`, `durable dev`, a custom server).
 *
 * Messages name variables and addresses, never a password or token.
 */
import "server-only";
import type { AddressInfo, Server } from "node:net";
import { parseRedactPaths } from "../../redaction/redact";
import { bindingRefusal } from "../../../shared/auth/binding";
import { readAuthConfig } from "../../../shared/auth/config";

/** Addresses of the TCP servers this process listens on. */
export function listeningAddresses(): string[] {
  const getHandles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles;
  const handles = typeof getHandles === "function" ? getHandles.call(process) : [];
  const addresses: string[] = [];
  for (const handle of handles) {
    const server = handle as Partial<Server> & { listening?: boolean };
    if (typeof server?.address !== "function" || server.listening !== true) continue;
    const address = server.address() as AddressInfo | string | null;
    if (address && typeof address === "object" && typeof address.address === "string") addresses.push(address.address);
  }
  return addresses;
}

/** What is wrong with starting here, or undefined. */
export function startupProblem(env: Record<string, string | undefined> = process.env, addresses = listeningAddresses()): string | undefined {
  let authEnabled: boolean;
  try {
    authEnabled = readAuthConfig(env).enabled;
    parseRedactPaths(env.DURABLE_REDACT_PATHS);
  } catch (error) {
    return (error as Error).message;
  }
  for (const address of addresses) {
    const refusal = bindingRefusal(address, authEnabled);
    if (refusal) return refusal;
  }
  return undefined;
}

export function enforceStartupPolicy(): void {
  const addresses = listeningAddresses();
  const problem = startupProblem(process.env, addresses);
  if (problem) {
    process.stderr.write(`\n[durable console] ${problem}\n\n`);
    process.exit(1);
  }
  const exposed = addresses.filter((address) => bindingRefusal(address, false) !== undefined);
  if (exposed.length > 0) {
    process.stderr.write(
      `[durable console] listening on ${exposed.join(", ")} with authentication on. Serve it over https (a TLS reverse proxy) ` +
        `so passwords, tokens and session cookies never cross the network in clear.\n`,
    );
  }
}
