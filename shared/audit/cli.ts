/**
 * Auditing the `durable` CLI. Its steering commands (start, stop, redrive, replay, callback) open
 * the store directly, so they write their own audit records, built and written by the same code
 * as the console's (shared/audit/record) and kept by the same rule: an action that happened or was
 * refused by the state of its target is recorded; input refused as malformed or naming nothing
 * that exists is not (`becameAction`), exactly as the console does.
 *
 * The actor is `cli:<operating-system user>` with authMethod "os" and source "cli", and no role:
 * the CLI has no sign-in, and whoever can open the store may do anything an operator may.
 */
import os from "node:os";
import type { DurableStore } from "../../sdk/store/types";
import type { ActionTarget } from "./actions";
import { AuditNote, becameAction, buildAuditRecord, executionOfCallback, writeAuditRecords, type AuditActor, type Outcome } from "./record";

/** What a CLI command is about to do; a command that changes nothing leaves `target` unset. */
export class CliAuditNote extends AuditNote {
  /** Set by a command once its arguments name what it acts on, before it acts. */
  target?: ActionTarget;
}

function osUserName(): string {
  try {
    const name = os.userInfo().username;
    if (name) return name;
  } catch {
    // no passwd entry for this uid (some containers): fall back to the environment
  }
  return process.env.USER || process.env.LOGNAME || process.env.USERNAME || "unknown";
}

export function cliActor(): AuditActor {
  return { name: `cli:${osUserName()}`, method: "os", source: "cli" };
}

/** The outcome of a command: done, or failed with the error code it ended with. */
export function cliOutcome(failure?: { errorCode: string; message: string }): Outcome {
  if (!failure) return { outcome: "succeeded" };
  // Unexpected errors keep their text out of the log, as the console does.
  return failure.errorCode === "INTERNAL_ERROR"
    ? { outcome: "failed", errorCode: failure.errorCode }
    : { outcome: "failed", errorCode: failure.errorCode, message: failure.message };
}

/**
 * Records the command if it acted (or tried to): one record, written through the store the
 * command used. Returns false when the record could not be written (`warn` was told why).
 */
export async function auditCliCommand(
  store: Pick<DurableStore, "audit" | "callbacks">,
  note: CliAuditNote,
  outcome: Outcome,
  warn: (line: string) => void,
): Promise<boolean> {
  const target = note.target;
  if (!target || !becameAction(outcome.errorCode)) return true;
  const lookup = { getCallback: (callbackId: string) => store.callbacks.get(callbackId) };
  const executionId = note.executionId ?? target.executionId ?? (await executionOfCallback(lookup, target.callbackId));
  const record = buildAuditRecord(cliActor(), target, outcome, Date.now(), { executionId, details: note.details, action: note.action });
  return writeAuditRecords({ appendAudit: (entry) => store.audit.append(entry) }, [record], warn);
}
