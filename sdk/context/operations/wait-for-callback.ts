import type { DurablePromise } from "../../types/durable-promise";
import type { WaitForCallbackConfig, WaitForCallbackSubmitterFunc } from "../../types/api";
import { CallbackError, CallbackSubmitterError, DurableOperationError, StepError, errorToErrorObject } from "../../errors";
import { ContextCore } from "../context-core";
import { createCallback } from "./callback";
import { durable } from "./common";
import { runChild } from "./child-context";
import { step } from "./step";

/**
 * waitForCallback = a CONTEXT (subtype WaitForCallback) holding a CALLBACK and a STEP that hands
 * the callback id to the outside world (the submitter), then waits for the answer.
 */
export function waitForCallback<T>(
  core: ContextCore,
  name: string | undefined,
  submitter: WaitForCallbackSubmitterFunc,
  config?: WaitForCallbackConfig<T>,
): DurablePromise<T> {
  const identity = core.nextIdentity("CONTEXT", "WaitForCallback", name);
  return durable(core, identity, () =>
    runChild<T>(
      core,
      identity,
      async (child) => {
        const [answer, callbackId] = await createCallback<T>(child, undefined, {
          timeout: config?.timeout,
          heartbeatTimeout: config?.heartbeatTimeout,
          serdes: config?.serdes as never,
        });
        await step(child, undefined, (stepContext) => submitter(callbackId, stepContext as never), {
          retryStrategy: config?.retryStrategy,
        });
        return answer;
      },
      {
        serdes: config?.serdes as never,
        storeError: (thrown) => toCallbackError(thrown).toErrorObject(),
        rebuildError: (recorded) => DurableOperationError.fromErrorObject(recorded),
      },
    ),
  );
}

function toCallbackError(error: unknown): CallbackError {
  if (error instanceof CallbackError) return error;
  const obj = errorToErrorObject(error instanceof StepError && error.cause instanceof Error ? error.cause : error);
  return new CallbackSubmitterError(obj.ErrorMessage ?? "Callback submitter failed", error instanceof Error ? error : undefined, obj.ErrorData);
}
