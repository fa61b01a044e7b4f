/**
 * Invoke (`POST /2015-03-31/functions/{FunctionName}/invocations`) of a durable function: starts
 * a durable execution, idempotent by name and input as `start` is (X-Amz-Durable-Execution-Name).
 * - `Event`: 202 at once, the execution's ARN in `X-Amz-Durable-Execution-Arn`;
 * - `RequestResponse` (the default): waits for the execution to end, at most 15 minutes (a
 *   synchronous Lambda invocation's limit), and answers its result as the payload, or its error
 *   with `X-Amz-Function-Error: Unhandled` as Lambda's Node runtime reports one. Still running at
 *   the bound: the same error form, and the ARN header says where to follow it;
 * - `DryRun`: 204 when the function exists, nothing started.
 * The console never runs the handler: a worker claims the new execution.
 */
import "server-only";
import { z } from "zod";
import { DEFAULT_QUALIFIER } from "@/sdk/runtime/ids";
import type { ExecutionView } from "@/sdk/runtime/client";
import { Limits, type ErrorObject } from "@/sdk/types/wire";
import { durable } from "../../durable";
import { AwsError } from "../errors";
import { awsCommand } from "../route";
import { functionNameParam } from "./params";

/** How long a RequestResponse invocation waits for its execution to end. */
export const INVOKE_WAIT_MS = 15 * 60 * 1000;
const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 250;

const invocationType = z.enum(["RequestResponse", "Event", "DryRun"]);
const executionName = z.string().regex(Limits.executionNamePattern, "must be 1-64 letters, digits, '-' or '_'");

function header<T>(request: Request, name: string, schema: z.ZodType<T>): T | undefined {
  const value = request.headers.get(name);
  if (value === null) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AwsError("InvalidParameterValueException", `${name}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

function jsonPayload(text: string): string | undefined {
  if (text.trim() === "") return undefined;
  try {
    JSON.parse(text);
  } catch {
    throw new AwsError("InvalidRequestContentException", "Could not parse request body into json: the payload must be JSON text");
  }
  return text;
}

export const invoke = awsCommand(
  {
    access: "write",
    action: "execution.start",
    params: { FunctionName: functionNameParam },
    query: z.object({ Qualifier: z.string().min(1).max(128).optional() }),
    body: "raw",
  },
  async ({ request, params, query, body, audit }) => {
    const type = header(request, "x-amz-invocation-type", invocationType) ?? "RequestResponse";
    const name = header(request, "x-amz-durable-execution-name", executionName);
    const qualifier = query.Qualifier ?? qualifierOf(new URL(request.url).pathname);
    if (qualifier !== undefined && qualifier !== DEFAULT_QUALIFIER) {
      throw new AwsError("ResourceNotFoundException", `Function not found: ${params.FunctionName}:${qualifier} (only ${DEFAULT_QUALIFIER} runs here)`);
    }
    const input = jsonPayload(body);
    const { raw } = await durable();
    if (type === "DryRun") {
      if (!(await raw.client.listFunctions()).some((fn) => fn.name === params.FunctionName && fn.kind === "durable")) {
        throw new AwsError("ResourceNotFoundException", `Function not found: ${params.FunctionName}`);
      }
      return new Response(null, { status: 204 });
    }
    audit.details.functionName = params.FunctionName;
    const { execution, alreadyExisted } = await raw.client.startExecution({ functionName: params.FunctionName, input, name });
    audit.executionId = execution.executionId;
    if (alreadyExisted) audit.details.alreadyExisted = true;
    const headers = { "X-Amz-Durable-Execution-Arn": execution.arn, "X-Amz-Executed-Version": DEFAULT_QUALIFIER };
    if (type === "Event") return new Response(null, { status: 202, headers });
    const ended = await waitForEnd(execution, request.signal);
    if (ended.status === "SUCCEEDED") {
      return new Response(ended.result ?? "null", { status: 200, headers: { ...headers, "Content-Type": "application/json" } });
    }
    const error: ErrorObject =
      ended.status === "RUNNING"
        ? { ErrorType: "InvocationWaitTimedOut", ErrorMessage: `The execution is still running after ${INVOKE_WAIT_MS / 1000} s; follow it with GetDurableExecution` }
        : (ended.error ?? { ErrorType: `Execution${ended.status}`, ErrorMessage: `The execution ended ${ended.status}` });
    const payload = { errorType: error.ErrorType ?? "Error", errorMessage: error.ErrorMessage ?? "", ...(error.StackTrace ? { trace: error.StackTrace } : {}) };
    return Response.json(payload, { status: 200, headers: { ...headers, "X-Amz-Function-Error": "Unhandled" } });
  },
);

/** The qualifier of a `name:qualifier` FunctionName label, if the path has one. */
function qualifierOf(pathname: string): string | undefined {
  const label = decodeURIComponent(pathname.split("/")[3] ?? "");
  const match = /^(?:arn:[^:]*:lambda:[^:]*:\d{12}:function:)?[^:]+:(.+)$/.exec(label);
  return match?.[1];
}

/** The execution once it ended, or as it is at the bound (or when the caller went away). */
async function waitForEnd(execution: ExecutionView, signal: AbortSignal): Promise<ExecutionView> {
  const { raw } = await durable();
  const deadline = Date.now() + INVOKE_WAIT_MS;
  let current = execution;
  let pause = FIRST_POLL_MS;
  while (current.status === "RUNNING" && Date.now() < deadline && !signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(MAX_POLL_MS, pause * 2);
    current = await raw.client.getExecution(execution.executionId);
  }
  return current;
}
