/**
 * When does a map / parallel batch stop? A pure function of the completion config and the
 * batch's progress, so the engine can ask after every item settles (and before starting the
 * next one) and replay reaches the same answer.
 *
 * Rules (same as the official SDK):
 * - custom `shouldComplete`: it decides; `completeBatch(outcome)` ends the batch with
 *   CUSTOM_COMPLETION_SUCCEEDED / _FAILED; otherwise the batch ends when every item finished.
 * - no config, or every threshold undefined: fail-fast, the first failure ends the batch with
 *   FAILURE_TOLERANCE_EXCEEDED.
 * - thresholds: failures > toleratedFailureCount, or failures / totalCount x 100 >
 *   toleratedFailurePercentage -> FAILURE_TOLERANCE_EXCEEDED (checked first); then every item
 *   finished -> ALL_COMPLETED; then successes >= minSuccessful -> MIN_SUCCESSFUL_REACHED.
 *   Setting only minSuccessful tolerates any number of failures.
 */
import {
  CompletionOutcome,
  type CompletionConfig,
  type CompletionDecision,
  type CompletionReason,
  type CompletionStatus,
} from "../types/api-batch";

/** Keep starting / awaiting items. */
export const continueBatch = (): CompletionDecision => ({ complete: false });

/** Stop the batch now; `outcome` (default SUCCEEDED) is the batch's overall status. */
export const completeBatch = (outcome: CompletionOutcome = CompletionOutcome.SUCCEEDED): CompletionDecision => ({
  complete: true,
  outcome,
});

export interface CompletionEvaluation {
  /** Stop: start no more items and resolve the batch with what has finished. */
  done: boolean;
  /** Set when done. */
  reason?: CompletionReason;
  /** Set when done: whether the BatchResult will report status FAILED. */
  failed?: boolean;
}

export function evaluateCompletion(config: CompletionConfig | undefined, status: CompletionStatus): CompletionEvaluation {
  const allFinished = status.completedCount >= status.totalCount;

  if (config?.shouldComplete) {
    const decision = config.shouldComplete(status);
    if (decision.complete) {
      const failed = decision.outcome === CompletionOutcome.FAILED;
      return { done: true, reason: failed ? "CUSTOM_COMPLETION_FAILED" : "CUSTOM_COMPLETION_SUCCEEDED", failed };
    }
    return allFinished ? finish("ALL_COMPLETED", status) : { done: false };
  }

  if (toleranceExceeded(config, status)) return finish("FAILURE_TOLERANCE_EXCEEDED", status);
  if (allFinished) return finish("ALL_COMPLETED", status);
  if (config?.minSuccessful !== undefined && status.successCount >= config.minSuccessful) {
    return finish("MIN_SUCCESSFUL_REACHED", status);
  }
  return { done: false };
}

/**
 * Problems a completion config can have, as a message (undefined = fine). Invalid config is a
 * deterministic programming error; the engine should fail the execution rather than retry.
 */
export function validateCompletionConfig(config: CompletionConfig | undefined): string | undefined {
  if (config === undefined) return undefined;
  if (typeof config !== "object" || config === null) return "completionConfig must be an object";
  const { minSuccessful, toleratedFailureCount, toleratedFailurePercentage, shouldComplete } =
    config as Record<string, unknown>;
  const hasThreshold = [minSuccessful, toleratedFailureCount, toleratedFailurePercentage].some((v) => v !== undefined);
  if (shouldComplete !== undefined) {
    if (typeof shouldComplete !== "function") return "completionConfig.shouldComplete must be a function";
    if (hasThreshold) {
      return "completionConfig.shouldComplete cannot be combined with minSuccessful, toleratedFailureCount, and toleratedFailurePercentage";
    }
  }
  for (const [name, value] of [
    ["minSuccessful", minSuccessful],
    ["toleratedFailureCount", toleratedFailureCount],
  ] as const) {
    if (value !== undefined && (typeof value !== "number" || !Number.isInteger(value) || value < 0)) {
      return `completionConfig.${name} must be a whole number >= 0, got ${String(value)}`;
    }
  }
  if (
    toleratedFailurePercentage !== undefined &&
    (typeof toleratedFailurePercentage !== "number" ||
      !(toleratedFailurePercentage >= 0 && toleratedFailurePercentage <= 100))
  ) {
    return `completionConfig.toleratedFailurePercentage must be between 0 and 100, got ${String(toleratedFailurePercentage)}`;
  }
  return undefined;
}

function toleranceExceeded(config: CompletionConfig | undefined, status: CompletionStatus): boolean {
  const hasCriteria =
    config !== undefined &&
    (config.minSuccessful !== undefined ||
      config.toleratedFailureCount !== undefined ||
      config.toleratedFailurePercentage !== undefined);
  if (!hasCriteria) return status.failureCount > 0;
  if (config.toleratedFailureCount !== undefined && status.failureCount > config.toleratedFailureCount) return true;
  if (config.toleratedFailurePercentage !== undefined && status.totalCount > 0) {
    const failurePercentage = (status.failureCount / status.totalCount) * 100;
    if (failurePercentage > config.toleratedFailurePercentage) return true;
  }
  return false;
}

/** Threshold completions report FAILED exactly when some item failed (BatchResult.status). */
function finish(reason: CompletionReason, status: CompletionStatus): CompletionEvaluation {
  return { done: true, reason, failed: status.failureCount > 0 };
}
