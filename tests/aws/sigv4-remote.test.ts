/**
 * The Lambda API off loopback, end to end: the built console listens on this machine's network
 * address (not 127.0.0.1), so every request reaches it from a non-loopback socket address, and
 * must be SigV4-signed with a configured access key. Real LambdaClients sign with the right key,
 * a wrong secret, an unknown key and a viewer key; what they were refused changed nothing in the
 * store.
 */
import os from "node:os";
import {
  CheckpointDurableExecutionCommand,
  GetDurableExecutionStateCommand,
  LambdaClient,
  StopDurableExecutionCommand,
  type OperationUpdate,
} from "@aws-sdk/client-lambda";
import { Sha256Node } from "@smithy/core/checksum";
import { HttpRequest } from "@smithy/core/protocols";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEER_HEADER } from "../../lib/server/auth/peer";
import { REMOTE_FUNCTION, startAwsHarness, type AwsHarness } from "./harness";

const OPERATOR = { accessKeyId: "REMOTEOPS01", secretAccessKey: "remote-operator-secret-0123456789" };
const VIEWER = { accessKeyId: "REMOTEVIEW01", secretAccessKey: "remote-viewer-secret-01234567890" };

/** An IPv4 address of this machine that is not loopback (eth0's, here). */
function networkAddress(): string {
  for (const addresses of Object.values(os.networkInterfaces())) {
    const found = addresses?.find((a) => a.family === "IPv4" && !a.internal);
    if (found) return found.address;
  }
  throw new Error("this machine has no non-loopback IPv4 address to listen on");
}

let h: AwsHarness;
let url: string;

beforeAll(async () => {
  h = await startAwsHarness(() => undefined, {
    host: networkAddress(),
    env: {
      // Off loopback the console needs its own authentication, besides the API's access keys.
      DURABLE_CONSOLE_TOKEN: "remote-console-token-0123456789",
      DURABLE_CONSOLE_ACCESS_KEYS: `${OPERATOR.accessKeyId}:operator:${OPERATOR.secretAccessKey},${VIEWER.accessKeyId}:viewer:${VIEWER.secretAccessKey}`,
    },
  });
  url = h.server.url;
}, 240_000);

afterAll(async () => {
  await h?.close();
});

function lambda(credentials: { accessKeyId: string; secretAccessKey: string }): LambdaClient {
  return new LambdaClient({ endpoint: url, region: "us-east-1", credentials, maxAttempts: 1 });
}

async function rejection(promise: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode };
  }
  throw new Error("expected the command to be refused");
}

async function claimed() {
  const { execution } = await h.client.startExecution({ functionName: REMOTE_FUNCTION, input: '{"n":1}' });
  const token = await h.claim(execution.executionId);
  return { arn: execution.arn, executionId: execution.executionId, token };
}

const start = (id: string): OperationUpdate => ({ Id: id, Type: "STEP", SubType: "Step", Action: "START", Name: id });

/** What a refused request must leave as it was. */
async function snapshot(executionId: string) {
  const execution = await h.store.executions.get(executionId);
  const events = await h.store.history.list(executionId, { limit: 1000 });
  return { version: execution?.version, status: execution?.status, events: events.items.length };
}

describe("off loopback", () => {
  it("the server really is reached from a non-loopback address", () => {
    expect(new URL(url).hostname).not.toMatch(/^127\.|^localhost$|^\[::1\]$/);
  });

  it("an operator key reads the state and checkpoints", async () => {
    const { arn, token } = await claimed();
    const client = lambda(OPERATOR);
    const state = await client.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: token }));
    expect(state.Operations?.map((op) => op.Type)).toEqual(["EXECUTION"]);
    const result = await client.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [start("a")] }));
    expect(result.CheckpointToken).toBeTruthy();
    expect(result.NewExecutionState?.Operations?.map((op) => [op.Id, op.Status])).toEqual([["a", "STARTED"]]);
  });

  it("a wrong secret is refused 403 and nothing changes; the token still works for the right key", async () => {
    const { arn, executionId, token } = await claimed();
    const before = await snapshot(executionId);
    const wrong = lambda({ accessKeyId: OPERATOR.accessKeyId, secretAccessKey: "not-the-operator-secret-0123456" });
    expect(await rejection(wrong.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [start("w")] })))).toEqual({
      name: "InvalidSignatureException",
      status: 403,
    });
    expect(await rejection(wrong.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: token })))).toMatchObject({ status: 403 });
    expect(await snapshot(executionId)).toEqual(before);
    expect(await h.store.operations.get(executionId, "w")).toBeUndefined();
    // Not even the token rotated: the right key checkpoints with it.
    await lambda(OPERATOR).send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [start("right")] }));
    expect((await h.store.operations.get(executionId, "right"))?.operation.Status).toBe("STARTED");
  });

  it("an unknown key (the SDK's dummy credentials), an unsigned request and a forged loopback stamp are refused", async () => {
    const { arn, executionId, token } = await claimed();
    const before = await snapshot(executionId);
    const dummy = lambda({ accessKeyId: "local", secretAccessKey: "local" });
    expect(await rejection(dummy.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [start("d")] })))).toEqual({
      name: "UnrecognizedClientException",
      status: 403,
    });
    const forged = await fetch(`${url}/2025-12-01/durable-executions/${encodeURIComponent(arn)}/checkpoint`, {
      method: "POST",
      headers: { "content-type": "application/json", [PEER_HEADER]: "loopback 127.0.0.1" },
      body: JSON.stringify({ CheckpointToken: token, Updates: [start("f")] }),
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await snapshot(executionId)).toEqual(before);
  });

  it("a viewer key reads, and its checkpoint is refused AccessDeniedException without a change", async () => {
    const { arn, executionId, token } = await claimed();
    const viewer = lambda(VIEWER);
    const state = await viewer.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: token }));
    expect(state.Operations).toHaveLength(1);
    const before = await snapshot(executionId);
    expect(await rejection(viewer.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [start("v")] })))).toEqual({
      name: "AccessDeniedException",
      status: 403,
    });
    expect(await snapshot(executionId)).toEqual(before);
  });

  it("a presigned URL (query-string signing) reads the state until it expires, and only as signed", async () => {
    const { arn, token } = await claimed();
    const { hostname, port } = new URL(url);
    const signer = new SignatureV4({ service: "lambda", region: "us-east-1", credentials: OPERATOR, sha256: Sha256Node });
    const presign = async (signingDate: Date) =>
      (await signer.presign(
        new HttpRequest({ method: "GET", protocol: "http:", hostname, port: Number(port), path: `/2025-12-01/durable-executions/${encodeURIComponent(arn)}/state`, query: { CheckpointToken: token }, headers: { host: `${hostname}:${port}` } }),
        { expiresIn: 60, signingDate },
      )) as HttpRequest;
    const address = (request: HttpRequest) => `${url}${request.path}?${new URLSearchParams(request.query as Record<string, string>).toString().replace(/\+/g, "%20")}`;
    const fresh = await fetch(address(await presign(new Date())));
    expect(fresh.status).toBe(200);
    expect(((await fresh.json()) as { Operations: unknown[] }).Operations).toHaveLength(1);
    const expired = await fetch(address(await presign(new Date(Date.now() - 120_000))));
    expect([expired.status, expired.headers.get("x-amzn-errortype")]).toEqual([403, "InvalidSignatureException"]);
    const changed = await presign(new Date());
    const tampered = await fetch(address(new HttpRequest({ ...changed, query: { ...changed.query, MaxItems: "1" } })));
    expect([tampered.status, tampered.headers.get("x-amzn-errortype")]).toEqual([403, "InvalidSignatureException"]);
  });

  it("what a key changes is audited under its key id, a viewer's attempt as denied; a wrong secret leaves no trace", async () => {
    const { arn, executionId } = await claimed();
    const wrong = lambda({ accessKeyId: OPERATOR.accessKeyId, secretAccessKey: "not-the-operator-secret-0123456" });
    expect(await rejection(wrong.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn })))).toMatchObject({ name: "InvalidSignatureException" });
    expect(await rejection(lambda(VIEWER).send(new StopDurableExecutionCommand({ DurableExecutionArn: arn })))).toMatchObject({ name: "AccessDeniedException" });
    expect((await h.store.executions.get(executionId))?.status).toBe("RUNNING");
    await lambda(OPERATOR).send(new StopDurableExecutionCommand({ DurableExecutionArn: arn }));
    expect((await h.store.executions.get(executionId))?.status).toBe("STOPPED");
    const records = (await h.store.audit.list({ executionId, limit: 10 })).items;
    expect(records.map((r) => [r.actor, r.authMethod, r.role, r.action, r.outcome])).toEqual([
      [OPERATOR.accessKeyId, "sigv4", "operator", "execution.stop", "succeeded"],
      [VIEWER.accessKeyId, "sigv4", "viewer", "execution.stop", "denied"],
    ]);
  });
});
