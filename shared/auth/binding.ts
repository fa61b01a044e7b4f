/**
 * Where the console may listen. Without authentication it serves everyone as operator, so it
 * must be reachable from this machine only: loopback addresses. Any other address (0.0.0.0, ::,
 * a LAN or public address, or no address at all, which Node reads as "every interface") needs
 * DURABLE_CONSOLE_TOKEN or DURABLE_CONSOLE_USERS. Checked by `durable dev` / `durable console`
 * before starting Next, and by the Next server itself at startup (instrumentation.ts).
 */
import { isLoopbackName, parseHostName } from "./host";

/** A listen address or host name (`127.0.0.1`, `::1`, `[::1]`, `localhost`) that only this machine can reach. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const text = host.trim();
  // Listen addresses name IPv6 without brackets (`--host ::1`); host names carry them.
  const name = parseHostName(text.includes(":") && !text.startsWith("[") ? `[${text}]` : text);
  return name !== undefined && isLoopbackName(name);
}

/** Why the console may not listen on `host` with this configuration, or undefined when it may. */
export function bindingRefusal(host: string | undefined, authEnabled: boolean): string | undefined {
  if (authEnabled || isLoopbackHost(host)) return undefined;
  const where = host === undefined || host === "" ? "every network interface (no host given)" : host;
  return (
    `Refusing to listen on ${where}: the console would be reachable from other machines, and no authentication is configured. ` +
    `Set DURABLE_CONSOLE_TOKEN and/or DURABLE_CONSOLE_USERS (see README, "Securing the console"), or listen on 127.0.0.1.`
  );
}
