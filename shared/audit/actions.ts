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
  | "auth.login"
  | "auth.logout";

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

export function describeAction(method: string, pathname: string): ActionTarget {
  const parts = segmentsOf(pathname);
  if (method === "POST") {
    if (parts.length === 1 && parts[0] === "executions") return { action: "execution.start" };
    if (parts.length === 2 && parts[0] === "executions" && parts[1] === "bulk") return { action: "execution.bulk" };
    if (parts.length === 3 && parts[0] === "executions" && ["stop", "redrive", "replay", "rerun"].includes(parts[2]!)) {
      return { action: `execution.${parts[2]}`, executionId: parts[1] };
    }
    if (parts.length === 3 && parts[0] === "callbacks" && ["succeed", "fail", "heartbeat"].includes(parts[2]!)) {
      return { action: `callback.${parts[2]}`, callbackId: parts[1] };
    }
  }
  // Anything else that changes state is still recorded, by method and path.
  return { action: `http.${method.toLowerCase()} ${pathname.slice(0, 200)}` };
}
