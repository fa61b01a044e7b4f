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
} from "./durable-operation-error";
export { StepInterruptedError } from "./step-interrupted-error";
export { PluginLoadError } from "./plugin-load-error";
export { SerdesFailedError } from "./serdes-failed-error";
export {
  DurableExecutionClientError,
  DurableExecutionClientErrorScope,
  isDurableExecutionClientError,
  type DurableExecutionClientErrorOptions,
} from "./durable-execution-client-error";
export {
  UnrecoverableError,
  UnrecoverableExecutionError,
  UnrecoverableInvocationError,
  NonDeterministicExecutionError,
  isUnrecoverableError,
  isUnrecoverableExecutionError,
  isUnrecoverableInvocationError,
  type TerminationReasonName,
} from "./unrecoverable-errors";
export {
  errorToErrorObject,
  errorFromErrorObject,
  relativizePaths,
  MAX_ERROR_MESSAGE_CHARS,
  type ErrorToErrorObjectOptions,
} from "./error-object";
