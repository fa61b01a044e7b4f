/**
 * Bulk jobs from the console: preview, create and cancel through the DurableClient (which
 * validates the whole job and stores it; a worker runs it). The job's actions are audited by its
 * runner in the name of the principal who created it.
 */
import "server-only";
import type { BulkJobInput, BulkPreview } from "@/sdk/runtime/jobs/bulk-jobs";
import type { JobRecord } from "@/sdk/store/types";
import type { Principal } from "../../../shared/auth/roles";
import { durable } from "../durable";

export async function previewJob(input: unknown): Promise<BulkPreview> {
  const { client } = await durable();
  return client.previewBulkJob(input as BulkJobInput);
}

export async function createJob(input: unknown, principal: Principal): Promise<{ job: JobRecord; preview: BulkPreview }> {
  const { client } = await durable();
  const createdBy = { actor: principal.name, authMethod: principal.method, role: principal.role, source: "console" };
  return client.createBulkJob(input as BulkJobInput, createdBy);
}

export async function cancelJob(jobId: string): Promise<JobRecord> {
  const { client } = await durable();
  return client.cancelJob(jobId);
}
