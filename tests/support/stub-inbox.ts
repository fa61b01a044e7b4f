/**
 * A stub inbox on a real local HTTP server (127.0.0.1, a port the OS picks): a handler posts a
 * message to it (a callback id to answer, say) and a test reads it back over HTTP, as an approval
 * test reads a mail or a chat message. Reading takes real time (`readDelayMs` before the answer),
 * the way real test code does real async work before it answers a callback.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StubInbox {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Posts one JSON message (what a handler's step does). */
  post(message: unknown): Promise<void>;
  /** Every message posted so far, oldest first, read over HTTP. */
  read(): Promise<unknown[]>;
  close(): Promise<void>;
}

export async function startStubInbox(options: { readDelayMs?: number } = {}): Promise<StubInbox> {
  const messages: unknown[] = [];
  const server = http.createServer((req, res) => {
    if (req.method === "POST" && req.url === "/messages") {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        try {
          messages.push(JSON.parse(body));
          res.writeHead(204).end();
        } catch {
          res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ code: "INVALID_JSON" }));
        }
      });
      return;
    }
    if (req.method === "GET" && req.url === "/messages") {
      setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(messages)), options.readDelayMs ?? 0);
      return;
    }
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ code: "NOT_FOUND" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async post(message) {
      const res = await fetch(`${url}/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(message) });
      if (res.status !== 204) throw new Error(`inbox refused the message: HTTP ${res.status}`);
    },
    async read() {
      const res = await fetch(`${url}/messages`);
      if (!res.ok) throw new Error(`inbox could not be read: HTTP ${res.status}`);
      return (await res.json()) as unknown[];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
