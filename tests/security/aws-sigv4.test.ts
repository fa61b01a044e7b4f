/**
 * SigV4 authentication of the Lambda-compatible API, decided by lib/server/aws/auth: requests
 * signed by a real `@aws-sdk/client-lambda` client (sent over real HTTP to a small server in this
 * process that answers with the authentication's verdict) and by the Smithy signer directly,
 * then tampered with. The socket is loopback here, so the verdict is asked for as "remote" unless
 * a test is about loopback.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetDurableExecutionCommand, LambdaClient, ListDurableExecutionsByFunctionCommand, StopDurableExecutionCommand } from "@aws-sdk/client-lambda";
import { Sha256Node } from "@smithy/core/checksum";
import { HttpRequest } from "@smithy/core/protocols";
import { SignatureV4 } from "@smithy/signature-v4";
import { readAuthConfig, type AuthConfig } from "@/shared/auth/config";
import { authenticateAwsRequest } from "@/lib/server/aws/authenticate";
import { AwsError } from "@/lib/server/aws/errors";
import { SigV4Refusal, verifySigV4 } from "@/lib/server/aws/auth/sigv4";
import type { Peer } from "@/lib/server/auth/peer";
import type { Principal } from "@/shared/auth/roles";

const OPERATOR = { keyId: "OPSKEY0001", secret: "operator-secret-0123456789abcdef" };
const VIEWER = { keyId: "VIEWKEY0001", secret: "viewer-secret-0123456789abcdef00" };
const config: AuthConfig = readAuthConfig({
  DURABLE_CONSOLE_ACCESS_KEYS: `${OPERATOR.keyId}:operator:${OPERATOR.secret},${VIEWER.keyId}:viewer:${VIEWER.secret}`,
});
const REMOTE: Peer = { kind: "remote", address: "192.0.2.10" };
const LOOPBACK: Peer = { kind: "loopback", address: "127.0.0.1" };
const ARN = "arn:aws:lambda:us-east-1:000000000000:function:orders:$LATEST/durable-execution/run-1/0a1b2c3d";

/** What the probe server decided for the last request. */
let lastVerdict: { principal?: Principal; error?: unknown } = {};
let peerForProbe: Peer = REMOTE;
let server: http.Server;
let endpoint: string;

function requestOf(message: http.IncomingMessage, body: Buffer): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) if (typeof value === "string") headers.set(name, value);
  const hasBody = message.method !== "GET" && message.method !== "HEAD";
  return new Request(`http://${message.headers.host}${message.url}`, { method: message.method, headers, body: hasBody ? new Uint8Array(body) : undefined });
}

/** Answers 403 in the service's shape, or a small JSON body that each command used here parses. */
async function probe(message: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  try {
    const principal = await authenticateAwsRequest(requestOf(message, Buffer.concat(chunks)), { config, peer: peerForProbe });
    lastVerdict = { principal };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ DurableExecutions: [] }));
  } catch (error) {
    lastVerdict = { error };
    const type = AwsError.is(error) ? error.type : "ServiceException";
    response.writeHead(AwsError.is(error) ? error.status : 500, { "content-type": "application/json", "x-amzn-errortype": type });
    response.end(JSON.stringify({ Type: "User", Message: (error as Error).message }));
  }
}

function client(credentials: { accessKeyId: string; secretAccessKey: string }, extra: { systemClockOffset?: number } = {}): LambdaClient {
  return new LambdaClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1, ...extra });
}

const operatorClient = () => client({ accessKeyId: OPERATOR.keyId, secretAccessKey: OPERATOR.secret });

async function refusal(promise: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!error) throw new Error("the request was accepted");
  return { name: error.name, status: error.$metadata?.httpStatusCode, message: error.message };
}

beforeAll(async () => {
  server = http.createServer((request, response) => void probe(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("requests signed by @aws-sdk/client-lambda, from off loopback", () => {
  it("the right key is accepted for reads and actions, and acts under its key id", async () => {
    await operatorClient().send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "orders", MaxItems: 5, Statuses: ["RUNNING", "FAILED"] }));
    expect(lastVerdict.principal).toEqual({ name: OPERATOR.keyId, role: "operator", method: "sigv4" });
    await operatorClient().send(new StopDurableExecutionCommand({ DurableExecutionArn: ARN, Error: { ErrorMessage: "stopped by a script" } }));
    expect(lastVerdict.principal?.name).toBe(OPERATOR.keyId);
  });

  it("a wrong secret, an unknown key and no signature at all are refused 403", async () => {
    const wrong = await refusal(client({ accessKeyId: OPERATOR.keyId, secretAccessKey: "not-the-secret-0123456789" }).send(new GetDurableExecutionCommand({ DurableExecutionArn: ARN })));
    expect(wrong).toMatchObject({ name: "InvalidSignatureException", status: 403 });
    const unknown = await refusal(client({ accessKeyId: "NOSUCHKEY", secretAccessKey: OPERATOR.secret }).send(new GetDurableExecutionCommand({ DurableExecutionArn: ARN })));
    expect(unknown).toMatchObject({ name: "UnrecognizedClientException", status: 403 });
    const unsigned = await fetch(`${endpoint}/2025-12-01/functions/orders/durable-executions`);
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
  });

  it("a viewer key is identified with its role (the route layer lets it read only)", async () => {
    const viewer = client({ accessKeyId: VIEWER.keyId, secretAccessKey: VIEWER.secret });
    await viewer.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "orders" }));
    expect(lastVerdict.principal).toEqual({ name: VIEWER.keyId, role: "viewer", method: "sigv4" });
  });

  it("a client clock more than 5 minutes off is refused; within 5 minutes it is accepted", async () => {
    const late = await refusal(client({ accessKeyId: OPERATOR.keyId, secretAccessKey: OPERATOR.secret }, { systemClockOffset: -6 * 60_000 }).send(new GetDurableExecutionCommand({ DurableExecutionArn: ARN })));
    expect(late.name).toBe("InvalidSignatureException");
    expect(late.message).toMatch(/Signature expired/);
    const early = await refusal(client({ accessKeyId: OPERATOR.keyId, secretAccessKey: OPERATOR.secret }, { systemClockOffset: 6 * 60_000 }).send(new GetDurableExecutionCommand({ DurableExecutionArn: ARN })));
    expect(early.name).toBe("InvalidSignatureException");
    await client({ accessKeyId: OPERATOR.keyId, secretAccessKey: OPERATOR.secret }, { systemClockOffset: -4 * 60_000 }).send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "orders" }));
    expect(lastVerdict.principal?.name).toBe(OPERATOR.keyId);
  });
});

describe("loopback", () => {
  it("accepts unsigned requests and any signature as the local operator, and a valid key as that key", async () => {
    peerForProbe = LOOPBACK;
    try {
      await client({ accessKeyId: "dummy", secretAccessKey: "dummy" }).send(new StopDurableExecutionCommand({ DurableExecutionArn: ARN }));
      expect(lastVerdict.principal).toEqual({ name: "local", role: "operator", method: "none" });
      expect((await fetch(`${endpoint}/2025-12-01/functions/orders/durable-executions`)).status).toBe(200);
      expect(lastVerdict.principal?.name).toBe("local");
      await operatorClient().send(new StopDurableExecutionCommand({ DurableExecutionArn: ARN }));
      expect(lastVerdict.principal).toEqual({ name: OPERATOR.keyId, role: "operator", method: "sigv4" });
    } finally {
      peerForProbe = REMOTE;
    }
  });
});

// ---- Hand-signed requests, tampered with after signing -------------------------------------

const HOST = "192.0.2.1:3000";

interface Signable {
  method?: string;
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

function signer(secret = OPERATOR.secret, keyId = OPERATOR.keyId, service = "lambda"): SignatureV4 {
  return new SignatureV4({ service, region: "eu-west-1", credentials: { accessKeyId: keyId, secretAccessKey: secret }, sha256: Sha256Node });
}

function toRequest(signed: HttpRequest): Request {
  const search = new URLSearchParams(signed.query as Record<string, string>).toString().replace(/\+/g, "%20");
  const hasBody = signed.body !== undefined && signed.method !== "GET";
  return new Request(`http://${HOST}${signed.path}${search ? `?${search}` : ""}`, { method: signed.method, headers: signed.headers, body: hasBody ? (signed.body as string) : undefined });
}

function unsigned({ method = "POST", path = `/2025-12-01/durable-executions/${encodeURIComponent(ARN)}/stop`, query = {}, headers = {}, body = "{}" }: Signable = {}): HttpRequest {
  return new HttpRequest({ method, protocol: "http:", hostname: "192.0.2.1", port: 3000, path, query, headers: { host: HOST, "content-type": "application/json", ...headers }, body: method === "GET" ? undefined : body });
}

async function signed(parts: Signable = {}, by = signer(), signingDate = new Date()): Promise<HttpRequest> {
  return (await by.sign(unsigned(parts), { signingDate })) as HttpRequest;
}

async function verdict(request: Request, now?: number): Promise<string> {
  try {
    const principal = await authenticateAwsRequest(request, { config, peer: REMOTE, now });
    return `accepted:${principal.name}`;
  } catch (error) {
    if (AwsError.is(error)) return error.type;
    throw error;
  }
}

function withHeader(request: HttpRequest, name: string, value: string | undefined): HttpRequest {
  const headers = { ...request.headers };
  if (value === undefined) delete headers[name];
  else headers[name] = value;
  return new HttpRequest({ ...request, headers });
}

describe("signed by the Smithy signer, then changed", () => {
  it("the untouched request is accepted (also with a payload hash header and a query)", async () => {
    expect(await verdict(toRequest(await signed({ body: '{"Error":{"ErrorMessage":"a b+c"}}' })))).toBe(`accepted:${OPERATOR.keyId}`);
    const body = '{"x":1}';
    const withHash = await signed({ body, headers: { "x-amz-content-sha256": await sha256(body) } });
    expect(await verdict(toRequest(withHash))).toBe(`accepted:${OPERATOR.keyId}`);
    const listing = await signed({ method: "GET", path: "/2025-12-01/functions/orders/durable-executions", query: { MaxItems: "5", DurableExecutionName: "a b+c/d" } });
    expect(await verdict(toRequest(listing))).toBe(`accepted:${OPERATOR.keyId}`);
  });

  it("a changed body, path, query, signed header or method is refused", async () => {
    const original = await signed({ body: '{"Error":{"ErrorMessage":"first"}}', headers: { "x-amz-durable-note": "one" } });
    expect(await verdict(toRequest(new HttpRequest({ ...original, body: '{"Error":{"ErrorMessage":"other"}}' })))).toBe("InvalidSignatureException");
    expect(await verdict(toRequest(new HttpRequest({ ...original, path: original.path.replace("/stop", "/checkpoint") })))).toBe("InvalidSignatureException");
    expect(await verdict(toRequest(new HttpRequest({ ...original, query: { extra: "1" } })))).toBe("InvalidSignatureException");
    expect(await verdict(toRequest(new HttpRequest({ ...original, method: "PUT" })))).toBe("InvalidSignatureException");
    expect(await verdict(toRequest(withHeader(original, "x-amz-durable-note", "two")))).toBe("InvalidSignatureException");
    // A signed header that is left out, and a host that is not the one signed.
    expect(await verdict(toRequest(withHeader(original, "x-amz-durable-note", undefined)))).toBe("InvalidSignatureException");
    expect(await verdict(toRequest(withHeader(original, "host", "192.0.2.99:3000")))).toBe("InvalidSignatureException");
    // Unsigned headers may change: they are not part of the signature.
    expect(await verdict(toRequest(withHeader(original, "user-agent", "changed")))).toBe(`accepted:${OPERATOR.keyId}`);
  });

  it("a payload hash header must be the body's hash, and UNSIGNED-PAYLOAD is refused", async () => {
    const lying = await signed({ body: '{"x":1}', headers: { "x-amz-content-sha256": await sha256('{"x":2}') } });
    expect(await verdict(toRequest(lying))).toBe("InvalidSignatureException");
    const unsignedPayload = await signed({ body: '{"x":1}', headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
    expect(await verdict(toRequest(unsignedPayload))).toBe("InvalidSignatureException");
  });

  it("a signature for another service, a session token or a malformed header is refused", async () => {
    expect(await verdict(toRequest(await signed({}, signer(OPERATOR.secret, OPERATOR.keyId, "s3"))))).toBe("InvalidSignatureException");
    expect(await verdict(toRequest(await signed({ headers: { "x-amz-security-token": "temporary" } })))).toBe("UnrecognizedClientException");
    const good = await signed();
    const auth = String(good.headers.authorization);
    expect(await verdict(toRequest(withHeader(good, "authorization", auth.replace(/, Signature=.*/, ""))))).toBe("IncompleteSignatureException");
    expect(await verdict(toRequest(withHeader(good, "authorization", auth.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512"))))).toBe("IncompleteSignatureException");
    expect(await verdict(toRequest(withHeader(good, "authorization", "Bearer abc")))).toBe("IncompleteSignatureException");
    expect(await verdict(toRequest(withHeader(good, "x-amz-date", "20261207T250000Z")))).toBe("IncompleteSignatureException");
  });

  it("the clock skew is checked against the server's time", async () => {
    const at = new Date("2026-12-07T08:00:00Z");
    const request = await signed({}, signer(), at);
    expect(await verdict(toRequest(request), at.getTime() + 4 * 60_000)).toBe(`accepted:${OPERATOR.keyId}`);
    expect(await verdict(toRequest(request), at.getTime() + 5 * 60_000 + 1000)).toBe("InvalidSignatureException");
    expect(await verdict(toRequest(request), at.getTime() - 5 * 60_000 - 1000)).toBe("InvalidSignatureException");
  });
});

describe("the body is read last", () => {
  it("not at all for an unknown key or an expired signature", async () => {
    const refusedWith = async (request: HttpRequest, now = Date.now()) => {
      const arrived = { method: request.method, target: request.path, headers: new Headers(request.headers), body: () => Promise.reject(new Error("the body was read")) };
      return verifySigV4(arrived, config.accessKeys, now).then(
        () => "accepted",
        (error: unknown) => (error instanceof SigV4Refusal ? error.errorType : (error as Error).message),
      );
    };
    expect(await refusedWith(await signed({}, signer(OPERATOR.secret, "NOSUCHKEY")))).toBe("UnrecognizedClientException");
    expect(await refusedWith(await signed(), Date.now() + 10 * 60_000)).toBe("InvalidSignatureException");
    expect(await refusedWith(await signed())).toBe("the body was read");
  });
});

describe("query-string signing (presigned URLs)", () => {
  async function presigned(query: Record<string, string> = {}, expiresIn = 300, signingDate = new Date()): Promise<HttpRequest> {
    return (await signer().presign(unsigned({ method: "GET", path: "/2025-12-01/functions/orders/durable-executions", query }), { expiresIn, signingDate })) as HttpRequest;
  }

  it("is accepted while it lasts, refused after X-Amz-Expires or when the query is changed", async () => {
    const url = await presigned({ MaxItems: "3" });
    expect(await verdict(toRequest(url))).toBe(`accepted:${OPERATOR.keyId}`);
    expect(await verdict(toRequest(url), Date.now() + 301_000)).toBe("InvalidSignatureException");
    expect(await verdict(toRequest(new HttpRequest({ ...url, query: { ...url.query, MaxItems: "4" } })))).toBe("InvalidSignatureException");
    const otherSecret = (await signer("another-secret-0123456789").presign(unsigned({ method: "GET", path: "/2025-12-01/functions/orders/durable-executions" }))) as HttpRequest;
    expect(await verdict(toRequest(otherSecret))).toBe("InvalidSignatureException");
  });

  it("is refused when signed in both the header and the query", async () => {
    const url = await presigned();
    expect(await verdict(toRequest(withHeader(url, "authorization", "AWS4-HMAC-SHA256 Credential=x")))).toBe("IncompleteSignatureException");
  });
});

async function sha256(text: string): Promise<string> {
  const hash = new Sha256Node();
  hash.update(new TextEncoder().encode(text));
  return Buffer.from(await hash.digest()).toString("hex");
}
