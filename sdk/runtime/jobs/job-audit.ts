/**
 * The audit records a job writes: one per action it took (per callback for `answer`), in the name
 * of whoever created the job, with source "job" and the job's id in `details.jobId`; and one when
 * the job ends, with its counts. An action's record has an id made of the job's and the target's
 * ids, so a runner that takes a job over and settles an action its predecessor took writes it at
 * most once (the second append is a CONFLICT, ignored).
 */
import { StoreError, type AuditOutcome, type AuditRecord, type DurableStore, type JobRecord } from "../../store/types";
import type { ActionResult } from "./bulk-kinds";
import { DETERMINISM_CHECK_KIND } from "./kind-names";

/** A determinism check only reads: its answer is the job's outcomes, not an audit record. */
const isAudited = (job: JobRecord) => job.kind !== DETERMINISM_CHECK_KIND;

const MESSAGE_MAX = 500;

function recordOf(job: JobRecord, now: number, fields: Pick<AuditRecord, "id" | "action" | "outcome"> & Partial<AuditRecord>): AuditRecord {
  const record: AuditRecord = {
    timestamp: new Date(now).toISOString(),
    actor: job.createdBy.actor,
    authMethod: job.createdBy.authMethod,
    source: "job",
    ...fields,
    details: { jobId: job.jobId, ...fields.details },
  };
  if (job.createdBy.role !== undefined) record.role = job.createdBy.role;
  return record;
}

async function append(store: DurableStore, record: AuditRecord): Promise<void> {
  try {
    await store.audit.append(record);
  } catch (error) {
    if (!(StoreError.is(error) && error.code === "CONFLICT")) throw error;
  }
}

/** The audit action of a job kind's action on one execution (the console's names for the same actions). */
function actionName(job: JobRecord): string {
  if (job.kind !== "answer") return `execution.${job.kind}`;
  return (job.params as { outcome?: string }).outcome === "fail" ? "callback.fail" : "callback.succeed";
}

export async function auditJobAction(
  store: DurableStore,
  job: JobRecord,
  executionId: string,
  result: ActionResult,
  outcome: { outcome: AuditOutcome; errorCode?: string; message?: string },
  now: number,
): Promise<void> {
  if (!isAudited(job)) return;
  const base = { action: actionName(job), outcome: outcome.outcome, executionId };
  const failure = outcome.outcome === "failed" ? { errorCode: outcome.errorCode, message: outcome.message?.slice(0, MESSAGE_MAX) } : {};
  const details = result.details ?? {};
  if (result.callbackIds?.length) {
    for (const callbackId of result.callbackIds) {
      await append(store, recordOf(job, now, { ...base, ...failure, id: `${job.jobId}.${callbackId}`, callbackId, details }));
    }
    return;
  }
  await append(store, recordOf(job, now, { ...base, ...failure, id: `${job.jobId}.${executionId}`, details }));
}

export async function auditJobEnd(store: DurableStore, job: JobRecord, now: number): Promise<void> {
  if (!isAudited(job)) return;
  await append(
    store,
    recordOf(job, now, {
      id: `${job.jobId}.end`,
      action: `job.${job.status.toLowerCase()}`,
      outcome: job.status === "FAILED" ? "failed" : "succeeded",
      details: { kind: job.kind, counts: job.counts, ...(job.error ? { error: job.error } : {}) },
    }),
  );
}
