/**
 * Bulk jobs as the client API offers them (DurableClient.previewBulkJob, createBulkJob, ...): a
 * query (the executions list's filters) and an action; a preview of how many match and what
 * happens to each status; a stored job a worker then runs (job-runner.ts). Nothing here acts on an
 * execution. Input is validated first: a DurableClientError means nothing was written.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import {
  StoreError,
  type DurableStore,
  type ExecutionRecord,
  type JobActor,
  type JobOutcome,
  type JobQuery,
  type JobRecord,
  type Page,
} from "../../store/types";
import { EXECUTION_STATUSES, Limits, type ExecutionStatus } from "../../types/wire";
import { FUNCTION_NAME_PATTERN } from "../arns";
import { checkErrorSize, checkPayloadSize, errorObjectSchema, parseInput } from "../client-schemas";
import type { Clock } from "../clock";
import type { Diagnostics } from "../diagnosis/diagnose";
import { DurableClientError } from "../errors";
import { BULK_ACTIONS, BULK_KINDS, type BulkAction } from "./bulk-kinds";
import { listQueryOf } from "./job-batches";

export const DEFAULT_JOB_RATE_PER_SECOND = 50;
export const MAX_JOB_RATE_PER_SECOND = 10_000;
export const DEFAULT_JOB_BATCH_SIZE = 25;
/** Most executions a stuck query fixes in a job (the stuck scan's own limit). */
const MAX_STUCK_TARGETS = 1000;

const isoTime = z.string().refine((t) => Number.isFinite(Date.parse(t)), "must be an ISO time, e.g. 2026-01-31T09:00:00Z");

export const jobQuerySchema = z
  .object({
    functionName: z.string().regex(FUNCTION_NAME_PATTERN, "must be 1-64 letters, digits, '-' or '_'").optional(),
    statuses: z.array(z.enum(EXECUTION_STATUSES as [ExecutionStatus, ...ExecutionStatus[]])).max(5).optional(),
    nameOrId: z.string().min(1).max(256).optional(),
    startedAfter: isoTime.optional(),
    startedBefore: isoTime.optional(),
    stuck: z.boolean().optional(),
  })
  .strict()
  .refine((q) => !(q.startedAfter && q.startedBefore && Date.parse(q.startedAfter) > Date.parse(q.startedBefore)), {
    message: "startedAfter is later than startedBefore",
    path: ["startedAfter"],
  });

const answerSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("succeed"), result: z.string().optional() }).strict(),
  z.object({ outcome: z.literal("fail"), error: errorObjectSchema.optional() }).strict(),
]);

export const bulkJobInputSchema = z
  .object({
    action: z.enum(BULK_ACTIONS),
    query: jobQuerySchema,
    /** For `answer`: what every pending callback gets. */
    answer: answerSchema.optional(),
    ratePerSecond: z.number().positive().max(MAX_JOB_RATE_PER_SECOND).optional(),
    batchSize: z.number().int().min(1).max(90).optional(),
  })
  .strict()
  .refine((input) => (input.action === "answer") === (input.answer !== undefined), {
    message: "answer is required for the answer action, and only for it",
    path: ["answer"],
  });
export type BulkJobInput = z.input<typeof bulkJobInputSchema>;

/** What the preview says of the executions of one status. */
export interface PreviewGroup {
  status: ExecutionStatus;
  count: number;
  /** True: the action is taken on them; false: they are skipped, for `reason`. */
  act: boolean;
  does?: string;
  reason?: string;
}

export interface BulkPreview {
  action: BulkAction;
  /** The query as the job would run it (startedBefore fixed at the preview's moment when not given). */
  query: JobQuery;
  matched: number;
  willAct: number;
  willSkip: number;
  groups: PreviewGroup[];
}

/** Time-ordered job ids (lists are newest first by id): base-36 ms, then random. */
export function newJobId(now: number): string {
  return `job-${now.toString(36).padStart(10, "0")}-${randomBytes(6).toString("hex")}`;
}

export class BulkJobs {
  constructor(
    private readonly store: DurableStore,
    private readonly clock: Clock,
    private readonly diagnostics: Diagnostics,
  ) {}

  async preview(input: BulkJobInput): Promise<BulkPreview> {
    return (await this.plan(input)).preview;
  }

  /** Stores the job (PENDING) for a worker to run; answers it with its preview. */
  async create(input: BulkJobInput, createdBy: JobActor): Promise<{ job: JobRecord; preview: BulkPreview }> {
    const { preview, parsed, targets } = await this.plan(input);
    const now = this.clock.now();
    const job: JobRecord = {
      jobId: newJobId(now),
      kind: parsed.action,
      query: preview.query,
      params: parsed.answer ?? {},
      status: "PENDING",
      counts: { matched: preview.matched, done: 0, skipped: 0, failed: 0 },
      ratePerSecond: parsed.ratePerSecond ?? DEFAULT_JOB_RATE_PER_SECOND,
      batchSize: parsed.batchSize ?? DEFAULT_JOB_BATCH_SIZE,
      createdBy,
      createdTimestamp: new Date(now).toISOString(),
      updatedTimestamp: new Date(now).toISOString(),
      version: 1,
      ...(targets && { targets }),
    };
    return { job: await this.store.jobs.create(job), preview };
  }

  list(query: { limit?: number; cursor?: string } = {}): Promise<Page<JobRecord>> {
    const q = parseInput(z.object({ limit: z.number().int().min(1).max(200).optional(), cursor: z.string().max(1024).optional() }).strict(), query, "listJobs");
    return invalidCursorIsValidation(() => this.store.jobs.list(q));
  }

  async get(jobId: string): Promise<JobRecord> {
    const job = await this.store.jobs.get(parseInput(jobIdSchema, jobId, "jobId"));
    if (!job) throw new DurableClientError("JOB_NOT_FOUND", `job ${jobId} not found`);
    return job;
  }

  async outcomes(jobId: string, query: { cursor?: string; limit?: number } = {}): Promise<Page<JobOutcome>> {
    const q = parseInput(
      z.object({ cursor: z.string().regex(/^[0-9]{1,10}$/, "must be a cursor this list returned").optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(),
      query,
      "listJobOutcomes",
    );
    await this.get(jobId);
    return this.store.jobs.listOutcomes(jobId, { afterSeq: q.cursor === undefined ? undefined : Number(q.cursor), limit: q.limit });
  }

  /** Cancels: at once when no runner holds it, else between two batches. An ended job is INVALID_STATE. */
  async cancel(jobId: string): Promise<JobRecord> {
    const job = await this.get(jobId);
    if (job.status !== "PENDING" && job.status !== "RUNNING") throw new DurableClientError("INVALID_STATE", `job ${jobId} has already ended (${job.status})`);
    const cancelled = await this.store.jobs.cancel(jobId, this.clock.now());
    if (!cancelled) throw new DurableClientError("JOB_NOT_FOUND", `job ${jobId} not found`);
    return cancelled;
  }

  private async plan(input: BulkJobInput) {
    const parsed = parseInput(bulkJobInputSchema, input, "bulkJob");
    if (parsed.answer?.outcome === "succeed") checkPayloadSize(parsed.answer.result, Limits.callbackResultBytes, "answer.result");
    if (parsed.answer?.outcome === "fail") checkErrorSize(parsed.answer.error, "answer.error");
    const now = this.clock.now();
    // The job's set is what exists now: later starts (its own replays among them) are not in it.
    const cutoff = new Date(now + 1).toISOString();
    const given = parsed.query.startedBefore;
    const query: JobQuery = { ...parsed.query, startedBefore: given && Date.parse(given) < now + 1 ? new Date(given).toISOString() : cutoff };
    if (query.startedAfter) query.startedAfter = new Date(query.startedAfter).toISOString();
    if (!query.stuck) delete query.stuck;
    const kind = BULK_KINDS[parsed.action];
    let counts: Partial<Record<ExecutionStatus, number>>;
    let targets: string[] | undefined;
    if (query.stuck) {
      const stuck = await this.stuckMatches(query);
      targets = stuck.map((e) => e.executionId);
      counts = {};
      for (const e of stuck) counts[e.status] = (counts[e.status] ?? 0) + 1;
    } else {
      const all = await this.store.executions.countByStatus(listQueryOf(query));
      counts = Object.fromEntries(EXECUTION_STATUSES.filter((s) => !query.statuses || query.statuses.includes(s)).map((s) => [s, all[s] ?? 0]));
    }
    const groups: PreviewGroup[] = EXECUTION_STATUSES.filter((s) => (counts[s] ?? 0) > 0).map((status) => {
      const verdict = kind.verdict(status);
      const count = counts[status] ?? 0;
      return verdict.act ? { status, count, act: true, does: verdict.does } : { status, count, act: false, reason: verdict.reason };
    });
    const matched = groups.reduce((n, g) => n + g.count, 0);
    const willAct = groups.filter((g) => g.act).reduce((n, g) => n + g.count, 0);
    const preview: BulkPreview = { action: parsed.action, query, matched, willAct, willSkip: matched - willAct, groups };
    return { preview, parsed, targets };
  }

  /** The stuck RUNNING executions the query's other filters keep, oldest start first. */
  private async stuckMatches(query: JobQuery): Promise<ExecutionRecord[]> {
    const list = await this.diagnostics.listStuck({ ...(query.functionName && { functionName: query.functionName }), limit: MAX_STUCK_TARGETS });
    const found = await Promise.all(list.items.map((item) => this.store.executions.get(item.executionId)));
    const after = query.startedAfter ? Date.parse(query.startedAfter) : -Infinity;
    const before = query.startedBefore ? Date.parse(query.startedBefore) : Infinity;
    const text = query.nameOrId?.toLowerCase();
    return found.filter((e): e is ExecutionRecord => {
      if (!e) return false;
      const start = Date.parse(e.startTimestamp);
      if (start < after || start >= before) return false;
      if (query.statuses && !query.statuses.includes(e.status)) return false;
      return !text || e.name.toLowerCase().includes(text) || e.executionId.toLowerCase().includes(text);
    });
  }
}

const jobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a job id");

async function invalidCursorIsValidation<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (StoreError.is(error) && error.code === "INVALID_CURSOR") throw new DurableClientError("VALIDATION_ERROR", error.message);
    throw error;
  }
}
