/**
 * What an audit record says and how it is written, for every writer: the console's API routes
 * (lib/server/audit/log) and the `durable` CLI (shared/audit/cli). Imports nothing of the console (no
 * `durable()` singleton, no Next), so the CLI can use it over the store it opened itself.
 */
import { randomBytes } from "node:crypto";
import { parseExecutionArn } from "../../sdk/runtime/arns";
import type { AuditOutcome, AuditRecord } from "../../sdk/store/types";
import { failureKindOf } from "../errors";
import type { ActionTarget } from "./actions";

const MESSAGE_MAX = 500;

/** Where an action came from. */
export type AuditSource = "console" | "cli";

/** Who acted: a console principal, or the operating-system user running the CLI. */
export interface AuditActor {
  name: string;
  /** How they proved it: "session", "token", "none" (console), "os" (CLI). */
  method: string;
  /** Absent when there is none: a failed sign-in, the CLI (whoever can open the store may do anything). */
  role?: string;
  source: AuditSource;
}

export interface Outcome {
  outcome: AuditOutcome;
  errorCode?: string;
  message?: string;
}

export interface AuditItem {
  executionId: string;
  ok: boolean;
  errorCode?: string;
  message?: string;
}

/** What a handler (or CLI command) learned that the audit record should carry. */
export class AuditNote {
  /** Overrides the action read from the path (e.g. a bulk request's "execution.stop"). */
  action?: string;
  executionId?: string;
  details: Record<string, unknown> = {};
  /** One record per item instead of one for the request (bulk actions). */
  items?: AuditItem[];
}

/**
 * Error codes of requests that never became actions: malformed input, payloads past the limits,
 * and anything naming an execution, callback or function that does not exist. They are answered
 * and leave the store untouched, so they are not recorded (a flood of garbage cannot fill the
 * log). Everything else that was tried is: done, refused by the state of its target, or denied.
 * These are the codes the console answers 400 (validation), 404 and 413 with (lib/server/http
 * `isAuditable`); the CLI refuses the same input with exit codes 2 and 3.
 */
export function becameAction(errorCode: string | undefined): boolean {
  return errorCode === undefined || failureKindOf(errorCode) === "refused";
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

/** One record; `extra` overrides what the target says (the execution a start created, a bulk item's action). */
export function buildAuditRecord(
  actor: AuditActor,
  target: ActionTarget,
  outcome: Outcome,
  now: number,
  extra: Pick<Partial<AuditRecord>, "executionId" | "details" | "action"> = {},
): AuditRecord {
  const entry: AuditRecord = {
    id: newAuditId(now),
    timestamp: new Date(now).toISOString(),
    actor: actor.name,
    authMethod: actor.method,
    source: actor.source,
    action: extra.action || target.action,
    outcome: outcome.outcome,
  };
  if (actor.role !== undefined) entry.role = actor.role;
  const executionId = canonicalExecutionId(extra.executionId ?? target.executionId);
  if (executionId !== undefined) entry.executionId = executionId;
  if (target.callbackId !== undefined) entry.callbackId = target.callbackId;
  if (outcome.errorCode !== undefined) entry.errorCode = outcome.errorCode;
  const message = shorten(outcome.message);
  if (message !== undefined) entry.message = message;
  if (extra.details && Object.keys(extra.details).length > 0) entry.details = extra.details;
  return entry;
}

/** Where audit records are written: the console's DurableClient, or the CLI's store adapted. */
export interface AuditSink {
  appendAudit(record: AuditRecord): Promise<void>;
}

/** Who can say which execution a callback belongs to (the client, or the store adapted). */
export interface CallbackLookup {
  getCallback(callbackId: string): Promise<{ executionId: string } | undefined>;
}

/** The execution a callback belongs to, so a callback answer shows in its execution's audit trail. */
export async function executionOfCallback(callbacks: CallbackLookup, callbackId: string | undefined): Promise<string | undefined> {
  if (callbackId === undefined) return undefined;
  try {
    return (await callbacks.getCallback(callbackId))?.executionId;
  } catch {
    return undefined;
  }
}

/**
 * Appends the records. A failed write is reported through `warn` (without the records' details)
 * and does not undo the action, which has already happened; false tells the caller.
 */
export async function writeAuditRecords(
  sink: AuditSink | (() => Promise<AuditSink>),
  records: AuditRecord[],
  warn: (line: string) => void,
): Promise<boolean> {
  try {
    const target = typeof sink === "function" ? await sink() : sink;
    for (const entry of records) await target.appendAudit(entry);
    return true;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    warn(`could not write ${records.length} audit record(s): ${typeof code === "string" ? code : (error as Error)?.name}`);
    return false;
  }
}
