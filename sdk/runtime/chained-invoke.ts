/**
 * Starting the target of a chained invoke (worker side): a durable function (this worker's, or
 * one another worker published: see function-directory.ts) becomes a child execution (linked to
 * the calling operation, which its end answers); a plain function is called in-process and its
 * result or error answers the operation directly.
 */
import { errorToErrorObject } from "../errors/error-object";
import type { DurableStore } from "../store/types";
import { Limits, type ErrorObject } from "../types/wire";
import type { ChainedInvokeStart } from "./checkpoint-processor";
import type { Clock } from "./clock";
import { buildNewExecution } from "./execution-factory";
import { newRequestId } from "./ids";
import { createLambdaContext } from "./lambda-context";
import { answerChainedInvoke, outcomeOfExecution, type ChainedOutcome } from "./lifecycle";
import type { FunctionDirectory } from "./function-directory";
import type { FunctionRegistry } from "./registry";

export interface DispatchDeps {
  store: DurableStore;
  clock: Clock;
  registry: FunctionRegistry;
  directory: FunctionDirectory;
  plainInvokeTimeoutMs: number;
  /** Something became due: poll now. */
  onWake: () => void;
}

function notFound(functionName: string): ChainedOutcome {
  return { status: "FAILED", error: { ErrorType: "ResourceNotFoundException", ErrorMessage: `Function not found: ${functionName}` } };
}

/**
 * Starts (or, after a crash or a redrive, makes sure of) the target of one chained invoke.
 * Idempotent for durable targets: the child execution's id was fixed when the invoke started.
 */
export async function dispatchChainedInvoke(deps: DispatchDeps, callerExecutionId: string, start: ChainedInvokeStart): Promise<void> {
  const { store, clock, registry, directory } = deps;
  const { state, operationId } = start;
  const caller = { executionId: callerExecutionId, operationId };

  if (state.kind === "durable") {
    const childId = state.childExecutionId;
    if (!childId) return;
    const target = directory.durableTarget(state.functionName);
    if (!target) {
      if (await answerChainedInvoke(store, clock, caller, notFound(state.requestedFunctionName))) deps.onWake();
      return;
    }
    // Re-dispatches (every invocation of a caller re-checks its open invokes) mostly find the
    // child already there: a read, not a write transaction.
    const existing = await store.executions.get(childId);
    if (existing) {
      const outcome = outcomeOfExecution(existing);
      if (outcome && (await answerChainedInvoke(store, clock, caller, outcome, childId))) deps.onWake();
      return;
    }
    const { execution, created } = await store.executions.create(
      buildNewExecution({
        executionId: childId,
        functionName: state.functionName,
        name: childId,
        input: state.input,
        executionTimeoutSeconds: target.executionTimeoutSeconds,
        parent: caller,
        now: clock.now(),
      }),
    );
    if (created) {
      deps.onWake();
      return;
    }
    // The child exists already (a re-dispatch): if it ended without its answer landing, answer now.
    const outcome = outcomeOfExecution(execution);
    if (outcome && (await answerChainedInvoke(store, clock, caller, outcome, childId))) deps.onWake();
    return;
  }

  const target = registry.get(state.functionName);
  if (target?.kind !== "plain") {
    if (await answerChainedInvoke(store, clock, caller, notFound(state.requestedFunctionName))) deps.onWake();
    return;
  }
  const outcome = await callPlainFunction(deps, target.fn, state.functionName, state.input, state.tenantId);
  if (await answerChainedInvoke(store, clock, caller, outcome)) deps.onWake();
}

async function callPlainFunction(
  deps: DispatchDeps,
  fn: (event: unknown, context: ReturnType<typeof createLambdaContext>) => unknown,
  functionName: string,
  input: string | undefined,
  tenantId: string | undefined,
): Promise<ChainedOutcome> {
  let event: unknown = undefined;
  if (input !== undefined) {
    try {
      event = JSON.parse(input);
    } catch {
      event = input;
    }
  }
  const context = createLambdaContext({
    functionName,
    requestId: newRequestId(),
    clock: deps.clock,
    deadline: deps.clock.now() + deps.plainInvokeTimeoutMs,
    tenantId,
  });
  let value: unknown;
  try {
    value = await fn(event, context);
  } catch (thrown) {
    return { status: "FAILED", error: errorToErrorObject(thrown) };
  }
  let result: string | undefined;
  try {
    result = value === undefined ? undefined : JSON.stringify(value);
  } catch (thrown) {
    return { status: "FAILED", error: { ErrorType: "Runtime.SerializationError", ErrorMessage: errorToErrorObject(thrown).ErrorMessage } };
  }
  if (result !== undefined && Buffer.byteLength(result, "utf8") > Limits.operationPayloadBytes) {
    const error: ErrorObject = { ErrorType: "PayloadTooLarge", ErrorMessage: `The result of ${functionName} is larger than ${Limits.operationPayloadBytes} bytes` };
    return { status: "FAILED", error };
  }
  return { status: "SUCCEEDED", result };
}
