/**
 * Writing the audit log. `route()` (lib/http) records every action request once it has its
 * outcome: who (the principal), what (lib/audit/actions), which execution or callback, when, and
 * how it ended (succeeded, failed with the error code, or denied). A handler adds what only it
 * knows through its AuditNote (the execution a start created, the per-execution outcomes of a
 * bulk action). Never a payload, a password or a token.
 *
 * A failed audit write is logged (without the record's details) and does not undo the action,
 * which has already happened.
 */
import { randomBytes } from "node:crypto";
import { parseExecutionArn } from "@/sdk/runtime/ids";
import type { AuditOutcome, AuditRecord } from "@/sdk/store/types";
import type { Principal } from "../auth/roles";
import { durable } from "../durable";
import { describeAction, type ActionTarget } from "./actions";

const MESSAGE_MAX = 500;

export interface AuditItem {
  executionId: string;
  ok: boolean;
  errorCode?: string;
  message?: string;
}

/** What a handler learned that the audit record should carry. */
export class AuditNote {
  /** Overrides the action read from the path (e.g. a bulk request's "execution.stop"). */
  action?: string;
  executionId?: string;
  details: Record<string, unknown> = {};
  /** One record per item instead of one for the request (bulk actions). */
  items?: AuditItem[];
}

let lastMs = 0;
let sequence = 0;

/**
 * Time-ordered and unique: 10 base-36 digits of ms, a per-process sequence within the ms (so
 * records of one process written in one ms keep their order), then 64 random bits.
 */
export function newAuditId(now = Date.now()): string {
  sequence = now === lastMs ? sequence + 1 : 0;
  lastMs = now;
  return `${now.toString(36).padStart(10, "0")}-${sequence.toString(36).padStart(4, "0")}-${randomBytes(8).toString("hex")}`;
}

function canonicalExecutionId(idOrArn: string | undefined): string | undefined {
  if (idOrArn === undefined) return undefined;
  return idOrArn.startsWith("arn:") ? (parseExecutionArn(idOrArn)?.executionId ?? idOrArn) : idOrArn;
}

function shorten(message: string | undefined): string | undefined {
  return message === undefined ? undefined : message.length > MESSAGE_MAX ? `${message.slice(0, MESSAGE_MAX)}…` : message;
}

export interface Outcome {
  outcome: AuditOutcome;
  errorCode?: string;
  message?: string;
}

function record(principal: Principal, target: ActionTarget, outcome: Outcome, now: number, extra: Partial<AuditRecord> = {}): AuditRecord {
  const entry: AuditRecord = {
    id: newAuditId(now),
    timestamp: new Date(now).toISOString(),
    actor: principal.name,
    authMethod: principal.method,
    role: principal.role,
    action: target.action,
    outcome: outcome.outcome,
  };
  const executionId = canonicalExecutionId(extra.executionId ?? target.executionId);
  if (executionId !== undefined) entry.executionId = executionId;
  if (target.callbackId !== undefined) entry.callbackId = target.callbackId;
  if (outcome.errorCode !== undefined) entry.errorCode = outcome.errorCode;
  const message = shorten(outcome.message);
  if (message !== undefined) entry.message = message;
  if (extra.details && Object.keys(extra.details).length > 0) entry.details = extra.details;
  if (extra.action) entry.action = extra.action;
  return entry;
}

/** The execution a callback belongs to, so a callback answer shows in its execution's audit trail. */
async function executionOfCallback(callbackId: string | undefined): Promise<string | undefined> {
  if (callbackId === undefined) return undefined;
  try {
    return (await (await durable()).raw.store.getCallback(callbackId))?.executionId;
  } catch {
    return undefined;
  }
}

export async function appendAuditRecords(records: AuditRecord[]): Promise<void> {
  try {
    const { store } = await durable();
    for (const entry of records) await store.appendAudit(entry);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    console.error(`[console audit] could not write ${records.length} audit record(s): ${typeof code === "string" ? code : (error as Error)?.name}`);
  }
}

/** Records one action request (or one record per item of a bulk request). */
export async function auditRequest(request: Request, principal: Principal, outcome: Outcome, note?: AuditNote): Promise<void> {
  const target = describeAction(request.method.toUpperCase(), new URL(request.url).pathname);
  const now = Date.now();
  const executionId = note?.executionId ?? target.executionId ?? (await executionOfCallback(target.callbackId));
  if (note?.items && outcome.outcome === "succeeded") {
    const action = note.action ?? target.action;
    await appendAuditRecords(
      note.items.map((item) =>
        record(
          principal,
          { action },
          item.ok ? { outcome: "succeeded" } : { outcome: "failed", errorCode: item.errorCode, message: item.message },
          now,
          { executionId: item.executionId, details: { ...note.details, bulk: true } },
        ),
      ),
    );
    return;
  }
  await appendAuditRecords([record(principal, target, outcome, now, { executionId, details: note?.details, action: note?.action })]);
}

/** Records a sign-in or sign-out: the name tried (no role when it was not a valid sign-in), never the password. */
export async function auditAuthEvent(
  action: "auth.login" | "auth.logout",
  who: { name: string; method: Principal["method"]; role?: Principal["role"] },
  outcome: Outcome,
): Promise<void> {
  const entry = record({ name: who.name, method: who.method, role: who.role ?? "viewer" }, { action }, outcome, Date.now());
  if (who.role === undefined) delete entry.role;
  await appendAuditRecords([entry]);
}
