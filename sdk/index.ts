/**
 * durable-console SDK: the public API of `@aws/durable-execution-sdk-js` 2.x, so a handler written
 * for AWS Lambda durable functions runs here by changing only the import.
 */
export { withDurableExecution, type DurableHandler } from "./with-durable-execution";
export { DurablePromise } from "./types/durable-promise";
export type { DurableContext, LambdaContextLike } from "./types/durable-context";
export * from "./types/api";
export {
  ExecutionStatus,
  OperationType,
  OperationStatus,
  OperationAction,
  EventType,
  type ErrorObject,
  type Operation,
  type OperationUpdate,
  type HistoryEvent,
  type DurableExecutionClient,
  type DurableExecutionInvocationInput,
  type DurableExecutionInvocationOutput,
  type CheckpointRequest,
  type CheckpointResponse,
  type GetExecutionStateRequest,
  type GetExecutionStateResponse,
} from "./types/wire";
export { DurableExecutionInvocationInputWithClient } from "./invocation-input";
export {
  DurableOperationError,
  StepError,
  CallbackError,
  CallbackExternalError,
  CallbackTimeoutError,
  CallbackSubmitterError,
  InvokeError,
  ChildContextError,
  WaitForConditionError,
  PromiseCombinatorError,
  BatchCompletionError,
  StepInterruptedError,
  PluginLoadError,
  SerdesFailedError,
  NonDeterministicExecutionError,
  DurableExecutionClientError,
  DurableExecutionClientErrorScope,
  isDurableExecutionClientError,
} from "./errors";
export { defaultSerdes, createClassSerdes, createClassSerdesWithDates } from "./utils/serdes";
export { createRetryStrategy, createLinearRetryStrategy, retryPresets, type RetryStrategyConfig, type LinearRetryStrategyConfig } from "./utils/retry";
export { createWaitStrategy, type WaitStrategyConfig } from "./utils/wait-strategy";
export { withRetry, type WithRetryConfig, type RetryableFunc } from "./utils/with-retry";
export { completeBatch, continueBatch } from "./batch";
