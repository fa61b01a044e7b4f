/**
 * Runs stored jobs inside a worker (workers are long-lived and everywhere: `durable dev`,
 * `durable worker`). One job at a time per worker: claim it (a lease, as for executions), then
 * batch after batch:
 *   1. list the next `batchSize` matches from the job's cursor (oldest start first);
 *   2. write the batch as `inFlight` (each execution with what it looked like: its `mark`) and the
 *      cursor past it, renewing the lease: one write;
 *   3. act on each, rate-limited, auditing every action with the job's id;
 *   4. record the batch's outcomes and counts and clear `inFlight`: one atomic write.
 * A runner that dies between 2 and 4 leaves `inFlight`; whoever takes the job over (its lease
 * lapsed) first settles those: an execution whose action evidently happened (the kind's
 * `happened`: a higher redriveCount, the replay's name taken, ...) is recorded DONE without
 * acting again, the rest are acted on. So each execution is acted on once per job, across kills.
 * A cancel is seen between batches; a lost lease (another runner took over) ends the work quietly.
 */
import type { DurableStore, ExecutionRecord, JobRecord, NewJobOutcome } from "../../store/types";
import { StoreError } from "../../store/types";
import { DurableClient } from "../client";
import type { Clock } from "../clock";
import { DurableClientError } from "../errors";
import type { FunctionRegistry } from "../registry";
import { BULK_KINDS, type ActionContext, type ActionResult, type BulkKind } from "./bulk-kinds";
import { determinismCheckKind } from "./determinism-checks";
import { DETERMINISM_CHECK_KIND } from "./kind-names";
import { JOB_CURSOR_END, nextBatch } from "./job-batches";
import { auditJobAction, auditJobEnd } from "./job-audit";

export const DEFAULT_JOB_LEASE_MS = 30_000;
const DEFAULT_JOB_POLL_MS = 1000;
/** Executions of one batch acted on at once. */
const ACTIONS_AT_ONCE = 8;

export interface JobRunnerOptions {
  store: DurableStore;
  registry: FunctionRegistry;
  clock: Clock;
  owner: string;
  /** Lease of a claimed job, renewed every batch (default 30 s; longer when a batch takes longer). */
  leaseMs?: number;
  /** How often to look for a job when idle (default 1 s). */
  pollMs?: number;
  /** The kinds this runner can run (default: the bulk actions). */
  kinds?: Record<string, BulkKind>;
  onWake: () => void;
  onError: (error: unknown) => void;
}

/** A lease lost to another runner, or a job no longer RUNNING: stop working on it. */
const lostJob = (error: unknown) => StoreError.is(error) && error.code === "CONFLICT";

export class JobRunner {
  private readonly client: DurableClient;
  private readonly kinds: Record<string, BulkKind>;
  private running = false;
  private loop?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private wakeIdle?: () => void;

  constructor(private readonly options: JobRunnerOptions) {
    this.kinds = options.kinds ?? { ...BULK_KINDS, [DETERMINISM_CHECK_KIND]: determinismCheckKind };
    // Actions go through the client API like the console's: validated, one transaction each.
    // `code` lets a redrive check the history against this worker's handlers.
    this.client = new DurableClient({ store: options.store, code: options.registry, clock: options.clock, onWake: options.onWake });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.pollLoop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeIdle?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Claims one job and runs it to its end (or until it is lost); false when there was none. */
  async runOnce(): Promise<boolean> {
    const job = await this.options.store.jobs.claim({
      now: this.options.clock.now(),
      owner: this.options.owner,
      leaseMs: this.leaseMsFor(undefined),
      functionNames: this.options.registry.names(),
      kinds: Object.keys(this.kinds),
    });
    if (!job) return false;
    try {
      await this.run(job);
    } catch (error) {
      if (!lostJob(error)) throw error;
    }
    return true;
  }

  private async pollLoop(): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        worked = await this.runOnce();
      } catch (error) {
        this.options.onError(error);
      }
      if (!worked && this.running) await this.idle(this.options.pollMs ?? DEFAULT_JOB_POLL_MS);
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        if (this.timer) clearTimeout(this.timer);
        this.wakeIdle = undefined;
        resolve();
      };
      this.timer = setTimeout(done, ms);
      this.wakeIdle = done;
    });
  }

  /** Long enough for a whole batch at the job's rate, twice over. */
  private leaseMsFor(job: JobRecord | undefined): number {
    const base = this.options.leaseMs ?? DEFAULT_JOB_LEASE_MS;
    return job ? Math.max(base, Math.ceil((job.batchSize * 1000 * 2) / job.ratePerSecond)) : base;
  }

  private async run(claimed: JobRecord): Promise<void> {
    const { store, clock, owner } = this.options;
    const kind = this.kinds[claimed.kind];
    let job = claimed;
    if (!kind) {
      job = await store.jobs.update(job.jobId, owner, { status: "FAILED", error: `this runner cannot run jobs of kind ${job.kind}` });
      return auditJobEnd(store, job, clock.now());
    }
    const pace = new Pace(job.ratePerSecond);
    const ctx: ActionContext = { store, client: this.client, job };
    while (this.running || this.loop === undefined) {
      if (job.cancelRequested) {
        job = await store.jobs.update(job.jobId, owner, { status: "CANCELLED" });
        return auditJobEnd(store, job, clock.now());
      }
      const lease = () => clock.now() + this.leaseMsFor(job);
      let batch: { executionId: string; execution?: ExecutionRecord; mark?: unknown; resumed: boolean }[];
      if (job.inFlight?.length) {
        // Taken over mid-batch: settle what the last runner was doing before going on.
        batch = await Promise.all(
          job.inFlight.map(async (f) => ({ ...f, execution: await store.executions.get(f.executionId), resumed: true })),
        );
      } else {
        if (job.cursor === JOB_CURSOR_END) {
          job = await store.jobs.update(job.jobId, owner, { status: "SUCCEEDED" });
          return auditJobEnd(store, job, clock.now());
        }
        const next = await nextBatch(store, job);
        if (next.items.length === 0) {
          job = await store.jobs.update(job.jobId, owner, { status: "SUCCEEDED", cursor: JOB_CURSOR_END });
          return auditJobEnd(store, job, clock.now());
        }
        const marked = await Promise.all(
          next.items.map(async ({ executionId, execution }) => ({
            executionId,
            execution,
            // Wrapped, so "acting, with nothing to note" (a null mark) differs from "skipping" (none).
            mark: execution && kind.verdict(execution.status).act ? { v: await kind.mark({ ...ctx, job }, execution) } : undefined,
            resumed: false,
          })),
        );
        job = await store.jobs.update(job.jobId, owner, {
          inFlight: marked.map(({ executionId, mark }) => ({ executionId, mark })),
          cursor: next.cursor,
          leaseExpiresAt: lease(),
        });
        batch = marked;
      }
      // Several executions of a batch at once (each is its own transaction, so their commits and
      // audit appends share the store's group commits); the pace still spaces their starts.
      const current = { ...ctx, job };
      const outcomes = await inParallel(batch, ACTIONS_AT_ONCE, (item) => this.settle(current, kind, item, pace));
      job = await store.jobs.recordOutcomes(job.jobId, owner, outcomes, { inFlight: null, leaseExpiresAt: lease() });
      // Let the worker's invocations have the event loop between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** One execution of the batch: skip, settle as already done, or act; audited when it acted. */
  private async settle(
    ctx: ActionContext,
    kind: BulkKind,
    item: { executionId: string; execution?: ExecutionRecord; mark?: unknown; resumed: boolean },
    pace: Pace,
  ): Promise<NewJobOutcome> {
    const { store, clock } = this.options;
    const at = () => new Date(clock.now()).toISOString();
    const execution = item.execution;
    if (!execution) return { executionId: item.executionId, status: "SKIPPED", reason: "no longer exists", timestamp: at() };
    const mark = (item.mark as { v?: unknown } | undefined)?.v;
    if (item.resumed && item.mark !== undefined) {
      const already = await kind.happened(ctx, execution, mark);
      if (already) {
        await auditJobAction(store, ctx.job, execution.executionId, already, { outcome: "succeeded" }, clock.now());
        return { executionId: execution.executionId, status: "DONE", details: { ...already.details, beforeTakeover: true }, timestamp: at() };
      }
    }
    const verdict = kind.verdict(execution.status);
    if (!verdict.act) return { executionId: execution.executionId, status: "SKIPPED", reason: verdict.reason, timestamp: at() };
    await pace.next();
    let result: ActionResult;
    try {
      result = await kind.act(ctx, execution, mark);
    } catch (error) {
      if (!DurableClientError.is(error)) throw error;
      // Refused by the execution's state now (it moved on since it was listed): a skip, not a failure.
      const skip = error.code === "INVALID_STATE" || error.code === "CALLBACK_TIMEOUT";
      if (!skip) await auditJobAction(store, ctx.job, execution.executionId, {}, { outcome: "failed", errorCode: error.code, message: error.message }, clock.now());
      return { executionId: execution.executionId, status: skip ? "SKIPPED" : "FAILED", reason: error.message, errorCode: error.code, timestamp: at() };
    }
    if (result.skipped) return { executionId: execution.executionId, status: "SKIPPED", reason: result.skipped, timestamp: at() };
    await auditJobAction(store, ctx.job, execution.executionId, result, { outcome: "succeeded" }, clock.now());
    return { executionId: execution.executionId, status: "DONE", ...(result.details && { details: result.details }), timestamp: at() };
  }
}

/** `work` over `items`, at most `limit` at once; the results in the items' order. */
async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/**
 * At most `perSecond` actions a second: each waits for its slot (sub-millisecond waits add up
 * instead of sleeping). Real time, not the injected clock: the limit is about load on the store.
 */
class Pace {
  private nextAt = 0;
  private readonly gapMs: number;

  constructor(perSecond: number) {
    this.gapMs = 1000 / perSecond;
  }

  async next(): Promise<void> {
    const now = performance.now();
    const wait = this.nextAt - now;
    this.nextAt = Math.max(now, this.nextAt) + this.gapMs;
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
