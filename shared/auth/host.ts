/**
 * Strict parsing of the host names a request carries (Host, X-Forwarded-Host, and the authority
 * of Origin and Referer), and the one answer the console's guards need from them: is this name
 * loopback?
 *
 * Only canonical forms are accepted: a DNS name of letters, digits and hyphens (case-insensitive,
 * one trailing dot allowed), a dotted-quad IPv4 address without leading zeros, or a bracketed
 * IPv6 address, optionally followed by `:` and a port of 1-5 digits. Browsers only ever send
 * these; anything else (userinfo, a path, spaces, a second host, percent-encoding, the decimal,
 * octal or hex spellings of IPv4 that some resolvers accept, a zone id) comes from a hand-made
 * request, and reading it leniently is how `127.0.0.1:1@evil.example` once passed for loopback.
 */

/** A host name in canonical form (lower case, no trailing dot, IPv6 in brackets) and its port. */
export interface Authority {
  hostname: string;
  port?: number;
}

const MAX_NAME_LENGTH = 253;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4_OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`);
const PORT = /^\d{1,5}$/;

/** A DNS name or canonical IPv4 address, lower-cased; undefined when it is neither. */
function parseNameOrIpv4(text: string): string | undefined {
  const name = text.toLowerCase().replace(/\.$/, "");
  if (name === "" || name.length > MAX_NAME_LENGTH) return undefined;
  if (IPV4.test(name)) return text.endsWith(".") ? undefined : name;
  const labels = name.split(".");
  if (!labels.every((label) => LABEL.test(label))) return undefined;
  // A name whose last label is all digits is a number in disguise (`127.1`, `2130706433`,
  // `0177.0.0.1`): resolvers read it as an address, so it may not pass for a name.
  if (/^\d+$/.test(labels[labels.length - 1]!)) return undefined;
  return name;
}

/** `[v6]` in the canonical text WHATWG URL gives it (`[::ffff:7f00:1]`), or undefined. */
function parseBracketedIpv6(text: string): string | undefined {
  if (!/^\[[0-9a-f:.]+\]$/i.test(text)) return undefined;
  try {
    return new URL(`http://${text}/`).hostname;
  } catch {
    return undefined;
  }
}

/** A bare host name: a DNS name, an IPv4 address or a bracketed IPv6 address (no port). */
export function parseHostName(text: string): string | undefined {
  return text.startsWith("[") ? parseBracketedIpv6(text) : parseNameOrIpv4(text);
}

/** A `host[:port]` value (a Host header, an origin's authority), strictly; undefined when malformed. */
export function parseAuthority(value: string): Authority | undefined {
  const text = value.trim();
  if (text.length > MAX_NAME_LENGTH + 8) return undefined;
  const closing = text.startsWith("[") ? text.indexOf("]") : -1;
  const colon = text.indexOf(":", closing + 1);
  const hostText = colon < 0 ? text : text.slice(0, colon);
  const hostname = parseHostName(hostText);
  if (hostname === undefined) return undefined;
  if (colon < 0) return { hostname };
  const portText = text.slice(colon + 1);
  if (!PORT.test(portText)) return undefined;
  const port = Number(portText);
  return port >= 1 && port <= 65535 ? { hostname, port } : undefined;
}

export interface ParsedOrigin {
  scheme: "http" | "https";
  authority: Authority;
}

/** `http(s)://host[:port]` exactly (an Origin header); undefined for `null`, paths, userinfo, other schemes. */
export function parseOrigin(value: string): ParsedOrigin | undefined {
  const match = /^(https?):\/\/([^/?#]*)$/i.exec(value.trim());
  if (!match) return undefined;
  const authority = parseAuthority(match[2]!);
  return authority ? { scheme: match[1]!.toLowerCase() as "http" | "https", authority } : undefined;
}

/** The origin of a Referer URL (`http(s)://host[:port]/anything`), parsed as strictly as an Origin. */
export function parseRefererOrigin(value: string): ParsedOrigin | undefined {
  const match = /^(https?:\/\/[^/?#]*)(?:[/?#].*)?$/is.exec(value.trim());
  return match ? parseOrigin(match[1]!) : undefined;
}

/** An origin as URL serializes it (`https://console.example.com`, default port left out). */
export function serializeOrigin(origin: ParsedOrigin): string {
  const { hostname, port } = origin.authority;
  const defaultPort = origin.scheme === "https" ? 443 : 80;
  return `${origin.scheme}://${hostname}${port === undefined || port === defaultPort ? "" : `:${port}`}`;
}

/** `host:port` with the scheme's default port made explicit, for comparing two authorities. */
export function authorityKey(authority: Authority, scheme: "http" | "https"): string {
  return `${authority.hostname}:${authority.port ?? (scheme === "https" ? 443 : 80)}`;
}

/** A canonical host name (from parseHostName) that only this machine can reach. */
export function isLoopbackName(hostname: string): boolean {
  if (hostname === "localhost" || hostname.endsWith(".localhost")) return true;
  if (IPV4.test(hostname)) return hostname.startsWith("127.");
  if (hostname === "[::1]") return true;
  // IPv4-mapped IPv6 (::ffff:127.x.y.z), which URL writes as ::ffff:7fxx:xxxx.
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(hostname);
}
