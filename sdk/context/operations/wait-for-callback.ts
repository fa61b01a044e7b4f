import type { DurablePromise } from "../../types/durable-promise";
import type { WaitForCallbackConfig, WaitForCallbackSubmitterFunc } from "../../types/api";
import { CallbackSubmitterError, ChildContextError, DurableOperationError } from "../../errors";
import type { ErrorObject } from "../../types/wire";
import { ContextCore } from "../context-core";
import { cancelCallback, startCallback } from "./callback";
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
        const { identity: callbackIdentity, callback } = startCallback<T>(child, undefined, {
          timeout: config?.timeout,
          heartbeatTimeout: config?.heartbeatTimeout,
          serdes: config?.serdes as never,
          answerSchema: config?.answerSchema,
        });
        const [answer, callbackId] = await callback;
        try {
          await step(child, undefined, (stepContext) => submitter(callbackId, stepContext as never), {
            retryStrategy: config?.retryStrategy,
          });
        } catch (error) {
          // The submitter failed for good, so nobody will wait for this callback: it is cancelled
          // rather than left STARTED (answerable, and pending in the approvals inbox, forever).
          // The official SDK leaves it STARTED: a documented difference.
          if (!child.state.terminated) await cancelCallback(child, callbackIdentity);
          throw error;
        }
        return answer;
      },
      { serdes: config?.serdes as never, rebuildError: waitForCallbackError },
    ),
  );
}

/**
 * The context records what its body threw (the callback's error, or the submitter step's
 * StepError); the caller gets, as from the official SDK, a callback error as it was rebuilt, a
 * submitter failure as a CallbackSubmitterError around the rebuilt StepError, and anything else
 * as a ChildContextError.
 */
function waitForCallbackError(recorded: ErrorObject): Error {
  const rebuilt = DurableOperationError.fromErrorObject(recorded);
  switch (rebuilt.errorType) {
    case "CallbackTimeoutError":
    case "CallbackExternalError":
    case "CallbackError":
      return rebuilt;
    case "StepError":
      return new CallbackSubmitterError(rebuilt.message, rebuilt);
    default:
      return new ChildContextError(rebuilt.message, rebuilt);
  }
}
