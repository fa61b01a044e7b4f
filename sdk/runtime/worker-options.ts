/** What a Worker is given: its store and functions, and the knobs of its loop (each with its default). */
import type { DurableStore, ExecutionRecord } from "../store/types";
import type { Clock } from "./clock";
import type { InvocationOutcome, UncaughtExceptionReport } from "./invocation";
import type { FunctionRegistry } from "./registry";

export interface WorkerOptions {
  store: DurableStore;
  registry: FunctionRegistry;
  clock?: Clock;
  /** Lease owner name; defaults to host, pid and a random suffix. */
  owner?: string;
  /** How long a claim lasts without a checkpoint or renewal (default 15 s). */
  leaseMs?: number;
  /** How often the worker rewrites its heartbeat row in the store (default 5 s; worker-heartbeat.ts). */
  heartbeatIntervalMs?: number;
  /** Longest sleep between polls of the store (default 250 ms). */
  pollIntervalMs?: number;
  /** Invocations run at once (default 16). */
  maxConcurrency?: number;
  /** Real-time limit of one handler invocation (default 15 min, Lambda's maximum). */
  invocationTimeoutMs?: number;
  /** Re-invocations after invocation errors before the execution fails (default 3). */
  maxInvocationRetries?: number;
  /**
   * Consecutive crashed invocations (the handler's code raised an uncaught exception) after which
   * the execution fails with a `Runtime.UncaughtException` error (default 3). Lower than the
   * invocation-error bound on purpose: a crashed invocation's code cannot be stopped (its timers
   * and callbacks live on in this process, cut off from the store), so every retry of a handler
   * that crashes again adds leftovers; three is Lambda's own count of attempts for an
   * asynchronous invocation whose function errors (one try and two retries). A crash still
   * counts as an invocation error too (backoff 1 s, 2 s, ...), so `maxInvocationRetries` may
   * end the execution first.
   */
  maxCrashedInvocations?: number;
  /** How long a plain chained-invoke target may take before the invoke times out (default 15 min). */
  plainInvokeTimeoutMs?: number;
  /**
   * Executions that ended longer ago than this many days are purged (default 30); `null` keeps
   * everything. Swept at start and then every `retentionSweepIntervalMs` (default 10 min).
   */
  retentionDays?: number | null;
  /**
   * Audit records older than this many days are purged; `null` keeps them. Default: the longer of
   * a year and `retentionDays` (see DEFAULT_AUDIT_RETENTION_DAYS). Swept with the executions.
   */
  auditRetentionDays?: number | null;
  retentionSweepIntervalMs?: number;
  /**
   * How often the poll loop looks for ended executions whose follow-up (answer the parent, stop
   * the children) the process ending them did not get to (default 5 s; `drain()` looks once per call).
   */
  followUpSweepIntervalMs?: number;
  /** Errors the worker survived (store trouble in the loop, a failed dispatch). Default: console.error. */
  onError?: (error: unknown) => void;
  /** Called after each invocation with its outcome (observability, tests). */
  onInvocation?: (execution: ExecutionRecord, outcome: InvocationOutcome) => void;
  /** An uncaught exception raised by an invocation's code. Default: reported through `onError`. */
  onUncaughtException?: (report: UncaughtExceptionReport) => void;
}
