/**
 * The address of the socket a request came on, as route handlers can read it. Next gives a route
 * handler no socket, so the request gate (lib/server/request-gate, in front of Next's router)
 * writes the peer address into a header of the request, over whatever a client sent under that
 * name: a client can name any header, but not the address its packets come from.
 */
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

export const PEER_ADDRESS_HEADER = "x-durable-console-peer-address";

/** Sets the peer header from the socket (or removes it when Node knows no address). */
export function stampPeerAddress(request: IncomingMessage): void {
  const address = request.socket?.remoteAddress;
  if (address) request.headers[PEER_ADDRESS_HEADER] = address;
  else delete request.headers[PEER_ADDRESS_HEADER];
}

/** The peer address the gate recorded, or undefined (a request that did not pass the gate). */
export function peerAddressOf(request: Request): string | undefined {
  const value = request.headers.get(PEER_ADDRESS_HEADER)?.trim();
  return value && isIP(value) ? value : undefined;
}

/** 127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.split(".")[0] === "127";
  return address === "::1" || address === "0:0:0:0:0:0:0:1";
}
