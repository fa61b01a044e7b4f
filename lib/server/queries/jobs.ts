/** Bulk jobs for the console's pages and API: the list, one job with its progress, its outcomes. */
import "server-only";
import type { JobOutcome, JobRecord, Page } from "@/sdk/store/types";
import { durable } from "../durable";

export async function listJobs(query: { cursor?: string; limit?: number } = {}): Promise<Page<JobRecord>> {
  const { client } = await durable();
  return client.listJobs(query);
}

export async function getJob(jobId: string): Promise<JobRecord> {
  const { client } = await durable();
  return client.getJob(jobId);
}

export async function listJobOutcomes(jobId: string, query: { cursor?: string; limit?: number } = {}): Promise<Page<JobOutcome>> {
  const { client } = await durable();
  return client.listJobOutcomes(jobId, query);
}
