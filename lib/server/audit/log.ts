/**
 * Writing the audit log. `route()` (lib/http) records every action request once it has its
 * outcome: who (the principal), what (lib/audit/actions), which execution or callback, when, and
 * how it ended (succeeded, failed with the error code, or denied). A handler adds what only it
 * knows through its AuditNote (the execution a start created, the per-execution outcomes of a
 * bulk action). Never a payload, a password or a token.
 *
 * A failed audit write is logged (without the record's details) and does not undo the action,
 * which has already happened. Records are built and written by lib/audit/record, which the CLI
 * (lib/audit/cli) uses too; here the actor is the console principal, with source "console".
 */
import "server-only";
import type { AuditRecord } from "@/sdk/store/types";
import type { Principal } from "../../../shared/auth/roles";
import { durable } from "../durable";
import { describeAction } from "../../../shared/audit/actions";
import {
  AuditNote,
  buildAuditRecord,
  executionOfCallback,
  writeAuditRecords,
  type AuditActor,
  type Outcome,
} from "../../../shared/audit/record";

export { AuditNote, newAuditId, type AuditItem, type Outcome } from "../../../shared/audit/record";

function consoleActor(principal: Pick<Principal, "name" | "method"> & { role?: Principal["role"] }): AuditActor {
  return { name: principal.name, method: principal.method, role: principal.role, source: "console" };
}

export async function appendAuditRecords(records: AuditRecord[]): Promise<void> {
  await writeAuditRecords(
    async () => (await durable()).client,
    records,
    (line) => console.error(`[console audit] ${line}`),
  );
}

/** The execution of a callback, read through the real client (the redacting view is for answers only). */
async function callbackExecution(callbackId: string | undefined): Promise<string | undefined> {
  if (callbackId === undefined) return undefined;
  try {
    return await executionOfCallback((await durable()).raw.client, callbackId);
  } catch {
    return undefined;
  }
}

/** Records one action request (or one record per item of a bulk request). */
export async function auditRequest(request: Request, principal: Principal, outcome: Outcome, note?: AuditNote): Promise<void> {
  const target = describeAction(request.method.toUpperCase(), new URL(request.url).pathname);
  const now = Date.now();
  const executionId = note?.executionId ?? target.executionId ?? (await callbackExecution(target.callbackId));
  if (note?.items && outcome.outcome === "succeeded") {
    const action = note.action ?? target.action;
    await appendAuditRecords(
      note.items.map((item) =>
        buildAuditRecord(
          consoleActor(principal),
          { action },
          item.ok ? { outcome: "succeeded" } : { outcome: "failed", errorCode: item.errorCode, message: item.message },
          now,
          { executionId: item.executionId, details: { ...note.details, bulk: true } },
        ),
      ),
    );
    return;
  }
  await appendAuditRecords([buildAuditRecord(consoleActor(principal), target, outcome, now, { executionId, details: note?.details, action: note?.action })]);
}

/** Records a sign-in or sign-out: the name tried (no role when it was not a valid sign-in), never the password. */
export async function auditAuthEvent(
  action: "auth.login" | "auth.logout",
  who: { name: string; method: Principal["method"]; role?: Principal["role"] },
  outcome: Outcome,
): Promise<void> {
  await appendAuditRecords([buildAuditRecord(consoleActor(who), { action }, outcome, Date.now())]);
}
