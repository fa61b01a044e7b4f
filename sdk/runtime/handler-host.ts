/**
 * A small host that serves Lambda handlers behind Lambda's invoke shape, as the Runtime Interface
 * Emulator and `sam local start-lambda` do, so that a handler file runs unchanged in its own
 * process (`durable serve-handlers mod.ts --port 9001`):
 *
 *   POST /2015-03-31/functions/{name}/invocations   body: the event (JSON)
 *   200 and the handler's return value as JSON; a handler that throws answers 200 with
 *   `X-Amz-Function-Error: Unhandled` and {errorType, errorMessage, trace}, as Lambda does.
 *
 * The host passes the event as it came: a handler built with `withDurableExecution` from
 * `@aws/durable-execution-sdk-js` reads DurableExecutionArn, CheckpointToken and
 * InitialExecutionState from it and checkpoints back through its own Lambda client, which
 * `AWS_ENDPOINT_URL_LAMBDA` points at the console. The host itself keeps no state: kill it at any
 * moment and the worker's lease, retry and fencing rules take over.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { systemClock } from "./clock";
import { newRequestId } from "./ids";
import { createLambdaContext } from "./lambda-context";

/** Lambda's limit on a synchronous invocation's request payload. */
export const MAX_INVOKE_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** The time a handler is told it has (Lambda's maximum). */
const INVOCATION_TIMEOUT_MS = 15 * 60 * 1000;

export type HostedHandler = (event: unknown, context: unknown) => unknown;

export interface HandlerHostOptions {
  /** Handlers by function name; `"*"` answers for any name (a single-handler file). */
  handlers: ReadonlyMap<string, HostedHandler>;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface HandlerHost {
  server: Server;
  /** Base URL, e.g. http://127.0.0.1:9001 */
  url: string;
  close(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export async function startHandlerHost(options: HandlerHostOptions): Promise<HandlerHost> {
  const server = createServer((request, response) => {
    serve(options.handlers, request, response).catch((error: unknown) => {
      if (!response.headersSent) answer(response, 500, { Type: "ServiceException", Message: error instanceof Error ? error.message : String(error) }, { "x-amzn-errortype": "ServiceException" });
      else response.destroy();
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(handlers: ReadonlyMap<string, HostedHandler>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? "").split("?")[0];
  const match = INVOKE_PATH.exec(path);
  if (!match) return serviceError(response, 404, "ResourceNotFoundException", `no route for ${request.method} ${path}: invoke POST /2015-03-31/functions/{name}/invocations`);
  if (request.method !== "POST") return serviceError(response, 405, "MethodNotAllowedException", `${request.method} is not allowed here; use POST`);
  let name: string;
  try {
    name = decodeURIComponent(match[1]);
  } catch {
    return serviceError(response, 400, "InvalidParameterValueException", "the function name is not valid URL encoding");
  }
  const handler = handlers.get(name) ?? handlers.get("*");
  if (!handler) return serviceError(response, 404, "ResourceNotFoundException", `Function not found: ${name} (this host serves ${[...handlers.keys()].join(", ") || "nothing"})`);

  const body = await readBody(request);
  if (body === "too-large") return serviceError(response, 413, "RequestTooLargeException", `the request payload is larger than ${MAX_INVOKE_PAYLOAD_BYTES} bytes`);
  let event: unknown;
  try {
    event = body.length === 0 ? {} : (JSON.parse(body) as unknown);
  } catch {
    return serviceError(response, 400, "InvalidRequestContentException", "Could not parse request body into json");
  }
  const header = request.headers["lambda-runtime-aws-request-id"];
  const requestId = typeof header === "string" && /^[\w-]{1,100}$/.test(header) ? header : newRequestId();
  const context = createLambdaContext({ functionName: name, requestId, clock: systemClock, deadline: systemClock.now() + INVOCATION_TIMEOUT_MS });
  let result: unknown;
  try {
    result = await handler(event, context);
  } catch (error) {
    const thrown = error instanceof Error ? error : new Error(String(error));
    return answer(response, 200, { errorType: thrown.name || "Error", errorMessage: thrown.message, trace: (thrown.stack ?? "").split("\n") }, { "x-amz-function-error": "Unhandled" });
  }
  answer(response, 200, result ?? null, { "x-amz-executed-version": "$LATEST" });
}

function serviceError(response: ServerResponse, status: number, type: string, message: string): void {
  answer(response, status, { Type: "User", message }, { "x-amzn-errortype": type });
}

function answer(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body) ?? "null";
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** The request body as text, or "too-large" once it passes Lambda's payload limit (the rest is not read). */
function readBody(request: IncomingMessage): Promise<string | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_INVOKE_PAYLOAD_BYTES) {
        request.removeAllListeners("data");
        request.resume();
        resolve("too-large");
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
