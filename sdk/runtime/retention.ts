import type { DurableStore } from "../store/types";
import { isoAt, type Clock } from "./clock";

export const DEFAULT_RETENTION_DAYS = 30;
/**
 * Audit records are kept a year by default (and never less than the executions they are about,
 * unless set explicitly): an audit trail has to answer "who stopped this?" after the execution
 * itself is gone, and a year is the usual floor of audit-log retention policies (PCI DSS 10.5.1,
 * most SOC 2 controls). A record is a few hundred bytes, so a year of human-paced actions is small.
 */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Days to keep audit records for: `raw` (a setting's text; 0 keeps everything, giving null)
 * when given, else the longer of DEFAULT_AUDIT_RETENTION_DAYS and the execution retention.
 * Throws RangeError for text that is not a number of days >= 0.
 */
export function auditRetentionDays(executionRetentionDays: number, raw?: string): number | null {
  if (raw === undefined || raw.trim() === "") return Math.max(DEFAULT_AUDIT_RETENTION_DAYS, executionRetentionDays);
  const days = Number(raw);
  if (!Number.isFinite(days) || days < 0) {
    throw new RangeError(`audit retention days must be a number of days (0 keeps the audit log forever), got ${raw}`);
  }
  return days === 0 ? null : days;
}

export interface RetentionOptions {
  store: DurableStore;
  clock: Clock;
  /** Executions that ended longer ago than this are purged with all their records. */
  retentionDays: number;
  /** Audit records older than this many days are purged; null keeps them. Default: `auditRetentionDays(retentionDays)`. */
  auditRetentionDays?: number | null;
  /** Executions (or audit records) deleted per store call: small, so a sweep never holds the write lock for long. */
  batchSize?: number;
  /** Upper bound of one sweep, for executions and for audit records each; the rest waits for the next sweep. */
  maxPerSweep?: number;
}

export interface SweepResult {
  executions: number;
  auditRecords: number;
  /** Bulk jobs and determinism checks that ended before the execution cut-off, with their outcomes. */
  jobs: number;
}

/**
 * Deletes executions past their retention period, then audit records past theirs, then jobs that
 * ended before the executions' cut-off, in bounded batches with a turn of the event loop between
 * them, so that purging a large backlog never stalls the invocations the worker runs beside it. Only ended executions are touched; a RUNNING
 * one is never purged however old. Audit records are purged by their own age, never with the
 * execution they are about.
 */
export class RetentionSweeper {
  private readonly batchSize: number;
  private readonly maxPerSweep: number;
  readonly auditRetentionDays: number | null;

  constructor(private readonly options: RetentionOptions) {
    if (!(options.retentionDays > 0)) throw new RangeError("retentionDays must be a positive number of days");
    this.auditRetentionDays =
      options.auditRetentionDays !== undefined ? options.auditRetentionDays : auditRetentionDays(options.retentionDays);
    if (this.auditRetentionDays !== null && !(this.auditRetentionDays > 0)) {
      throw new RangeError("auditRetentionDays must be a positive number of days, or null to keep the audit log");
    }
    this.batchSize = options.batchSize ?? 100;
    this.maxPerSweep = options.maxPerSweep ?? 10_000;
  }

  /** The cut-off: executions that ended strictly before it are purged. */
  cutoff(): string {
    return isoAt(this.options.clock.now() - this.options.retentionDays * DAY_MS);
  }

  /** The audit cut-off: records timestamped strictly before it are purged (undefined: kept forever). */
  auditCutoff(): string | undefined {
    return this.auditRetentionDays === null ? undefined : isoAt(this.options.clock.now() - this.auditRetentionDays * DAY_MS);
  }

  /** One sweep; returns how many executions were purged (audit records too are purged). */
  async sweep(): Promise<number> {
    return (await this.sweepAll()).executions;
  }

  /** One sweep of executions, then of the audit log, then of ended jobs. */
  async sweepAll(): Promise<SweepResult> {
    const { store } = this.options;
    const endedBefore = this.cutoff();
    const executions = await this.inBatches((limit) => store.executions.purge({ endedBefore, limit }));
    const before = this.auditCutoff();
    const auditRecords = before === undefined ? 0 : await this.inBatches((limit) => store.audit.purge({ before, limit }));
    // A job's outcomes name executions: they go with the executions' retention, not the audit log's.
    const jobs = await this.inBatches((limit) => store.jobs.purge({ endedBefore, limit }));
    return { executions, auditRecords, jobs };
  }

  private async inBatches(purge: (limit: number) => Promise<number>): Promise<number> {
    let purged = 0;
    while (purged < this.maxPerSweep) {
      const n = await purge(Math.min(this.batchSize, this.maxPerSweep - purged));
      purged += n;
      if (n === 0) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return purged;
  }
}
