/**
 * The local runtime: the stand-in for the Lambda durable service. Register handlers, run a
 * Worker over a store, and drive executions with the DurableClient (the same API for the CLI,
 * the console and tests).
 */
export { systemClock, isoAt, type Clock } from "./clock";
export {
  newExecutionId,
  newCallbackId,
  newCheckpointToken,
  newRequestId,
} from "./ids";
export {
  executionArn,
  functionArn,
  parseExecutionArn,
  functionNameOfTarget,
  LOCAL_REGION,
  LOCAL_ACCOUNT_ID,
  FUNCTION_NAME_PATTERN,
  type ParsedExecutionArn,
} from "./arns";
export {
  DurableClientError,
  DurableClientErrorCode,
  HTTP_STATUS_BY_CODE,
  InvalidCheckpointError,
} from "./errors";
export {
  FunctionRegistry,
  functionRecord,
  MAX_FUNCTION_DESCRIPTION_CHARS,
  type DurableHandler,
  type PlainFunction,
  type DurableFunctionOptions,
  type PlainFunctionOptions,
  type RegisteredFunction,
} from "./registry";
export type { FunctionRecord, PendingCallbackQuery, PendingCallbackView, CallbackRecord } from "../store/types";
export { createLambdaContext, type LambdaContext } from "./lambda-context";
export { Worker, type WorkerOptions } from "./worker";
export type { InvocationOutcome } from "./invocation";
export {
  DurableClient,
  toExecutionView,
  type DurableClientOptions,
  type ExecutionView,
  type StartExecutionResult,
} from "./client";
export type { StartExecutionParams, ReplayExecutionOptions } from "./client-schemas";
export { InvocationClient, type InvocationClientOptions, type CommittedEffects } from "./invocation-client";
export {
  processCheckpoint,
  applyCheckpointUpdates,
  appendCheckpointLogs,
  executionOperationId,
  type CheckpointDeps,
  type CheckpointInput,
  type CheckpointResult,
  type AppliedUpdates,
  type ChainedInvokeStart,
} from "./checkpoint-processor";
export { fireDueTimers, computeNextWakeAt, executionDeadline, operationDueAt } from "./timers";
export { MutationBuilder } from "./mutation-builder";
export { runtimeStateOf, isWaitingOperation, type OperationRuntimeState, type ChainedInvokeState } from "./operation-state";
export { buildNewExecution, type NewExecutionSpec } from "./execution-factory";
export { pruneFinishedContextChildren } from "./visible-operations";
export { RetentionSweeper, DEFAULT_RETENTION_DAYS, type RetentionOptions } from "./retention";
export { DEFAULT_HEARTBEAT_INTERVAL_MS } from "./worker-heartbeat";
export type { WorkerRecord } from "../store/types";
export { STUCK_CODES } from "./diagnosis/types";
export type {
  ExecutionDiagnosis,
  HealthSummary,
  StuckCode,
  StuckExecution,
  StuckList,
  StuckQuery,
  StuckReason,
  WaitItem,
  WaitKind,
  WorkerView,
} from "./diagnosis/types";
export { JobRunner, DEFAULT_JOB_LEASE_MS, type JobRunnerOptions } from "./jobs/job-runner";
export { BULK_ACTIONS, BULK_KINDS, replayNameOf, type BulkAction, type BulkAnswer, type BulkKind } from "./jobs/bulk-kinds";
export { bulkJobInputSchema, newJobId, DEFAULT_JOB_RATE_PER_SECOND, type BulkJobInput, type BulkPreview, type PreviewGroup } from "./jobs/bulk-jobs";
