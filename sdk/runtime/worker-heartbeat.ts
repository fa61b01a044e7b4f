/**
 * A worker's heartbeat row (store.workers): written when the worker starts, rewritten every
 * `intervalMs`, removed when it stops cleanly. Processes that run no handlers (console, CLI) read
 * these rows to tell which workers are alive and which functions they have, and a worker that
 * dies (SIGKILL, crash, a stalled event loop) shows as a row whose heartbeat went stale
 * (sdk/runtime/diagnosis/workers.ts judges it).
 *
 * Heartbeats run on a real-time interval, stamped with the injected clock; `drain()` (tests,
 * the test runner) beats once per call instead.
 */
import { hostname } from "node:os";
import type { DurableStore, WorkerRecord } from "../store/types";
import { isoAt, type Clock } from "./clock";

/** How often a worker rewrites its row by default; a row silent for 3 intervals is a dead worker's. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 5000;

/**
 * A dead worker's row (SIGKILL, a crash: it never removed it) stays this long after its last
 * heartbeat, so `durable workers` and the stuck rules can still name the worker that held a
 * lease; then a live worker's beat removes it. Swept at most once per this long, per worker.
 */
export const DEAD_WORKER_ROW_KEEP_MS = 60 * 60 * 1000;

export interface HeartbeatOptions {
  store: DurableStore;
  clock: Clock;
  workerId: string;
  intervalMs: number;
  leaseMs: number;
  /** The worker's function names now (the registry may grow while it runs). */
  functions: () => string[];
  /** Invocations running now. */
  running: () => number;
  onError: (error: unknown) => void;
}

export class WorkerHeartbeat {
  private readonly startedTimestamp: string;
  private timer?: NodeJS.Timeout;
  private beating?: Promise<void>;
  private sweptAt = -Infinity;

  constructor(private readonly options: HeartbeatOptions) {
    this.startedTimestamp = isoAt(options.clock.now());
  }

  /** Beats now and then every interval until `stop()`. */
  start(): void {
    if (this.timer) return;
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Writes the row once (one write at a time; a beat that fails is reported and the next one tries again). */
  beat(): Promise<void> {
    this.beating ??= this.options.store.workers
      .put(this.record())
      .then(() => this.sweepLongDead())
      .catch((error: unknown) => this.options.onError(error))
      .finally(() => (this.beating = undefined));
    return this.beating;
  }

  /** Stops beating and removes the row: a worker that stopped cleanly is gone, not dead. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.beating;
    await this.options.store.workers.remove(this.options.workerId).catch((error: unknown) => this.options.onError(error));
  }

  /** Removes rows of workers silent for over DEAD_WORKER_ROW_KEEP_MS (a row names the worker alone). */
  private async sweepLongDead(): Promise<void> {
    const now = this.options.clock.now();
    if (now - this.sweptAt < DEAD_WORKER_ROW_KEEP_MS) return;
    this.sweptAt = now;
    for (const row of await this.options.store.workers.list()) {
      const silentFor = now - Date.parse(row.lastHeartbeatTimestamp);
      if (row.workerId !== this.options.workerId && silentFor > DEAD_WORKER_ROW_KEEP_MS) await this.options.store.workers.remove(row.workerId);
    }
  }

  private record(): WorkerRecord {
    const o = this.options;
    return {
      workerId: o.workerId,
      host: hostname(),
      pid: process.pid,
      functions: [...o.functions()].sort(),
      startedTimestamp: this.startedTimestamp,
      lastHeartbeatTimestamp: isoAt(o.clock.now()),
      heartbeatIntervalMs: o.intervalMs,
      leaseMs: o.leaseMs,
      running: o.running(),
    };
  }
}
