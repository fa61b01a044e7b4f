/**
 * Types of the handler wrapper (`withDurableExecution`): the user's handler, the wrapper's
 * config and the Lambda-shaped function it returns.
 */
import type {
  DurableExecutionClient,
  DurableExecutionInvocationInput,
  DurableExecutionInvocationOutput,
} from "./wire";
import type { DurableLogger } from "./api-logger";
import type { DurableContext } from "./durable-context";

export type { DurableExecutionClient } from "./wire";

/**
 * The subset of AWS Lambda's `Context` (from `aws-lambda`) a handler may read. Our runtime fills
 * it in for local invocations; declared here so we need no `@types/aws-lambda` dependency.
 */
export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  tenantId?: string;
  getRemainingTimeInMillis(): number;
  [key: string]: unknown;
}

/** The user's durable handler: the parsed input event plus a DurableContext. */
export type DurableExecutionHandler<TEvent = any, TResult = any, TLogger extends DurableLogger = DurableLogger> = (
  event: TEvent,
  context: DurableContext<TLogger>,
) => Promise<TResult>;

/** Options of `withDurableExecution`. */
export interface DurableExecutionConfig {
  /**
   * @deprecated The official SDK's LambdaClient escape hatch. Accepted for source compatibility;
   * our runtime ignores it. Use `durableExecutionClient`.
   */
  client?: unknown;
  /** Transport for getExecutionState / checkpoint; replaces the default entirely. */
  durableExecutionClient?: DurableExecutionClient;
  /**
   * @experimental Instrumentation plugins (typed loosely here: the plugin hook types belong to
   * the engine).
   */
  plugins?: unknown[];
  /** @experimental */
  pluginsConfig?: {
    /** How many levels of child-context operations to keep across suspend/resume (0 = none). */
    childOperationsDepth?: number;
  };
}

/** The function `withDurableExecution` returns: a Lambda handler for the durable invoke payload. */
export type DurableLambdaHandler = (
  event: DurableExecutionInvocationInput,
  context: LambdaContext,
) => Promise<DurableExecutionInvocationOutput>;
