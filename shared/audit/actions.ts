/**
 * What an API request does, for the audit log: its action name and the execution or callback it
 * is about, read from the method and path alone, so every action route is audited the same way
 * whether its handler ran, failed validation, or was refused.
 */
export type AuditAction =
  | "execution.start"
  | "execution.stop"
  | "execution.redrive"
  | "execution.replay"
  | "execution.rerun"
  | "execution.bulk"
  | "callback.succeed"
  | "callback.fail"
  | "callback.heartbeat"
  | "bundle.import"
  | "bundle.remove"
  | "auth.login"
  | "auth.logout"
  | "job.create"
  | "job.cancel";

export interface ActionTarget {
  action: string;
  executionId?: string;
  callbackId?: string;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Path segments after /api, percent-decoded. */
function segmentsOf(pathname: string): string[] {
  return pathname.replace(/^\/api\/?/, "").split("/").filter(Boolean).map(decode);
}

/** The Lambda API's actions (lib/server/aws): the same names as the console's. */
function describeAwsAction(method: string, pathname: string): ActionTarget | undefined {
  if (method !== "POST") return undefined;
  const parts = pathname.split("/").filter(Boolean).map(decode);
  if (parts.length === 4 && parts[0] === "2015-03-31" && parts[1] === "functions" && parts[3] === "invocations") return { action: "execution.start" };
  if (parts.length === 4 && parts[0] === "2025-12-01" && parts[1] === "durable-executions" && parts[3] === "stop") {
    return { action: "execution.stop", executionId: parts[2]!.split("/").pop() };
  }
  if (parts.length === 4 && parts[0] === "2025-12-01" && parts[1] === "durable-execution-callbacks" && ["succeed", "fail", "heartbeat"].includes(parts[3]!)) {
    return { action: `callback.${parts[3]}`, callbackId: parts[2] };
  }
  return undefined;
}

export function describeAction(method: string, pathname: string): ActionTarget {
  const aws = describeAwsAction(method, pathname);
  if (aws) return aws;
  const parts = segmentsOf(pathname);
  if (method === "POST") {
    if (parts.length === 1 && parts[0] === "executions") return { action: "execution.start" };
    if (parts.length === 2 && parts[0] === "executions" && parts[1] === "bulk") return { action: "execution.bulk" };
    if (parts.length === 2 && parts[0] === "callbacks" && parts[1] === "answers") return { action: "callback.succeed" };
    if (parts.length === 3 && parts[0] === "executions" && ["stop", "redrive", "replay", "rerun"].includes(parts[2]!)) {
      return { action: `execution.${parts[2]}`, executionId: parts[1] };
    }
    if (parts.length === 1 && parts[0] === "jobs") return { action: "job.create" };
    if (parts.length === 3 && parts[0] === "jobs" && parts[2] === "cancel") return { action: "job.cancel" };
    if (parts.length === 3 && parts[0] === "callbacks" && ["succeed", "fail", "heartbeat"].includes(parts[2]!)) {
      return { action: `callback.${parts[2]}`, callbackId: parts[1] };
    }
  }
  if (parts[0] === "bundles") {
    if (method === "POST" && parts.length === 1) return { action: "bundle.import" };
    if (method === "DELETE" && parts.length === 2) return { action: "bundle.remove" };
  }
  // Anything else that changes state is still recorded, by method and path.
  return { action: `http.${method.toLowerCase()} ${pathname.slice(0, 200)}` };
}
