/**
 * The AWS Lambda durable-execution wire model (API version 2025-12-01), field for field.
 * Executions, operations, checkpoint updates and history events all use these shapes so
 * that anyone who knows Lambda durable functions reads our data without a glossary.
 * Fields we add beside AWS's are marked "extension".
 */

export const ExecutionStatus = {
  RUNNING: "RUNNING",
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
  TIMED_OUT: "TIMED_OUT",
  STOPPED: "STOPPED",
} as const;
export type ExecutionStatus = (typeof ExecutionStatus)[keyof typeof ExecutionStatus];
export const EXECUTION_STATUSES = Object.values(ExecutionStatus);
export const TERMINAL_EXECUTION_STATUSES: readonly ExecutionStatus[] = ["SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"];
/** extension: the statuses a redrive accepts (sdk/runtime/redrive); the console offers Redrive for these. */
export const REDRIVABLE_STATUSES: readonly ExecutionStatus[] = ["FAILED", "TIMED_OUT", "STOPPED"];

export const InvocationStatus = { SUCCEEDED: "SUCCEEDED", FAILED: "FAILED", PENDING: "PENDING" } as const;
export type InvocationStatus = (typeof InvocationStatus)[keyof typeof InvocationStatus];

export const OperationType = {
  EXECUTION: "EXECUTION",
  CONTEXT: "CONTEXT",
  STEP: "STEP",
  WAIT: "WAIT",
  CALLBACK: "CALLBACK",
  CHAINED_INVOKE: "CHAINED_INVOKE",
} as const;
export type OperationType = (typeof OperationType)[keyof typeof OperationType];

export const OperationStatus = {
  STARTED: "STARTED",
  PENDING: "PENDING",
  READY: "READY",
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
  CANCELLED: "CANCELLED",
  TIMED_OUT: "TIMED_OUT",
  STOPPED: "STOPPED",
} as const;
export type OperationStatus = (typeof OperationStatus)[keyof typeof OperationStatus];
export const TERMINAL_OPERATION_STATUSES: readonly OperationStatus[] = [
  "SUCCEEDED",
  "FAILED",
  "CANCELLED",
  "TIMED_OUT",
  "STOPPED",
];

export const OperationAction = {
  START: "START",
  SUCCEED: "SUCCEED",
  FAIL: "FAIL",
  RETRY: "RETRY",
  CANCEL: "CANCEL",
} as const;
export type OperationAction = (typeof OperationAction)[keyof typeof OperationAction];

export const OperationSubType = {
  Step: "Step",
  Wait: "Wait",
  Callback: "Callback",
  RunInChildContext: "RunInChildContext",
  Map: "Map",
  MapIteration: "MapIteration",
  Parallel: "Parallel",
  ParallelBranch: "ParallelBranch",
  WaitForCallback: "WaitForCallback",
  WaitForCondition: "WaitForCondition",
  ChainedInvoke: "ChainedInvoke",
} as const;
export type OperationSubType = (typeof OperationSubType)[keyof typeof OperationSubType];

export interface ErrorObject {
  ErrorMessage?: string;
  ErrorType?: string;
  ErrorData?: string;
  StackTrace?: string[];
}

/** Timestamps are ISO-8601 strings everywhere in our model (the invoke payload form). */
export type Timestamp = string;

export interface Operation {
  Id: string;
  ParentId?: string;
  Name?: string;
  Type: OperationType;
  SubType?: string;
  StartTimestamp: Timestamp;
  EndTimestamp?: Timestamp;
  Status: OperationStatus;
  ExecutionDetails?: { InputPayload?: string };
  ContextDetails?: { ReplayChildren?: boolean; Result?: string; Error?: ErrorObject };
  StepDetails?: { Attempt?: number; NextAttemptTimestamp?: Timestamp; Result?: string; Error?: ErrorObject };
  WaitDetails?: { ScheduledEndTimestamp?: Timestamp };
  CallbackDetails?: { CallbackId?: string; Result?: string; Error?: ErrorObject };
  ChainedInvokeDetails?: { Result?: string; Error?: ErrorObject };
}

export interface OperationUpdate {
  Id: string;
  ParentId?: string;
  Name?: string;
  Type: OperationType;
  SubType?: string;
  Action: OperationAction;
  Payload?: string;
  Error?: ErrorObject;
  ContextOptions?: { ReplayChildren?: boolean };
  StepOptions?: { NextAttemptDelaySeconds?: number };
  WaitOptions?: { WaitSeconds?: number };
  /**
   * AnswerSchema is a durable-console extension: the JSON Schema (as JSON text) the callback's
   * answer must satisfy (sdk/utils/answer-schema). The official SDK never sends it.
   */
  CallbackOptions?: { TimeoutSeconds?: number; HeartbeatTimeoutSeconds?: number; AnswerSchema?: string };
  ChainedInvokeOptions?: { FunctionName?: string; TenantId?: string; XAmznTraceId?: string };
}

export const EventType = {
  ExecutionStarted: "ExecutionStarted",
  ExecutionSucceeded: "ExecutionSucceeded",
  ExecutionFailed: "ExecutionFailed",
  ExecutionTimedOut: "ExecutionTimedOut",
  ExecutionStopped: "ExecutionStopped",
  ContextStarted: "ContextStarted",
  ContextSucceeded: "ContextSucceeded",
  ContextFailed: "ContextFailed",
  StepStarted: "StepStarted",
  StepSucceeded: "StepSucceeded",
  StepFailed: "StepFailed",
  WaitStarted: "WaitStarted",
  WaitSucceeded: "WaitSucceeded",
  WaitCancelled: "WaitCancelled",
  CallbackStarted: "CallbackStarted",
  CallbackSucceeded: "CallbackSucceeded",
  CallbackFailed: "CallbackFailed",
  CallbackTimedOut: "CallbackTimedOut",
  ChainedInvokeStarted: "ChainedInvokeStarted",
  ChainedInvokeSucceeded: "ChainedInvokeSucceeded",
  ChainedInvokeFailed: "ChainedInvokeFailed",
  ChainedInvokeTimedOut: "ChainedInvokeTimedOut",
  ChainedInvokeStopped: "ChainedInvokeStopped",
  InvocationCompleted: "InvocationCompleted",
  /** extension: an operator redrove a FAILED / TIMED_OUT / STOPPED execution. */
  ExecutionRedriven: "ExecutionRedriven",
  /** extension: this execution was forked from another ("rerun from a step"); names what it carried over. */
  ExecutionForked: "ExecutionForked",
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];
export const EVENT_TYPES = Object.values(EventType);

export interface EventInput { Payload?: string; Truncated?: boolean }
export interface EventResult { Payload?: string; Truncated?: boolean }
export interface EventError { Payload?: ErrorObject; Truncated?: boolean }
export interface RetryDetails { CurrentAttempt?: number; NextAttemptDelaySeconds?: number }

/**
 * One history event. Exactly one `<EventType>Details` field is set, named after EventType
 * (e.g. `StepFailedDetails`). Details are kept loosely typed here; `EventDetailsByType`
 * documents the shape each one carries.
 */
export interface HistoryEvent {
  EventType: EventType;
  SubType?: string;
  EventId: number;
  Id?: string;
  Name?: string;
  EventTimestamp: Timestamp;
  ParentId?: string;
  [details: `${string}Details`]: Record<string, unknown> | undefined;
}

export interface EventDetailsByType {
  ExecutionStarted: { Input: EventInput; ExecutionTimeout?: number };
  ExecutionSucceeded: { Result: EventResult };
  ExecutionFailed: { Error: EventError };
  ExecutionTimedOut: { Error?: EventError };
  ExecutionStopped: { Error: EventError };
  ContextStarted: Record<string, never>;
  ContextSucceeded: { Result: EventResult };
  ContextFailed: { Error: EventError };
  StepStarted: Record<string, never>;
  StepSucceeded: { Result: EventResult; RetryDetails: RetryDetails };
  StepFailed: { Error: EventError; RetryDetails: RetryDetails };
  WaitStarted: { Duration: number; ScheduledEndTimestamp: Timestamp };
  WaitSucceeded: { Duration?: number };
  WaitCancelled: { Error?: EventError };
  CallbackStarted: { CallbackId: string; Timeout?: number; HeartbeatTimeout?: number };
  CallbackSucceeded: { Result: EventResult };
  CallbackFailed: { Error: EventError };
  CallbackTimedOut: { Error: EventError };
  ChainedInvokeStarted: { FunctionName: string; TenantId?: string; Input?: EventInput; DurableExecutionArn?: string };
  ChainedInvokeSucceeded: { Result: EventResult };
  ChainedInvokeFailed: { Error: EventError };
  ChainedInvokeTimedOut: { Error: EventError };
  ChainedInvokeStopped: { Error: EventError };
  InvocationCompleted: { StartTimestamp: Timestamp; EndTimestamp: Timestamp; RequestId: string; Error?: EventError };
  ExecutionRedriven: { RedriveCount: number; FromStatus: ExecutionStatus };
  ExecutionForked: {
    SourceExecutionId: string;
    FromOperationId: string;
    FromOperationName?: string;
    CarriedOperationCount: number;
    /** The first 100 carried operations. */
    CarriedOperations: Array<{ Id: string; Name?: string; Type: OperationType; Status: OperationStatus }>;
  };
}

/** What the runtime hands a wrapped handler (the Lambda invoke payload of a durable function). */
export interface DurableExecutionInvocationInput {
  DurableExecutionArn: string;
  CheckpointToken: string;
  InitialExecutionState: { Operations: Operation[]; NextMarker?: string };
  UpdatedOperationIds?: string[];
}

export type DurableExecutionInvocationOutput =
  | { Status: "SUCCEEDED"; Result?: string }
  | { Status: "FAILED"; Error: ErrorObject }
  | { Status: "PENDING" };

/** The SDK's only door to the outside: the same two calls as the official SDK's client seam. */
export interface GetExecutionStateRequest {
  DurableExecutionArn: string;
  CheckpointToken: string;
  Marker?: string;
  MaxItems?: number;
}
export interface GetExecutionStateResponse { Operations: Operation[]; NextMarker?: string }
export interface CheckpointRequest {
  DurableExecutionArn: string;
  CheckpointToken: string;
  Updates?: OperationUpdate[];
  ClientToken?: string;
  /** extension: structured logs written since the last checkpoint, stored in the same transaction. */
  Logs?: CheckpointLogEntry[];
}

/** extension: one structured log line from `context.logger` or a step's logger. */
export interface CheckpointLogEntry {
  Timestamp: Timestamp;
  Level: "DEBUG" | "INFO" | "WARN" | "ERROR";
  Message: string;
  /** JSON of the extra structured fields. */
  Data?: string;
  OperationId?: string;
  OperationName?: string;
  Attempt?: number;
}
export interface CheckpointResponse {
  CheckpointToken?: string;
  NewExecutionState?: { Operations?: Operation[]; NextMarker?: string };
}
export interface DurableExecutionClient {
  getExecutionState(request: GetExecutionStateRequest): Promise<GetExecutionStateResponse>;
  checkpoint(request: CheckpointRequest): Promise<CheckpointResponse>;
  /**
   * extension: the most operation updates one checkpoint may carry when the backend's atomic
   * write is smaller than Lambda's 250 (DynamoDB: 100 items per transaction). Our SDK sends
   * smaller checkpoints; each one is still a single atomic write.
   */
  readonly maxUpdatesPerCheckpoint?: number;
  /**
   * extension: the handler has passed its last recorded operation (replay is over), or ended
   * while still replaying. Called at most once per invocation, only by an invocation that had
   * recorded operations to replay; the runtime records it to show what replay costs.
   */
  replayEnded?(): void;
}

/**
 * Lambda's name alphabet, the one pattern for function names, execution names and execution ids:
 * 1-64 of letters, digits, '-' and '_'. Here (not in sdk/runtime/ids) so browser code can use it.
 */
export const NAME_SOURCE = "[A-Za-z0-9_-]{1,64}";
export const NAME_PATTERN = new RegExp(`^${NAME_SOURCE}$`);

/** Limits from the Lambda API reference; past one, a clear error, never silent truncation. */
export const Limits = {
  operationPayloadBytes: 1024 * 1024,
  callbackResultBytes: 1024 * 1024,
  errorBytes: 1024 * 1024,
  executionInputBytes: 6 * 1024 * 1024,
  executionResultBytes: 6 * 1024 * 1024,
  operationNameChars: 256,
  executionNameChars: 64,
  executionNamePattern: NAME_PATTERN,
  childContextReplayChildrenBytes: 256 * 1024,
  checkpointBatchUpdates: 250,
  checkpointBatchBytes: 750 * 1024,
  maxExecutionTimeoutSeconds: 366 * 24 * 3600,
} as const;
