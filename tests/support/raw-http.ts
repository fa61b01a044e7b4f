/**
 * HTTP/1.1 over a bare socket, for requests that fetch() and node:http refuse to send: methods
 * like TRACE or CONNECT, hand-made Host headers, two Host headers, absolute-form targets, paths
 * with broken percent-encoding, bodies cut short. Each request opens its own connection and asks
 * the server to close it, so the response ends where the socket does.
 */
import net from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** `error.code` of a JSON error body, when there is one. */
  code?: string;
}

export interface RawRequest {
  method: string;
  /** The request target exactly as sent (`/api/executions/%ZZ`, `*`, `http://other/`). */
  target: string;
  /** Header lines in order; a name may repeat. `Connection: close` is added. */
  headers?: Array<[string, string]>;
  body?: string;
  /** Send the head and body, then half-close the socket (with a short body: a body cut short). */
  endAfterBody?: boolean;
}

export function parseRawResponse(raw: string): RawResponse {
  const split = raw.indexOf("\r\n\r\n");
  const head = split < 0 ? raw : raw.slice(0, split);
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = split < 0 ? "" : raw.slice(split + 4);
  if (headers["transfer-encoding"]?.toLowerCase() === "chunked") body = dechunk(body);
  let code: string | undefined;
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown } };
    code = typeof parsed.error?.code === "string" ? parsed.error.code : undefined;
  } catch {
    code = undefined;
  }
  return { status: Number(statusLine.split(" ")[1] ?? 0), headers, body, code };
}

function dechunk(text: string): string {
  let out = "";
  let rest = text;
  for (;;) {
    const lineEnd = rest.indexOf("\r\n");
    if (lineEnd < 0) return out;
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!size) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

export function rawRequest(port: number, request: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  const headers = [...(request.headers ?? [["Host", `127.0.0.1:${port}`]]), ["Connection", "close"]];
  if (request.body !== undefined && !headers.some(([name]) => name.toLowerCase() === "content-length")) {
    headers.push(["Content-Length", String(Buffer.byteLength(request.body))]);
  }
  const text = `${request.method} ${request.target} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n${request.body ?? ""}`;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms to ${request.method} ${request.target.slice(0, 100)}`));
    }, timeoutMs);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(parseRawResponse(Buffer.concat(chunks).toString("utf8")));
    });
    socket.write(text, "utf8");
    if (request.endAfterBody) socket.end();
  });
}
