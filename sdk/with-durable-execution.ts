import { randomUUID } from "node:crypto";
import type {
  DurableExecutionClient,
  DurableExecutionInvocationInput,
  DurableExecutionInvocationOutput,
  ErrorObject,
  Operation,
} from "./types/wire";
import { Limits } from "./types/wire";
import type { DurableContext, LambdaContextLike } from "./types/durable-context";
import type { DurableExecutionConfig } from "./types/api";
import { DurableExecutionInvocationInputWithClient } from "./invocation-input";
import { DurableOperationError, errorToErrorObject } from "./errors";
import { ExecutionState } from "./context/execution-state";
import { ContextCore } from "./context/context-core";
import { CheckpointLogSink } from "./context/logger";
import { DurableContextImpl } from "./context/durable-context";
import { DRY_RUN_CAPABLE } from "./context/dry-run";

export type DurableHandler<TEvent = any, TResult = any> = (event: TEvent, context: DurableContext) => Promise<TResult>;
export type DurableLambdaHandler = (
  event: DurableExecutionInvocationInput,
  context?: Partial<LambdaContextLike>,
) => Promise<DurableExecutionInvocationOutput>;

const PAGE_SIZE = 1000;

/**
 * Wraps a durable handler into the function the runtime (or Lambda) invokes. Each invocation
 * replays the handler from the top against the recorded operations and ends with SUCCEEDED,
 * FAILED or PENDING (suspended until something it waits for changes).
 */
export function withDurableExecution<TEvent = any, TResult = any>(
  handler: DurableHandler<TEvent, TResult>,
  config?: DurableExecutionConfig,
): DurableLambdaHandler {
  const wrapped: DurableLambdaHandler = async (event, lambdaContext) => {
    if (!event || typeof event.DurableExecutionArn !== "string" || typeof event.CheckpointToken !== "string") {
      throw new TypeError("A durable handler must be invoked with DurableExecutionArn and CheckpointToken (a durable invocation payload)");
    }
    const client = resolveClient(event, config);
    const operations = await loadAllOperations(event, client);
    const requestId = lambdaContext?.awsRequestId ?? randomUUID();
    const fullLambdaContext: LambdaContextLike = {
      functionName: "",
      getRemainingTimeInMillis: () => 900_000,
      ...lambdaContext,
      awsRequestId: requestId,
    };
    const dryRun = DurableExecutionInvocationInputWithClient.isInstance(event) ? event.dryRun : undefined;
    const state = new ExecutionState(event.DurableExecutionArn, event.CheckpointToken, operations, client, dryRun);
    try {
      return await runInvocation(state, handler, operations, fullLambdaContext, requestId);
    } finally {
      // An invocation that ends while still replaying spent all of its time replaying.
      state.replaying = false;
      state.dispose();
    }
  };
  Object.defineProperty(wrapped, DRY_RUN_CAPABLE, { value: true });
  return wrapped;
}

async function runInvocation<TEvent, TResult>(
  state: ExecutionState,
  handler: DurableHandler<TEvent, TResult>,
  operations: Operation[],
  lambdaContext: LambdaContextLike,
  requestId: string,
): Promise<DurableExecutionInvocationOutput> {
  const executionOp = operations.find((op) => op.Type === "EXECUTION");
  let input: TEvent;
  try {
    const raw = executionOp?.ExecutionDetails?.InputPayload;
    input = (raw === undefined || raw === "" ? {} : JSON.parse(raw)) as TEvent;
  } catch {
    return { Status: "FAILED", Error: { ErrorType: "InvalidInputError", ErrorMessage: "The execution input is not valid JSON" } };
  }

  const sink = new CheckpointLogSink(state, requestId);
  const root = new ContextCore(state, lambdaContext, "", undefined, {}, sink);
  const context = new DurableContextImpl(root);

  type HandlerOutcome = { kind: "returned"; value: TResult } | { kind: "threw"; error: unknown };
  const handlerOutcome: Promise<HandlerOutcome> = (async () => {
    try {
      return { kind: "returned", value: await handler(input, context) };
    } catch (error) {
      return { kind: "threw", error };
    }
  })();

  const outcome = await Promise.race([handlerOutcome, state.termination]);
  if ("kind" in outcome && (outcome.kind === "returned" || outcome.kind === "threw")) {
    if (state.terminated) return terminationOutput(state);
    return finishHandler(state, outcome, executionOp);
  }
  return terminationOutput(state);
}

async function terminationOutput(state: ExecutionState): Promise<DurableExecutionInvocationOutput> {
  const termination = await state.termination;
  if (termination.kind === "crash") throw termination.error;
  if (termination.kind === "invocation-error") {
    // What was checkpointed before the failure stands; then the invocation fails, as Lambda's does.
    await state.queue.drain().catch(() => undefined);
    throw termination.error;
  }
  if (termination.kind === "fail") {
    await state.queue.drain().catch(() => undefined);
    return { Status: "FAILED", Error: termination.error };
  }
  return { Status: "PENDING" };
}

async function finishHandler(
  state: ExecutionState,
  outcome: { kind: "returned"; value: unknown } | { kind: "threw"; error: unknown },
  executionOp: Operation | undefined,
): Promise<DurableExecutionInvocationOutput> {
  if (outcome.kind === "threw") {
    await state.queue.drain();
    return { Status: "FAILED", Error: executionError(outcome.error) };
  }
  let result: string | undefined;
  try {
    result = outcome.value === undefined ? undefined : JSON.stringify(outcome.value);
  } catch (error) {
    await state.queue.drain();
    return {
      Status: "FAILED",
      Error: { ErrorType: "SerdesError", ErrorMessage: `The handler's result cannot be serialized as JSON: ${errorToErrorObject(error).ErrorMessage}` },
    };
  }
  const bytes = result === undefined ? 0 : Buffer.byteLength(result, "utf8");
  if (bytes > Limits.executionResultBytes) {
    // Past what Lambda can keep: say so, instead of letting the checkpoint be refused.
    await state.queue.drain();
    return {
      Status: "FAILED",
      Error: { ErrorType: "PayloadTooLargeError", ErrorMessage: `The handler's result is ${bytes} bytes; the limit is ${Limits.executionResultBytes} bytes.` },
    };
  }
  if (result !== undefined && bytes > Limits.executionResultBytes - 50 && executionOp) {
    // Too large to return: checkpoint it on the EXECUTION operation instead, as the official SDK does.
    await state.checkpoint({ Id: executionOp.Id, Type: "EXECUTION", Action: "SUCCEED", Payload: result });
    await state.queue.drain();
    return { Status: "SUCCEEDED", Result: "" };
  }
  await state.queue.drain();
  return { Status: "SUCCEEDED", ...(result !== undefined ? { Result: result } : {}) };
}

function executionError(error: unknown): ErrorObject {
  if (error instanceof DurableOperationError) return error.toErrorObject();
  return errorToErrorObject(error);
}

function resolveClient(event: DurableExecutionInvocationInput, config?: DurableExecutionConfig): DurableExecutionClient {
  if (DurableExecutionInvocationInputWithClient.isInstance(event)) return event.durableExecutionClient;
  if (config?.durableExecutionClient) return config.durableExecutionClient as DurableExecutionClient;
  throw new TypeError(
    "No durable execution backend: run this handler through the durable runtime or test runner, or pass durableExecutionClient in its config",
  );
}

async function loadAllOperations(event: DurableExecutionInvocationInput, client: DurableExecutionClient): Promise<Operation[]> {
  const operations = [...(event.InitialExecutionState?.Operations ?? [])];
  let marker = event.InitialExecutionState?.NextMarker;
  while (marker) {
    const page = await client.getExecutionState({
      DurableExecutionArn: event.DurableExecutionArn,
      CheckpointToken: event.CheckpointToken,
      Marker: marker,
      MaxItems: PAGE_SIZE,
    });
    operations.push(...page.Operations);
    marker = page.NextMarker;
  }
  return operations;
}
