/**
 * The inputs of the jobs API (/api/jobs*), beside lib/server/api-schemas. A job's body is checked
 * whole by the client API's own schema (sdk/runtime/jobs/bulk-jobs bulkJobInputSchema), so the
 * console, the CLI and the client cannot disagree; here only what the console adds: `preview`.
 */
import "server-only";
import { z } from "zod";
import { queryInteger } from "./api-schemas";

/** A job id (newJobId: `job-<time>-<random>`, but any 1-64 of [A-Za-z0-9_-] is looked up). */
export const jobIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a job id");

/** POST /api/jobs: the job (action, query, answer?, ratePerSecond?, batchSize?) and `preview`: answer what it would do, store nothing. */
export const createJobBodySchema = z.looseObject({ preview: z.boolean().optional() });

export const listJobsQuerySchema = z.object({
  cursor: z.string().min(1).max(1024).optional(),
  limit: queryInteger(1, 200).optional(),
});

export const jobOutcomesQuerySchema = z.object({
  cursor: z.string().regex(/^[0-9]{1,10}$/, "must be a cursor this list returned").optional(),
  limit: queryInteger(1, 1000).optional(),
});
