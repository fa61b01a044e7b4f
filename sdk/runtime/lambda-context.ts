/**
 * The Lambda `Context` a handler receives, faked for local runs. The remaining time counts down
 * on the runtime's clock from the invocation's deadline (15 minutes by default, Lambda's maximum).
 */
import type { Clock } from "./clock";
import { DEFAULT_QUALIFIER, functionArn } from "./arns";

export interface LambdaContext {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  tenantId?: string;
  getRemainingTimeInMillis(): number;
  done(error?: Error, result?: unknown): void;
  fail(error: Error | string): void;
  succeed(messageOrObject: unknown): void;
}

export function createLambdaContext(options: {
  functionName: string;
  requestId: string;
  clock: Clock;
  deadline: number;
  tenantId?: string;
}): LambdaContext {
  const { functionName, requestId, clock, deadline } = options;
  const context: LambdaContext = {
    awsRequestId: requestId,
    functionName,
    functionVersion: DEFAULT_QUALIFIER,
    invokedFunctionArn: functionArn(functionName),
    memoryLimitInMB: "1024",
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${requestId}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - clock.now()),
    // The callback-style completions are not used by async handlers; accepted and ignored.
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  if (options.tenantId !== undefined) context.tenantId = options.tenantId;
  return context;
}
