/**
 * What Lambda durable functions allow one run, and how close to a limit a figure may come before
 * the console and the CLI warn. The thresholds are here and nowhere else.
 *
 * Sources: the Lambda API reference (payload limits, sdk/types/wire.ts `Limits`, which the SDK and
 * the runtime enforce), the Lambda quotas page (15 minutes per invocation), DurableConfig
 * (ExecutionTimeout up to 31,622,400 s = 366 days), and the AWS durable execution SDKs' limits
 * table (docs/LIMITS.md of aws/durable-execution-sdk-rust: history of at most 25,000 operations).
 */
import { Limits } from "../../types/wire";

export const LAMBDA_LIMITS = {
  /** One invocation runs at most 15 minutes. */
  invocationMs: 15 * 60 * 1000,
  /** One operation's result or error (what one checkpoint stores for it). */
  operationPayloadBytes: Limits.operationPayloadBytes,
  executionInputBytes: Limits.executionInputBytes,
  executionResultBytes: Limits.executionResultBytes,
  /** The operations one execution's history may hold. */
  historyOperations: 25_000,
  /** ExecutionTimeout's ceiling, for an execution that sets none of its own. */
  executionLifetimeMs: Limits.maxExecutionTimeoutSeconds * 1000,
} as const;

/** A figure at or past this share of its limit is warned about ("at 80% of ..."). */
export const WARNING_RATIO = 0.8;

export type LimitLevel = "ok" | "warning" | "over";

/** Where `ratio` (figure / limit) stands: past the limit, near it, or clear of it. */
export function limitLevel(ratio: number): LimitLevel {
  if (ratio > 1) return "over";
  if (ratio >= WARNING_RATIO) return "warning";
  return "ok";
}
