import type { DurableStore } from "../store/types";
import { isoAt, type Clock } from "./clock";

export const DEFAULT_RETENTION_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

export interface RetentionOptions {
  store: DurableStore;
  clock: Clock;
  /** Executions that ended longer ago than this are purged with all their records. */
  retentionDays: number;
  /** Executions deleted per store call: small, so a sweep never holds the write lock for long. */
  batchSize?: number;
  /** Upper bound of one sweep; the rest waits for the next sweep. */
  maxPerSweep?: number;
}

/**
 * Deletes executions past their retention period, in bounded batches with a turn of the event
 * loop between them, so that purging a large backlog never stalls the invocations the worker
 * runs beside it. Only ended executions are touched; a RUNNING one is never purged however old.
 */
export class RetentionSweeper {
  private readonly batchSize: number;
  private readonly maxPerSweep: number;

  constructor(private readonly options: RetentionOptions) {
    if (!(options.retentionDays > 0)) throw new RangeError("retentionDays must be a positive number of days");
    this.batchSize = options.batchSize ?? 100;
    this.maxPerSweep = options.maxPerSweep ?? 10_000;
  }

  /** The cut-off: executions that ended strictly before it are purged. */
  cutoff(): string {
    return isoAt(this.options.clock.now() - this.options.retentionDays * DAY_MS);
  }

  /** One sweep; returns how many executions were purged. */
  async sweep(): Promise<number> {
    const endedBefore = this.cutoff();
    let purged = 0;
    while (purged < this.maxPerSweep) {
      const n = await this.options.store.purgeExecutions({ endedBefore, limit: Math.min(this.batchSize, this.maxPerSweep - purged) });
      purged += n;
      if (n === 0) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return purged;
  }
}
