/**
 * The bulk actions a job can take on each execution it matches: stop, redrive, replay, answer
 * (every pending callback). Each says, from an execution's status, whether it acts or skips and
 * why (the preview and the runner use the same words); what to note before acting (`mark`); how
 * a runner taking the job over tells that the action already happened (`happened`), so that no
 * execution is acted on twice by one job; and the action itself, through the DurableClient.
 */
import { createHash } from "node:crypto";
import type { DurableStore, ExecutionRecord, JobRecord } from "../../store/types";
import { REDRIVABLE_STATUSES, type ErrorObject, type ExecutionStatus } from "../../types/wire";
import type { DurableClient } from "../client";

export const BULK_ACTIONS = ["stop", "redrive", "replay", "answer"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** The answer an `answer` job sends to every pending callback of every match. */
export type BulkAnswer = { outcome: "succeed"; result?: string } | { outcome: "fail"; error?: ErrorObject };

export type Verdict = { act: true; does: string } | { act: false; reason: string };

export interface ActionContext {
  store: DurableStore;
  client: DurableClient;
  job: JobRecord;
}

/** What the action did, for the outcome's details; callbacks answered are listed for the audit. */
export interface ActionResult {
  details?: Record<string, unknown>;
  /** Callback ids this action answered (the `answer` kind), each audited on its own. */
  callbackIds?: string[];
  /** The action had nothing to do after all (e.g. no pending callback): a skip with this reason. */
  skipped?: string;
}

export interface BulkKind {
  verdict(status: ExecutionStatus): Verdict;
  mark(ctx: ActionContext, execution: ExecutionRecord): Promise<unknown>;
  /** The action's result when it already happened (seen from the execution now and the mark), else undefined. */
  happened(ctx: ActionContext, execution: ExecutionRecord, mark: unknown): Promise<ActionResult | undefined>;
  act(ctx: ActionContext, execution: ExecutionRecord, mark: unknown): Promise<ActionResult>;
}

/** The name of the run a job's replay starts: the same job and source always give the same name. */
export function replayNameOf(jobId: string, executionId: string): string {
  return `replay-${createHash("sha256").update(`${jobId}\u0000${executionId}`).digest("hex").slice(0, 40)}`;
}

/** The callbacks of an execution waiting for an answer (CALLBACK operations still STARTED). */
async function pendingCallbackIds(store: DurableStore, executionId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const record of await store.operations.list(executionId)) {
    const op = record.operation;
    if (op.Type === "CALLBACK" && op.Status === "STARTED" && op.CallbackDetails?.CallbackId) ids.push(op.CallbackDetails.CallbackId);
  }
  return ids;
}

const redrive: BulkKind = {
  verdict: (status) => (REDRIVABLE_STATUSES.includes(status) ? { act: true, does: "redrive" } : { act: false, reason: `not redrivable: ${status}` }),
  // A redrive bumps redriveCount: a count above the one noted before acting means it happened.
  mark: async (_ctx, execution) => execution.redriveCount,
  happened: async (_ctx, execution, mark) =>
    typeof mark === "number" && execution.redriveCount > mark ? { details: { redriveCount: execution.redriveCount } } : undefined,
  act: async ({ client }, execution) => {
    const after = await client.redriveExecution(execution.executionId);
    return { details: { redriveCount: after.redriveCount } };
  },
};

const stop: BulkKind = {
  verdict: (status) => (status === "RUNNING" ? { act: true, does: "stop" } : { act: false, reason: `already ended: ${status}` }),
  mark: async () => null,
  happened: async (_ctx, execution) => (execution.status === "STOPPED" ? { details: {} } : undefined),
  act: async ({ client, job }, execution) => {
    await client.stopExecution(execution.executionId, { ErrorType: "ExecutionStopped", ErrorMessage: `Stopped by bulk job ${job.jobId}` });
    return { details: {} };
  },
};

const replay: BulkKind = {
  verdict: () => ({ act: true, does: "replay" }),
  mark: async () => null,
  happened: async ({ store, job }, execution) => {
    const found = await store.executions.findByName(execution.functionName, replayNameOf(job.jobId, execution.executionId));
    return found ? { details: { replayExecutionId: found.executionId } } : undefined;
  },
  act: async ({ client, job }, execution) => {
    const { execution: started } = await client.replayExecution(execution.executionId, { name: replayNameOf(job.jobId, execution.executionId) });
    return { details: { replayExecutionId: started.executionId } };
  },
};

const answer: BulkKind = {
  verdict: (status) =>
    status === "RUNNING" ? { act: true, does: "answer its pending callbacks" } : { act: false, reason: `not running: ${status}` },
  mark: async ({ store }, execution) => pendingCallbackIds(store, execution.executionId),
  // Answering closes a callback: the ones noted before acting that are all closed now were answered.
  happened: async ({ store }, execution, mark) => {
    if (!Array.isArray(mark) || mark.length === 0) return undefined;
    const open = new Set(await pendingCallbackIds(store, execution.executionId));
    return mark.every((id) => !open.has(id as string)) ? { details: { callbacks: mark.length }, callbackIds: mark as string[] } : undefined;
  },
  act: async ({ store, client, job }, execution) => {
    const ids = await pendingCallbackIds(store, execution.executionId);
    if (ids.length === 0) return { skipped: "no pending callback" };
    const params = job.params as BulkAnswer;
    for (const id of ids) {
      if (params.outcome === "fail") await client.sendCallbackFailure(id, params.error);
      else await client.sendCallbackSuccess(id, params.result);
    }
    return { details: { callbacks: ids.length }, callbackIds: ids };
  },
};

export const BULK_KINDS: Record<BulkAction, BulkKind> = { stop, redrive, replay, answer };

export function isBulkAction(kind: string): kind is BulkAction {
  return (BULK_ACTIONS as readonly string[]).includes(kind);
}
