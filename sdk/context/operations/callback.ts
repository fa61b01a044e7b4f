import { DurablePromise } from "../../types/durable-promise";
import type { CreateCallbackConfig, CreateCallbackResult } from "../../types/api";
import type { ErrorObject } from "../../types/wire";
import { CallbackError, CallbackExternalError, CallbackTimeoutError, errorFromErrorObject } from "../../errors";
import { durationToSeconds } from "../../utils/duration";
import { passThroughSerdes } from "../../utils/serdes";
import { ContextCore, type OperationIdentity } from "../context-core";
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
  const identity = core.nextIdentity("CALLBACK", "Callback", name);
  return durable(core, identity, async () => {
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
}

function awaitAnswer<T>(core: ContextCore, identity: OperationIdentity, config?: CreateCallbackConfig<T>): DurablePromise<T> {
  const promise = (async () => {
    const op = await core.state.waitFor(identity.id, "CALLBACK", isTerminalStatus);
    const details = op.CallbackDetails;
    if (op.Status === "SUCCEEDED") {
      const serdes = config?.serdes ?? core.serdes.defaultCallbackDeserializer ?? passThroughSerdes;
      return deserializeValue<T>(core, serdes as never, details?.Result, identity);
    }
    throw callbackError(op.Status, details?.Error);
  })();
  return new DurablePromise(promise, () => core.state.markAwaited(identity.id));
}

export function callbackError(status: string, error: ErrorObject | undefined): CallbackError {
  const cause = error ? errorFromErrorObject(error) : undefined;
  if (status === "TIMED_OUT") return new CallbackTimeoutError(error?.ErrorMessage ?? "Callback timed out", cause, error?.ErrorData);
  return new CallbackExternalError(error?.ErrorMessage ?? "Callback failed", cause, error?.ErrorData);
}
