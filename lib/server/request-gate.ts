/**
 * The request gate: answers, before Next sees them, the requests Next itself cannot answer
 * properly. Next turns each of these into a plain-text 500 (or an empty 400, or a dropped
 * connection) inside its own router, before `proxy.ts` or any route runs, so no code of ours
 * would ever get to refuse them:
 *
 * - a path whose percent-encoding does not decode (`/api/executions/%ZZ`, `%E2%98`, `%C0%AF`):
 *   400 `BAD_PATH` as JSON under /api, a small 400 page elsewhere;
 * - a method no route serves and Next cannot carry (TRACE, TRACK, PROPFIND, CONNECT, ...), or
 *   anything but a read on a page: 405 `METHOD_NOT_ALLOWED` as JSON with the Allow header the
 *   route gives for PUT or DELETE;
 * - a request target that is not a path (`GET http://other.example/`, `OPTIONS *`): 400
 *   `BAD_PATH` (Next would redirect to the other host, or fail); a second Host header: 403
 *   `HOST_NOT_ALLOWED`, like any Host the proxy cannot read strictly;
 * - requests Node's HTTP parser rejects (an unknown method, a malformed header, headers too
 *   large): the status Node would send, with a JSON body and code instead of an empty one;
 * - a body declared larger than Next reads (its proxy keeps the first 10 MiB of a body and drops
 *   the rest, and a route then sees a short body): 413 `PAYLOAD_TOO_LARGE`, before the body is sent.
 *
 * It also stamps every request it lets through with what its socket says (loopback or remote,
 * lib/server/auth/peer), over any header of that name a client sent: route handlers get no
 * socket, and the Lambda API decides by the stamp whether a request came from this machine. On
 * the Lambda API's paths (/2015-03-31/, /2025-12-01/) its refusals carry `x-amzn-ErrorType`, as
 * that API's errors do.
 *
 * `next start` offers no hook in front of its router, so the gate wraps `emit` of Node's
 * http.Server (instrumentation.ts installs it once per process, as the server starts): 'request'
 * events it refuses never reach Next's listener; 'connection' gives it each server to add the
 * 'connect' listener without which Node drops a CONNECT silently.
 */
import "server-only";
import type { ConsoleErrorCode } from "./error-codes";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { LOCKED_DOWN_CSP, securityHeaders } from "./auth/headers";
import { apiMethodsAt } from "./api-methods";
import { REQUEST_GATE_INSTALLED, stampPeer } from "./auth/peer";
import { awsMethodsAt, isAwsApiPath } from "./aws/paths";

/** The methods Next routes; anything else never reaches a route handler intact. */
const ROUTED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** Pages only read: every form of the console posts to /api (there are no server actions). */
const PAGE_METHODS = ["GET", "HEAD"];

export interface Refusal {
  status: number;
  code: ConsoleErrorCode;
  message: string;
  /** The Allow header of a 405. */
  allow?: string;
  /** Answer with an HTML page rather than JSON (a browser asked for a page). */
  page?: boolean;
  /** Answer as the Lambda API does (a path under /2015-03-31/ or /2025-12-01/). */
  aws?: boolean;
}

/** The most of a request body Next hands on (`experimental.proxyClientMaxBodySize`, left at its default). */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;

/** The Lambda exception each refusal status is on the AWS paths. */
const AWS_TYPE_BY_STATUS: Record<number, string> = {
  400: "InvalidRequestContentException",
  403: "AccessDeniedException",
  404: "UnknownOperationException",
  405: "MethodNotAllowedException",
  408: "InvalidRequestContentException",
  413: "RequestTooLargeException",
  431: "RequestTooLargeException",
};

/** The parts of a request the gate decides on. */
export interface RequestLine {
  method: string;
  /** The request target as sent (`/api/executions?x=1`). */
  url: string;
  /** How many Host headers the request carried. */
  hostHeaders: number;
  /** The Content-Length header as sent, if any. */
  contentLength?: string;
}

function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/") || isAwsApiPath(pathname);
}

/** Next's own assets and development endpoints: Next serves them, whatever the method. */
function isFrameworkPath(pathname: string): boolean {
  return pathname.startsWith("/_next/") || pathname.startsWith("/__nextjs");
}

/** Whether every `%XX` in the path decodes to valid UTF-8, as Next's router requires. */
function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** What the gate answers to a request, or undefined to let Next serve it. */
export function refusalFor({ method, url, hostHeaders, contentLength }: RequestLine): Refusal | undefined {
  if (hostHeaders > 1) return { status: 403, code: "HOST_NOT_ALLOWED", message: "The request carries more than one Host header" };
  // Absolute-form (`GET http://other.example/`) and `*` targets: Next would redirect to the
  // named host or fail; the console is addressed by path only.
  if (!url.startsWith("/")) return { status: 400, code: "BAD_PATH", message: "The request target must be a path starting with /" };
  const pathname = url.split(/[?#]/, 1)[0]!;
  const api = isApiPath(pathname);
  if (!decodes(pathname)) {
    return { status: 400, code: "BAD_PATH", message: "The request path is not valid percent-encoded UTF-8", page: !api };
  }
  if (isFrameworkPath(pathname)) return ROUTED_METHODS.has(method) ? undefined : methodNotAllowed(PAGE_METHODS);
  if (contentLength !== undefined && /^\d+$/.test(contentLength.trim()) && Number(contentLength) > MAX_REQUEST_BODY_BYTES) {
    return {
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
      message: `The request body is ${contentLength.trim()} bytes; the console reads at most ${MAX_REQUEST_BODY_BYTES}`,
    };
  }
  if (isAwsApiPath(pathname)) {
    if (ROUTED_METHODS.has(method)) return undefined;
    const methods = awsMethodsAt(pathname);
    return methods ? methodNotAllowed(methods) : { status: 404, code: "ROUTE_NOT_FOUND", message: `No API route at ${pathname.slice(0, 200)}` };
  }
  if (api) {
    if (ROUTED_METHODS.has(method)) return undefined;
    const methods = apiMethodsAt(pathname);
    return methods ? methodNotAllowed(methods) : { status: 404, code: "ROUTE_NOT_FOUND", message: `No API route at ${pathname.slice(0, 200)}` };
  }
  return PAGE_METHODS.includes(method) || method === "OPTIONS" ? undefined : methodNotAllowed(PAGE_METHODS);
}

function methodNotAllowed(methods: readonly string[]): Refusal {
  const allow = methods.join(", ");
  return { status: 405, code: "METHOD_NOT_ALLOWED", message: `This route accepts ${allow} only`, allow };
}

const BAD_PATH_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bad request · durable console</title>
<style>body{font-family:ui-sans-serif,system-ui,sans-serif;background:#fafafa;color:#18181b;margin:0;padding:4rem 1rem}
main{max-width:32rem;margin:0 auto;background:#fff;border:1px solid #e4e4e7;border-radius:.5rem;padding:1.5rem}
h1{font-size:1.125rem;margin:0 0 .5rem}p{color:#52525b;line-height:1.5}a{color:#4f46e5}</style></head>
<body><main><h1>Bad request</h1><p>This address is not valid: part of it is percent-encoded in a way that does not decode
(for example <code>%ZZ</code> or a cut-off UTF-8 sequence).</p><p><a href="/executions">Go to executions</a></p></main></body></html>
`;

/** The head and body of a refusal, with the security headers every console response carries. */
function render(refusal: Refusal): { headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = { ...securityHeaders({ dev: false, https: false }), "Cache-Control": "no-store" };
  if (refusal.allow) headers.Allow = refusal.allow;
  if (refusal.page) {
    headers["Content-Type"] = "text/html; charset=utf-8";
    headers["Content-Security-Policy"] = `${LOCKED_DOWN_CSP}; style-src 'unsafe-inline'`;
    return { headers, body: BAD_PATH_PAGE };
  }
  headers["Content-Type"] = "application/json";
  // On the Lambda API paths the SDK reads the exception from this header (lib/server/aws/errors).
  if (refusal.aws) {
    headers["x-amzn-ErrorType"] = AWS_TYPE_BY_STATUS[refusal.status] ?? "InvalidRequestContentException";
    return { headers, body: JSON.stringify({ Type: refusal.status >= 500 ? "Service" : "User", Message: refusal.message }) };
  }
  return { headers, body: JSON.stringify({ error: { code: refusal.code, message: refusal.message } }) };
}

function answerRequest(request: IncomingMessage, response: ServerResponse): boolean {
  const hostHeaders = request.rawHeaders.filter((value, index) => index % 2 === 0 && value.toLowerCase() === "host").length;
  const found = refusalFor({ method: request.method ?? "", url: request.url ?? "/", hostHeaders, contentLength: request.headers["content-length"] });
  if (!found) return false;
  const refusal = isAwsApiPath((request.url ?? "/").split(/[?#]/, 1)[0]!) ? { ...found, aws: true } : found;
  const { headers, body } = render(refusal);
  response.writeHead(refusal.status, { ...headers, "Content-Length": Buffer.byteLength(body) });
  response.end(request.method === "HEAD" ? undefined : body);
  return true;
}

/** Writes a whole HTTP response on a raw socket (a CONNECT, or a request Node could not parse). */
function answerSocket(socket: Duplex, status: number, refusal: Omit<Refusal, "status">): void {
  if (!socket.writable) return void socket.destroy();
  const { headers, body } = render({ ...refusal, status });
  const head = Object.entries({ ...headers, "Content-Length": String(Buffer.byteLength(body)), Connection: "close" })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ""}\r\n${head}\r\n${body}`);
}

function refuseTunnel(request: IncomingMessage, socket: Duplex): void {
  // A CONNECT names a host:port to tunnel to, not a path: refuse it as a page method would be.
  const refusal = refusalFor({ method: "CONNECT", url: request.url?.startsWith("/") ? request.url : "/", hostHeaders: 1 });
  answerSocket(socket, refusal?.status ?? 405, refusal ?? methodNotAllowed(PAGE_METHODS));
}

/** Node's own answers to requests its parser rejects, with a JSON body. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const sent = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (error.code === "ECONNRESET" || sent) return void socket.destroy();
  if (error.code === "HPE_INVALID_METHOD") {
    // The parser stops at the method; the request line is still in the bytes it kept.
    const [method = "", target = "/"] = (error as { rawPacket?: Buffer }).rawPacket?.toString("latin1").split("\r\n", 1)[0]?.split(" ") ?? [];
    const refusal = refusalFor({ method, url: target.startsWith("/") ? target : "/", hostHeaders: 1 });
    return answerSocket(socket, refusal?.status ?? 405, refusal ?? methodNotAllowed(PAGE_METHODS));
  }
  if (error.code === "HPE_INVALID_EOF_STATE") return answerSocket(socket, 400, { code: "BODY_UNREADABLE", message: "The connection closed before the whole request body arrived" });
  if (error.code === "HPE_HEADER_OVERFLOW") return answerSocket(socket, 431, { code: "HEADERS_TOO_LARGE", message: "The request headers are too large" });
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") return answerSocket(socket, 408, { code: "REQUEST_TIMEOUT", message: "The request took too long to arrive" });
  answerSocket(socket, 400, { code: "BAD_REQUEST", message: "The request is not valid HTTP" });
}

type GatedPrototype = http.Server & { [REQUEST_GATE_INSTALLED]?: true };

/** Puts the gate in front of every HTTP server of this process. Idempotent. */
export function installRequestGate(): void {
  const prototype = http.Server.prototype as GatedPrototype;
  if (prototype[REQUEST_GATE_INSTALLED]) return;
  prototype[REQUEST_GATE_INSTALLED] = true;
  const tunnelled = new WeakSet<http.Server>();
  const emit = prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  prototype.emit = function gatedEmit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "connection" && !tunnelled.has(this)) {
      tunnelled.add(this);
      if (this.listenerCount("connect") === 0) this.on("connect", refuseTunnel);
    }
    if (event === "request") {
      if (answerRequest(args[0] as IncomingMessage, args[1] as ServerResponse)) return true;
      stampPeer(args[0] as IncomingMessage);
    }
    if (event === "clientError" && this.listenerCount("clientError") === 0) {
      answerClientError(args[0] as NodeJS.ErrnoException, args[1] as Duplex);
      return true;
    }
    return emit.call(this, event, ...args);
  } as typeof prototype.emit;
}
