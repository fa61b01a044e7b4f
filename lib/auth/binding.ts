/**
 * Where the console may listen. Without authentication it serves everyone as operator, so it
 * must be reachable from this machine only: loopback addresses. Any other address (0.0.0.0, ::,
 * a LAN or public address, or no address at all, which Node reads as "every interface") needs
 * DURABLE_CONSOLE_TOKEN or DURABLE_CONSOLE_USERS. Checked by `durable dev` / `durable console`
 * before starting Next, and by the Next server itself at startup (instrumentation.ts).
 */

/** A host name or address that only this machine can reach. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  let h = host.trim().toLowerCase();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4 !== null && v4[1] === "127" && v4.slice(2).every((part) => Number(part) <= 255);
}

/** The host name of a Host header value (`example.com:3000`, `[::1]:3000`). */
export function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    return end < 0 ? h : h.slice(0, end + 1);
  }
  const colon = h.lastIndexOf(":");
  return colon < 0 || h.indexOf(":") !== colon ? h : h.slice(0, colon);
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
