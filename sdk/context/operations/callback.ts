import { DurablePromise } from "../../types/durable-promise";
import type { CreateCallbackConfig, CreateCallbackResult } from "../../types/api";
import type { ErrorObject } from "../../types/wire";
import { CallbackError, CallbackExternalError, CallbackTimeoutError, errorFromErrorObject } from "../../errors";
import { answerSchemaText } from "../../utils/answer-schema-zod";
import { durationToSeconds } from "../../utils/duration";
import { passThroughSerdes } from "../../utils/serdes";
import { ContextCore, ExecutionHalted, never, type OperationIdentity } from "../context-core";
import { isTerminalStatus } from "../execution-state";
import { deserializeValue, describe, durable, updateFor } from "./common";

/**
 * A callback: the backend mints an id, someone outside answers it (success, failure, heartbeat),
 * and the awaiting code resumes — usually in a later invocation.
 */
export function createCallback<T>(
  core: ContextCore,
  name: string | undefined,
  config?: CreateCallbackConfig<T>,
): DurablePromise<CreateCallbackResult<T>> {
  return startCallback(core, name, config).callback;
}

/** createCallback, and the callback operation's identity (for cancelCallback). */
export function startCallback<T>(
  core: ContextCore,
  name: string | undefined,
  config?: CreateCallbackConfig<T>,
): { identity: OperationIdentity; callback: DurablePromise<CreateCallbackResult<T>> } {
  const identity = core.nextIdentity("CALLBACK", "Callback", name);
  const callback = durable(core, identity, async () => {
    const { state } = core;
    let op = core.replayed(identity);
    if (!op) {
      await state.checkpoint(
        updateFor(identity, {
          Action: "START",
          // Only what was configured: absent means "no timeout".
          CallbackOptions: {
            ...(config?.timeout ? { TimeoutSeconds: durationToSeconds(config.timeout) } : {}),
            ...(config?.heartbeatTimeout ? { HeartbeatTimeoutSeconds: durationToSeconds(config.heartbeatTimeout) } : {}),
            ...(config?.answerSchema ? { AnswerSchema: answerSchemaText(config.answerSchema) } : {}),
          },
        }),
      );
      op = state.getOperation(identity.id);
    }
    const callbackId = op?.CallbackDetails?.CallbackId;
    if (!callbackId) throw new CallbackError(`The backend did not return a callback id for ${describe(identity)}`);
    const answer = awaitAnswer(core, identity, config);
    return [answer, callbackId] as unknown as CreateCallbackResult<T>;
  });
  return { identity, callback };
}

/**
 * Cancels a callback still waiting for its answer: nobody will read it any more. The backend
 * closes its id (a late answer is refused) and it leaves the list of pending callbacks.
 */
export async function cancelCallback(core: ContextCore, identity: OperationIdentity): Promise<void> {
  if (core.state.getOperation(identity.id)?.Status !== "STARTED") return;
  await core.state.checkpoint(updateFor(identity, { Action: "CANCEL" }));
}

function awaitAnswer<T>(core: ContextCore, identity: OperationIdentity, config?: CreateCallbackConfig<T>): DurablePromise<T> {
  const promise = (async () => {
    const op = await core.state.waitFor(identity.id, "CALLBACK", isTerminalStatus);
    const details = op.CallbackDetails;
    if (op.Status === "SUCCEEDED") {
      const serdes = config?.serdes ?? core.serdes.defaultCallbackDeserializer ?? passThroughSerdes;
      try {
        return await deserializeValue<T>(core, serdes as never, details?.Result, identity);
      } catch (error) {
        // A failed deserializer ended the invocation: the awaiting code never resumes.
        if (error instanceof ExecutionHalted || core.state.terminated) return never<T>();
        throw error;
      }
    }
    throw callbackError(op.Status, details?.Error);
  })();
  return new DurablePromise(promise, () => core.state.markAwaited(identity.id));
}

/**
 * A callback that failed or timed out, as the official SDK builds it: the recorded message (or
 * the default one), the recorded data, and a cause named after the recorded ErrorType.
 */
export function callbackError(status: string, error: ErrorObject | undefined): CallbackError {
  const cause = error ? errorFromErrorObject(error) : undefined;
  if (status === "TIMED_OUT") return new CallbackTimeoutError(error?.ErrorMessage || undefined, cause, error?.ErrorData);
  return new CallbackExternalError(error?.ErrorMessage || undefined, cause, error?.ErrorData);
}
