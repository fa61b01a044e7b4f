/**
 * Types of the batch operations (map, parallel) and of their result, `BatchResult`.
 * The implementation of `BatchResult` and the completion rules live in sdk/batch/.
 */
import type { Serdes } from "../utils/serdes";
import type { ChildContextError } from "../errors/durable-operation-error";
import type { DurableLogger } from "./api-logger";
import type { DurableContext } from "./durable-context";

/** Whether each item / branch gets its own CONTEXT operation. */
export const NestingType = {
  /** Default: one CONTEXT operation per item (visible in history). */
  NESTED: "NESTED",
  /** Virtual item contexts: item operations are parented to the map/parallel operation. */
  FLAT: "FLAT",
} as const;
export type NestingType = (typeof NestingType)[keyof typeof NestingType];
export declare namespace NestingType {
  type NESTED = typeof NestingType.NESTED;
  type FLAT = typeof NestingType.FLAT;
}

export const BatchItemStatus = {
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
  /** Still running when the batch completed early; observability only, not stable across replay. */
  STARTED: "STARTED",
} as const;
export type BatchItemStatus = (typeof BatchItemStatus)[keyof typeof BatchItemStatus];
export declare namespace BatchItemStatus {
  type SUCCEEDED = typeof BatchItemStatus.SUCCEEDED;
  type FAILED = typeof BatchItemStatus.FAILED;
  type STARTED = typeof BatchItemStatus.STARTED;
}

/** One item of a batch result. */
export interface BatchItem<TResult> {
  result?: TResult;
  /** Items run in child contexts, so a failure is always a ChildContextError. */
  error?: ChildContextError;
  /** Index in the original items / branches array. */
  index: number;
  status: BatchItemStatus;
}

export type CompletionReason =
  | "ALL_COMPLETED"
  | "MIN_SUCCESSFUL_REACHED"
  | "FAILURE_TOLERANCE_EXCEEDED"
  | "CUSTOM_COMPLETION_SUCCEEDED"
  | "CUSTOM_COMPLETION_FAILED";

/** Result of map / parallel. Items that never started (early completion) are absent from `all`. */
export interface BatchResult<TResult> {
  all: Array<BatchItem<TResult>>;
  succeeded(): Array<BatchItem<TResult> & { result: TResult }>;
  failed(): Array<BatchItem<TResult> & { error: ChildContextError }>;
  started(): Array<BatchItem<TResult> & { status: BatchItemStatus.STARTED }>;
  /** FAILED if any item failed or a custom completion said FAILED. */
  status: BatchItemStatus.SUCCEEDED | BatchItemStatus.FAILED;
  completionReason: CompletionReason;
  hasFailure: boolean;
  /** Throws the first item error, or a BatchCompletionError for CUSTOM_COMPLETION_FAILED. */
  throwIfError(): void;
  getResults(): Array<TResult>;
  getErrors(): Array<ChildContextError>;
  successCount: number;
  failureCount: number;
  startedCount: number;
  totalCount: number;
}

/** Batch-level outcome chosen by a custom completion predicate. */
export const CompletionOutcome = {
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
} as const;
export type CompletionOutcome = (typeof CompletionOutcome)[keyof typeof CompletionOutcome];
export declare namespace CompletionOutcome {
  type SUCCEEDED = typeof CompletionOutcome.SUCCEEDED;
  type FAILED = typeof CompletionOutcome.FAILED;
}

/** Answer of `shouldComplete`; build it with `continueBatch()` / `completeBatch(outcome?)`. */
export type CompletionDecision = { complete: false } | { complete: true; outcome?: CompletionOutcome };

/**
 * Threshold completion. With no config at all (or every field undefined) a batch is fail-fast:
 * the first failure completes it with FAILURE_TOLERANCE_EXCEEDED. Once any field is set,
 * failures are tolerated unless a tolerance field says otherwise.
 */
export interface ThresholdCompletionConfig {
  /** Complete (MIN_SUCCESSFUL_REACHED) once this many items succeeded. */
  minSuccessful?: number;
  /** Complete (FAILURE_TOLERANCE_EXCEEDED) once failures exceed this count. */
  toleratedFailureCount?: number;
  /** Complete (FAILURE_TOLERANCE_EXCEEDED) once failures exceed this share of all items (0-100). */
  toleratedFailurePercentage?: number;
  shouldComplete?: never;
}

/** Completion decided by a deterministic predicate over the batch's progress. */
export interface CustomCompletionConfig {
  shouldComplete: (status: CompletionStatus) => CompletionDecision;
  minSuccessful?: never;
  toleratedFailureCount?: never;
  toleratedFailurePercentage?: never;
}

export type CompletionConfig = ThresholdCompletionConfig | CustomCompletionConfig;

/** One item's state when `shouldComplete` runs; `status` undefined = not started yet. */
export interface CompletionItemStatus {
  index: number;
  name?: string;
  status?: BatchItemStatus;
}

/** Progress passed to `shouldComplete`; `items` is ordered by original index. */
export interface CompletionStatus {
  successCount: number;
  failureCount: number;
  /** successCount + failureCount */
  completedCount: number;
  totalCount: number;
  items: readonly CompletionItemStatus[];
}

/** The body run for each item of `context.map`, in the item's own child context. */
export type MapFunc<TInput, TOutput, Logger extends DurableLogger = DurableLogger> = (
  context: DurableContext<Logger>,
  item: TInput,
  index: number,
  array: TInput[],
) => Promise<TOutput>;

/** Options of `context.map`. */
export interface MapConfig<TItem, TResult> {
  /** Default unlimited. */
  maxConcurrency?: number;
  /** Item names; default `map-item-<index>`. */
  itemNamer?: (item: TItem, index: number) => string;
  /** Serdes of the whole BatchResult. */
  serdes?: Serdes<BatchResult<TResult>>;
  itemSerdes?: Serdes<TResult>;
  completionConfig?: CompletionConfig;
  summaryGenerator?: (result: BatchResult<TResult>) => string;
  nesting?: NestingType;
}

/** One branch of `context.parallel`. */
export type ParallelFunc<TResult, Logger extends DurableLogger = DurableLogger> = (
  context: DurableContext<Logger>,
) => Promise<TResult>;

/** A parallel branch with an optional name (default `parallel-branch-<index>`). */
export interface NamedParallelBranch<TResult, Logger extends DurableLogger = DurableLogger> {
  name?: string;
  func: ParallelFunc<TResult, Logger>;
}

/** Options of `context.parallel`. */
export interface ParallelConfig<TResult> {
  maxConcurrency?: number;
  serdes?: Serdes<BatchResult<TResult>>;
  itemSerdes?: Serdes<TResult>;
  completionConfig?: CompletionConfig;
  summaryGenerator?: (result: BatchResult<TResult>) => string;
  nesting?: NestingType;
}

/** An item handed to the shared concurrent executor behind map and parallel. */
export interface ConcurrentExecutionItem<T> {
  id: string;
  data: T;
  index: number;
  name?: string;
}

export type ConcurrentExecutor<TItem, TResult, Logger extends DurableLogger = DurableLogger> = (
  item: ConcurrentExecutionItem<TItem>,
  childContext: DurableContext<Logger>,
) => Promise<TResult>;

/** Options of the shared concurrent executor. */
export interface ConcurrencyConfig<TResult> {
  maxConcurrency?: number;
  topLevelSubType?: string;
  iterationSubType?: string;
  summaryGenerator?: (result: BatchResult<TResult>) => string;
  serdes?: Serdes<BatchResult<TResult>>;
  itemSerdes?: Serdes<TResult>;
  completionConfig?: CompletionConfig;
  nesting?: NestingType;
}
