/**
 * The worker: claims due executions of the functions it has from the store (leases), runs their
 * invocations concurrently on this event loop, and carries out what invocations set off
 * (starting chained invoke targets, stopping children, answering callers). Several workers, in
 * one process or many, may share a store: leases and checkpoint tokens keep them from running one
 * execution twice, and each claims only executions of its own functions, so workers with
 * different functions share a store too.
 *
 * Time: every timestamp comes from the injected clock. `start()` polls on real time (short
 * sleeps, cut short by `wake()` and by the next known wake time); `drain()` runs everything due
 * at `clock.now()` without sleeping, which is how tests and the test runner skip time.
 *
 * Crashes: while a worker runs (from `start()` or the first `drain()` until `stop()`) it holds
 * the process's crash guard (invocation-scope.ts): an uncaught exception raised by handler code
 * fails that invocation only (see invocation.ts); one raised by anything else keeps Node's
 * default.
 */
import { hostname } from "node:os";
import type { DurableStore, ExecutionRecord } from "../store/types";
import { DEFAULT_PLAIN_INVOKE_TIMEOUT_MS, type CheckpointDeps } from "./checkpoint-processor";
import { dispatchChainedInvoke } from "./chained-invoke";
import { isoAt, systemClock, type Clock } from "./clock";
import { newCallbackId, newCheckpointToken, newExecutionId } from "./ids";
import { DEFAULT_LEASE_MS, type CommittedEffects } from "./invocation-client";
import { runInvocation, type InvocationDeps, type UncaughtExceptionReport } from "./invocation";
import { installCrashGuard } from "./invocation-scope";
import { afterExecutionEnded, sweepFollowUps } from "./follow-up";
import { FunctionDirectory } from "./function-directory";
import { stopExecutionNow } from "./lifecycle";
import { releaseClaim } from "./release-claim";
import { DEFAULT_RETENTION_DAYS, RetentionSweeper } from "./retention";
import { functionRecord } from "./registry";
import { DEFAULT_HEARTBEAT_INTERVAL_MS, WorkerHeartbeat } from "./worker-heartbeat";
import { JobRunner } from "./jobs/job-runner";
import type { WorkerOptions } from "./worker-options";

export type { WorkerOptions } from "./worker-options";


export class Worker {
  readonly owner: string;
  private readonly store: DurableStore;
  private readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly maxConcurrency: number;
  private readonly invocationDeps: InvocationDeps;
  private readonly options: WorkerOptions;
  private readonly invocations = new Set<Promise<void>>();
  private readonly background = new Set<Promise<void>>();
  private loop?: Promise<void>;
  private started = false;
  private wakeSleep?: () => void;
  private wakeRequested = false;
  /** Registry version last written to the store (-1: never), and the write in flight. */
  private publishedVersion = -1;
  private publishing?: Promise<void>;
  private readonly retention?: RetentionSweeper;
  private retentionTimer?: NodeJS.Timeout;
  private nextFollowUpSweepAt = 0;
  /** What chained invokes can reach: this worker's functions and other workers' durable ones. */
  private readonly directory: FunctionDirectory;
  private followUpSweep?: Promise<void>;
  /** This worker's row in store.workers: who it is, its functions, when last heard from. */
  private readonly heartbeat: WorkerHeartbeat;
  /** Stops hearing of writes that made executions due (set while the poll loop runs). */
  private unwatchDue?: () => void;
  /** Removes this worker's hold on the process's crash guard; set while it holds one. */
  private releaseCrashGuard?: () => void;
  /** Runs stored bulk jobs beside the invocations (jobs/job-runner.ts), from start() to stop(). */
  readonly jobs: JobRunner;

  constructor(options: WorkerOptions) {
    this.options = options;
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.owner = options.owner ?? `worker-${hostname()}-${process.pid}-${newCheckpointToken().slice(0, 6)}`;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.maxConcurrency = Math.max(1, options.maxConcurrency ?? 16);
    const plainInvokeTimeoutMs = options.plainInvokeTimeoutMs ?? DEFAULT_PLAIN_INVOKE_TIMEOUT_MS;
    const registry = options.registry;
    this.directory = new FunctionDirectory(this.store, registry, this.clock);
    const checkpointDeps: CheckpointDeps = {
      newCallbackId,
      newExecutionId,
      plainInvokeTimeoutMs,
      resolveTarget: (name) => this.directory.kindOf(name),
    };
    this.invocationDeps = {
      store: this.store,
      registry,
      clock: this.clock,
      leaseMs: this.leaseMs,
      invocationTimeoutMs: options.invocationTimeoutMs ?? 15 * 60 * 1000,
      maxInvocationRetries: options.maxInvocationRetries ?? 3,
      maxCrashedInvocations: Math.max(1, options.maxCrashedInvocations ?? 3),
      owner: this.owner,
      onUncaughtException: (report) => this.reportUncaught(report),
      checkpointDeps,
      onEffects: (effects) => this.carryOut(effects, plainInvokeTimeoutMs),
      onEnded: (execution, children) =>
        this.track(afterExecutionEnded(this.store, this.clock, execution, children, () => this.wake())),
    };
    this.heartbeat = new WorkerHeartbeat({
      store: this.store,
      clock: this.clock,
      workerId: this.owner,
      intervalMs: Math.max(10, options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS),
      leaseMs: this.leaseMs,
      functions: () => registry.names(),
      running: () => this.invocations.size,
      onError: (error) => this.reportError(error),
    });
    this.jobs = new JobRunner({ store: this.store, registry, clock: this.clock, owner: this.owner, leaseMs: 2 * this.leaseMs, onWake: () => this.wake(), onError: (e) => this.reportError(e) });
    const retentionDays = options.retentionDays === undefined ? DEFAULT_RETENTION_DAYS : options.retentionDays;
    if (retentionDays !== null) {
      this.retention = new RetentionSweeper({ store: this.store, clock: this.clock, retentionDays, auditRetentionDays: options.auditRetentionDays });
    }
  }

  /** Invocations running now. */
  get running(): number {
    return this.invocations.size;
  }

  /**
   * Writes the registry's functions to the store, so processes that run no handlers (console,
   * CLI) know them; lastSeenTimestamp is now, registeredTimestamp is kept by the store for known functions.
   * Once per worker, and again only if the registry changed since. `start()` and `drain()` call it.
   */
  async publishFunctions(): Promise<void> {
    const registry = this.options.registry;
    while (this.publishedVersion !== registry.version) {
      if (!this.publishing) {
        const version = registry.version;
        const now = isoAt(this.clock.now());
        this.publishing = this.store
          .functions.put(registry.list().map((fn) => functionRecord(fn, now)))
          .then(() => {
            this.publishedVersion = version;
          })
          .finally(() => {
            this.publishing = undefined;
          });
      }
      await this.publishing;
    }
  }

  /** Starts the poll loop (idempotent). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.holdCrashGuard();
    this.heartbeat.start();
    // A start or an answer written through this store object in this process is claimed at
    // once, not at the end of a sleep; other processes' writes are found by polling.
    this.unwatchDue = this.store.scheduling.watchDue?.(() => this.wake());
    this.loop = this.pollLoop();
    this.jobs.start();
    if (this.retention) {
      const sweep = () => this.track(this.sweepRetention());
      sweep();
      this.retentionTimer = setInterval(sweep, this.options.retentionSweepIntervalMs ?? 10 * 60 * 1000);
      this.retentionTimer.unref();
    }
  }

  /** Purges executions past the retention period; the number purged (0 when retention is off). */
  async sweepRetention(): Promise<number> {
    if (!this.retention) return 0;
    try {
      return await this.retention.sweep();
    } catch (error) {
      this.reportError(error);
      return 0;
    }
  }

  /** Stops claiming and waits for running invocations and their follow-ups to finish. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    this.retentionTimer = undefined;
    this.unwatchDue?.();
    this.unwatchDue = undefined;
    this.wake();
    await Promise.all([this.loop, this.jobs.stop()]);
    this.loop = undefined;
    await this.settle();
    await this.heartbeat.stop();
    this.releaseCrashGuard?.();
    this.releaseCrashGuard = undefined;
  }

  /** Polls now instead of at the end of the current sleep (something became due in this process). */
  wake(): void {
    this.wakeRequested = true;
    this.wakeSleep?.();
  }

  /**
   * Runs everything due at `clock.now()`, including what that work makes due (a child
   * execution, a callback answered by a plain function), until nothing is due and nothing runs.
   */
  async drain(): Promise<void> {
    this.holdCrashGuard();
    await this.publishFunctions();
    await this.heartbeat.beat();
    await this.directory.refresh(true);
    await this.sweepFollowUps();
    for (;;) {
      const claimed = await this.claimAndLaunch();
      if (claimed === 0 && this.invocations.size === 0 && this.background.size === 0) return;
      if (claimed === 0 || this.invocations.size >= this.maxConcurrency) {
        await Promise.race([...this.invocations, ...this.background]);
      }
    }
  }

  private async pollLoop(): Promise<void> {
    while (this.started) {
      this.wakeRequested = false;
      let claimed = 0;
      try {
        // Writes on the first pass; later passes only retry a failed write or publish a changed registry.
        await this.publishFunctions();
        await this.directory.refresh();
      } catch (error) {
        this.reportError(error);
      }
      this.sweepFollowUpsEvery(this.options.followUpSweepIntervalMs ?? 5000);
      try {
        claimed = await this.claimAndLaunch();
      } catch (error) {
        this.reportError(error);
      }
      if (!this.started) break;
      if (this.wakeRequested) continue;
      await this.sleep(await this.sleepMs(claimed));
    }
  }

  /**
   * Does the follow-up (answer the parent, stop the children) of ended executions whose ending
   * process died before it could; see follow-up.ts. Returns how many it found.
   */
  sweepFollowUps(): Promise<number> {
    return sweepFollowUps(this.store, this.clock, 25, () => this.wake());
  }

  /** One sweep in the background at a time, at most once per interval. */
  private sweepFollowUpsEvery(intervalMs: number): void {
    const now = this.clock.now();
    if (this.followUpSweep || now < this.nextFollowUpSweepAt) return;
    this.nextFollowUpSweepAt = now + intervalMs;
    this.followUpSweep = this.track(this.sweepFollowUps()).finally(() => (this.followUpSweep = undefined));
  }

  private async sleepMs(claimed: number): Promise<number> {
    if (this.invocations.size >= this.maxConcurrency) return this.pollIntervalMs;
    if (claimed > 0) return 0;
    try {
      // Only this worker's functions: another worker's due execution is no reason to wake up.
      const next = await this.store.scheduling.nextWakeAt({ functionNames: this.options.registry.durableNames() });
      // A due execution we could not claim is leased elsewhere: wait a poll interval for it.
      if (next === undefined || next <= this.clock.now()) return this.pollIntervalMs;
      return Math.min(this.pollIntervalMs, next - this.clock.now());
    } catch (error) {
      this.reportError(error);
      return this.pollIntervalMs;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleep = () => {
        this.wakeSleep = undefined;
        done();
      };
    });
  }

  /**
   * Claims what fits in the free slots, of the functions this worker has, and starts running it;
   * returns how many it started.
   */
  private async claimAndLaunch(): Promise<number> {
    const free = this.maxConcurrency - this.invocations.size;
    if (free <= 0) return 0;
    const registry = this.options.registry;
    const claimed = await this.store.scheduling.claimDue({
      now: this.clock.now(),
      owner: this.owner,
      leaseMs: this.leaseMs,
      limit: free,
      newToken: newCheckpointToken,
      functionNames: registry.durableNames(),
    });
    const foreign: ExecutionRecord[] = [];
    for (const execution of claimed) {
      if (registry.get(execution.functionName)?.kind !== "durable") {
        foreign.push(execution);
        continue;
      }
      const run: Promise<void> = runInvocation(this.invocationDeps, execution)
        .then((outcome) => this.options.onInvocation?.(execution, outcome))
        .catch((error) => this.reportError(error))
        .finally(() => {
          this.invocations.delete(run);
          // A slot is free again: a sleeping poll loop may claim now.
          this.wakeSleep?.();
        });
      this.invocations.add(run);
    }
    // Defence in depth (the store filters by function): another worker's execution is given back
    // untouched before this returns, and not counted, so the loop sleeps (and `drain()` ends)
    // rather than claims it again at once.
    await Promise.all(foreign.map((execution) => releaseClaim(this.store, execution).catch((error) => this.reportError(error))));
    return claimed.length - foreign.length;
  }

  /** Starts what a commit set off; returns the chained-invoke dispatches (the invocation waits for them). */
  private carryOut(effects: CommittedEffects, plainInvokeTimeoutMs: number): Promise<void>[] {
    const deps = { store: this.store, clock: this.clock, registry: this.options.registry, directory: this.directory, plainInvokeTimeoutMs, onWake: () => this.wake() };
    const dispatches = effects.chainedInvokeStarts.map((start) => this.track(dispatchChainedInvoke(deps, effects.executionId, start)));
    for (const childId of effects.cancelledChildExecutionIds) {
      this.track(
        stopExecutionNow(this.store, this.clock, childId, { ErrorType: "ChainedInvokeCancelled", ErrorMessage: "The calling operation was cancelled" })
          .then((stopped) => afterExecutionEnded(this.store, this.clock, stopped.execution, stopped.children, () => this.wake()))
          .catch(() => undefined),
      );
    }
    return dispatches;
  }

  /** Runs follow-up work in the background; `drain()` and `stop()` wait for it. */
  private track(work: Promise<unknown>): Promise<void> {
    const task: Promise<void> = work
      .then(() => undefined)
      .catch((error) => this.reportError(error))
      .finally(() => this.background.delete(task));
    this.background.add(task);
    return task;
  }

  private async settle(): Promise<void> {
    while (this.invocations.size > 0 || this.background.size > 0) {
      await Promise.allSettled([...this.invocations, ...this.background]);
    }
  }

  /** Handlers run from now on: their crashes must reach their invocations (released by `stop()`). */
  private holdCrashGuard(): void {
    this.releaseCrashGuard ??= installCrashGuard();
  }

  private reportUncaught(report: UncaughtExceptionReport): void {
    if (this.options.onUncaughtException) return this.options.onUncaughtException(report);
    const what = report.afterCrash ? "another uncaught exception from the crashed invocation's leftover code" : "uncaught exception in handler code; the invocation fails";
    this.reportError(new Error(`${what} (execution ${report.executionId}, request ${report.requestId})`, { cause: report.error }));
  }

  private reportError(error: unknown): void {
    if (this.options.onError) this.options.onError(error);
    else console.error("[durable worker]", error);
  }
}
