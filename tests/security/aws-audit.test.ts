/**
 * What the Lambda-compatible API writes to the audit log (lib/server/aws/auth/audit): actions
 * made with an access key are recorded like console actions, the key id as the actor; reads,
 * the handler's own checkpoints and requests that never became actions are not. Written to a
 * real SQLite store through the console's audit module.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executionArn } from "@/sdk/runtime/ids";
import type { AuditRecord } from "@/sdk/store/types";
import { auditAwsRequest, awsOutcomeOf, describeAwsAction } from "@/lib/server/aws/auth/audit";
import type { Principal } from "@/shared/auth/roles";
import { createHarness, startWaitingPayment, type SecurityHarness } from "./support";

let h: SecurityHarness;
const KEY: Principal = { name: "OPSKEY0001", role: "operator", method: "sigv4" };
const BASE = "http://192.0.2.1:3000";

beforeAll(async () => {
  h = await createHarness("aws-audit");
});

afterAll(async () => {
  await h.close();
});

async function auditOf(executionId: string): Promise<AuditRecord[]> {
  return (await h.store.audit.list({ executionId, limit: 100 })).items;
}

function post(path: string): Request {
  return new Request(`${BASE}${path}`, { method: "POST", body: "{}" });
}

function awsError(status: number, type: string): Response {
  return Response.json({ Type: "User", Message: "no" }, { status, headers: { "x-amzn-ErrorType": type } });
}

describe("the audited actions", () => {
  it("are Invoke, Stop and the callback answers; reads, state and checkpoints are not", () => {
    const arn = encodeURIComponent("arn:aws:lambda:us-east-1:000000000000:function:orders:$LATEST/durable-execution/n/abc");
    expect(describeAwsAction("POST", "/2015-03-31/functions/orders/invocations")).toMatchObject({ action: "execution.start", operation: "Invoke" });
    expect(describeAwsAction("POST", `/2025-12-01/durable-executions/${arn}/stop`)).toMatchObject({ action: "execution.stop", executionId: decodeURIComponent(arn) });
    expect(describeAwsAction("POST", "/2025-12-01/durable-execution-callbacks/cb-1/fail")).toMatchObject({ action: "callback.fail", callbackId: "cb-1" });
    expect(describeAwsAction("POST", `/2025-12-01/durable-executions/${arn}/checkpoint`)).toBeUndefined();
    expect(describeAwsAction("GET", `/2025-12-01/durable-executions/${arn}/state`)).toBeUndefined();
    expect(describeAwsAction("GET", "/2025-12-01/functions/orders/durable-executions")).toBeUndefined();
  });

  it("keep done, failed and denied outcomes, not malformed or missing targets", () => {
    expect(awsOutcomeOf(new Response("{}", { status: 200 }))).toEqual({ outcome: "succeeded" });
    expect(awsOutcomeOf(awsError(409, "ResourceConflictException"))).toEqual({ outcome: "failed", errorCode: "ResourceConflictException" });
    expect(awsOutcomeOf(awsError(403, "AccessDeniedException"))).toEqual({ outcome: "denied", errorCode: "AccessDeniedException" });
    expect(awsOutcomeOf(awsError(404, "ResourceNotFoundException"))).toBeUndefined();
    expect(awsOutcomeOf(awsError(400, "InvalidParameterValueException"))).toBeUndefined();
  });
});

describe("records in the store", () => {
  it("a key's stop and callback answer are filed under their execution, with the key as actor", async () => {
    const { executionId, callbackId } = await startWaitingPayment(h, "aws-audit-1");
    const arn = executionArn("payments", "aws-audit-1", executionId);
    const ok = () => Response.json({});
    await auditAwsRequest(post(`/2025-12-01/durable-execution-callbacks/${callbackId}/heartbeat`), KEY, ok());
    await auditAwsRequest(post(`/2025-12-01/durable-executions/${encodeURIComponent(arn)}/stop`), KEY, awsError(409, "ResourceConflictException"));
    await auditAwsRequest(post(`/2025-12-01/durable-executions/${encodeURIComponent(arn)}/stop`), KEY, ok());
    await auditAwsRequest(post(`/2025-12-01/durable-executions/${encodeURIComponent(arn)}/stop`), KEY, awsError(404, "ResourceNotFoundException"));
    await auditAwsRequest(post(`/2025-12-01/durable-executions/${encodeURIComponent(arn)}/checkpoint`), KEY, ok());
    const records = await auditOf(executionId);
    expect(records.map((r) => [r.actor, r.authMethod, r.role, r.source, r.action, r.outcome])).toEqual([
      ["OPSKEY0001", "sigv4", "operator", "console", "execution.stop", "succeeded"],
      ["OPSKEY0001", "sigv4", "operator", "console", "execution.stop", "failed"],
      ["OPSKEY0001", "sigv4", "operator", "console", "callback.heartbeat", "succeeded"],
    ]);
    expect(records[0]!.details).toEqual({ api: "lambda", operation: "StopDurableExecution" });
    expect(records[1]).toMatchObject({ errorCode: "ResourceConflictException", message: "no" });
    expect(records[2]!.callbackId).toBe(callbackId);
  });

  it("a started execution is filed under the execution Invoke created", async () => {
    const arn = executionArn("payments", "invoked-1", "exec-created-1");
    await auditAwsRequest(post("/2015-03-31/functions/payments/invocations"), KEY, new Response(null, { status: 202, headers: { "X-Amz-Durable-Execution-Arn": arn } }));
    const [record] = await auditOf("exec-created-1");
    expect(record).toMatchObject({ actor: "OPSKEY0001", action: "execution.start", details: { api: "lambda", operation: "Invoke" } });
  });
});
