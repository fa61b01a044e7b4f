/**
 * The audit log for the Lambda-compatible API: what an access key (or the local operator on
 * loopback) changed is recorded as the console's own actions are (lib/server/audit/log), with the
 * key id as the actor, "sigv4" as the method, and the same action names: Invoke is
 * execution.start, StopDurableExecution execution.stop, SendDurableExecutionCallback* are
 * callback.succeed / fail / heartbeat. The operation's AWS name and the caller's address go in
 * the details.
 *
 * Reads are not audited, and neither are GetDurableExecutionState and CheckpointDurableExecution:
 * they are the handler's own runtime traffic (the worker's in-process checkpoints are not audited
 * either), and recording every step would bury the operators' actions.
 *
 * As for the console: requests that never became actions (404, 413, malformed input) are not
 * recorded; done, failed and denied ones are.
 */
import "server-only";
import type { Principal } from "../../../../shared/auth/roles";
import type { ActionTarget } from "../../../../shared/audit/actions";
import { buildAuditRecord, type Outcome } from "../../../../shared/audit/record";
import { appendAuditRecords, callbackExecution } from "../../audit/log";
import { peerOf } from "../../auth/peer";

export interface AwsActionTarget extends ActionTarget {
  /** The API operation's name, e.g. "StopDurableExecution". */
  operation: string;
}

/** Error types of requests that were malformed and so never became actions. */
const MALFORMED = new Set(["InvalidParameterValueException", "InvalidRequestContentException", "UnsupportedMediaTypeException"]);

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The audited action of a request, or undefined when requests like it are not audited. */
export function describeAwsAction(method: string, pathname: string): AwsActionTarget | undefined {
  if (method.toUpperCase() !== "POST") return undefined;
  const parts = pathname.split("/").filter(Boolean).map(decode);
  if (parts.length === 4 && parts[0] === "2015-03-31" && parts[1] === "functions" && parts[3] === "invocations") {
    return { action: "execution.start", operation: "Invoke" };
  }
  if (parts.length === 4 && parts[0] === "2025-12-01" && parts[1] === "durable-executions" && parts[3] === "stop") {
    return { action: "execution.stop", operation: "StopDurableExecution", executionId: parts[2] };
  }
  if (parts.length === 4 && parts[0] === "2025-12-01" && parts[1] === "durable-execution-callbacks") {
    const verb = parts[3]!;
    const operation = { succeed: "SendDurableExecutionCallbackSuccess", fail: "SendDurableExecutionCallbackFailure", heartbeat: "SendDurableExecutionCallbackHeartbeat" }[verb];
    if (operation) return { action: `callback.${verb}`, operation, callbackId: parts[2] };
  }
  return undefined;
}

/** How an answered request ended, read from its status and `x-amzn-ErrorType`; undefined when it is not recorded. */
export function awsOutcomeOf(response: Response): Outcome | undefined {
  if (response.ok) return { outcome: "succeeded" };
  const errorType = response.headers.get("x-amzn-errortype")?.split(":", 1)[0] ?? `HTTP_${response.status}`;
  if (response.status === 404 || response.status === 413 || MALFORMED.has(errorType)) return undefined;
  return { outcome: response.status === 403 ? "denied" : "failed", errorCode: errorType };
}

/**
 * Records one API request once it is answered, if it is an action the audit log keeps: the
 * outcome is read from the answer, the execution from the path, the callback, or the ARN that
 * Invoke answers with.
 */
export async function auditAwsRequest(request: Request, principal: Principal, response: Response): Promise<void> {
  const target = describeAwsAction(request.method, new URL(request.url).pathname);
  const outcome = target && awsOutcomeOf(response);
  if (!target || !outcome) return;
  const details: Record<string, unknown> = { api: "lambda", operation: target.operation };
  const { address } = peerOf(request);
  if (address) details.sourceAddress = address;
  if (outcome.outcome !== "succeeded") outcome.message = await errorMessageOf(response);
  const actor = { name: principal.name, method: principal.method, role: principal.role, source: "console" as const };
  const executionId = response.headers.get("x-amz-durable-execution-arn") ?? target.executionId ?? (await callbackExecution(target.callbackId));
  await appendAuditRecords([buildAuditRecord(actor, target, outcome, Date.now(), { executionId, details })]);
}

/** The Message of an error answer (read from a copy: the response still goes to the client). */
async function errorMessageOf(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.clone().json()) as { Message?: unknown };
    return typeof body.Message === "string" ? body.Message : undefined;
  } catch {
    return undefined;
  }
}
