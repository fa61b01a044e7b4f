/**
 * Where a request came from, as the socket says, for the Lambda-compatible API's rule "loopback
 * is trusted, everything else signs" (lib/server/aws/auth).
 *
 * A route handler gets a web Request, which has no socket. So the request gate
 * (lib/server/request-gate), which sees Node's IncomingMessage before Next does, stamps every
 * request with one header saying what its socket was, after deleting whatever the client sent
 * under that name. A handler believes the stamp only when the gate is installed in this process
 * (then every request passed it); otherwise every request counts as remote, so a missing gate
 * fails closed.
 *
 * A request that arrives on loopback but carries a forwarding header (Forwarded, X-Forwarded-For,
 * X-Real-IP) counts as remote: it came through a proxy on this machine, and whoever sent it to the
 * proxy may be anywhere. A client can only make itself less trusted with those headers, never more.
 * The check reads the headers as the client sent them: Next adds X-Forwarded-For itself later.
 */
import "server-only";
import http, { type IncomingMessage } from "node:http";
import { isIP } from "node:net";

export const PEER_HEADER = "x-durable-console-peer";

const FORWARDING_HEADERS = ["forwarded", "x-forwarded-for", "x-real-ip"];

/** Set on http.Server.prototype by the request gate when it installs itself (one per process). */
export const REQUEST_GATE_INSTALLED = Symbol.for("durable-console.request-gate");

export function isRequestGateInstalled(): boolean {
  return (http.Server.prototype as unknown as Record<symbol, unknown>)[REQUEST_GATE_INSTALLED] === true;
}

export type PeerKind = "loopback" | "remote";

export interface Peer {
  kind: PeerKind;
  /** The socket's remote address, when known (for the audit log). */
  address?: string;
}

/** A socket address only this machine can have: 127.0.0.0/8, ::1, or IPv4-mapped 127.x.y.z. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const text = address.toLowerCase();
  const v4 = text.startsWith("::ffff:") ? text.slice("::ffff:".length) : text;
  if (isIP(v4) === 4 && v4.startsWith("127.")) return true;
  return text === "::1" || text === "0:0:0:0:0:0:0:1";
}

/** What the gate decides about a request's origin, from its socket and the headers the client sent. */
export function peerOfMessage(message: Pick<IncomingMessage, "headers" | "socket">): Peer {
  const address = message.socket?.remoteAddress;
  const forwarded = FORWARDING_HEADERS.some((name) => message.headers[name] !== undefined);
  return { kind: isLoopbackAddress(address) && !forwarded ? "loopback" : "remote", address };
}

/** Replaces whatever the client sent under PEER_HEADER with what the socket says. */
export function stampPeer(message: IncomingMessage): void {
  const peer = peerOfMessage(message);
  // Next builds the route's Request from `headers`; rawHeaders is cleaned too so no reader sees a forged copy.
  for (let index = message.rawHeaders.length - 2; index >= 0; index -= 2) {
    if (message.rawHeaders[index]!.toLowerCase() === PEER_HEADER) message.rawHeaders.splice(index, 2);
  }
  message.headers[PEER_HEADER] = peer.address ? `${peer.kind} ${peer.address}` : peer.kind;
}

const STAMP = /^(loopback|remote)(?: ([0-9A-Fa-f:.]+))?$/;

/**
 * The stamp read back in a route handler: remote unless the gate stamped it as loopback, and
 * unless it is exactly one stamp whose address is itself loopback (anything else is not the gate's).
 */
export function peerOf(request: Request, gateInstalled: boolean = isRequestGateInstalled()): Peer {
  const match = gateInstalled ? STAMP.exec(request.headers.get(PEER_HEADER) ?? "") : null;
  if (!match) return { kind: "remote" };
  const address = match[2];
  const loopback = match[1] === "loopback" && (address === undefined || isLoopbackAddress(address));
  return address === undefined ? { kind: loopback ? "loopback" : "remote" } : { kind: loopback ? "loopback" : "remote", address };
}
