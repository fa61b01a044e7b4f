import type { DurablePromise } from "../../types/durable-promise";
import type { WaitForConditionCheckFunc, WaitForConditionConfig } from "../../types/api";
import type { ErrorObject, Operation } from "../../types/wire";
import { DurableOperationError, WaitForConditionError, errorToErrorObject } from "../../errors";
import { durationToSeconds } from "../../utils/duration";
import { isTerminalStatus } from "../execution-state";
import { ContextCore, never, type OperationIdentity } from "../context-core";
import { createLogger } from "../logger";
import { deserializeValue, durable, serializeValue, updateFor } from "./common";

/**
 * Polling as ONE step (subtype WaitForCondition): each round runs `check` on the last state,
 * stores the new state as the step's payload, and sleeps with a RETRY until the wait strategy
 * says stop. Between rounds the invocation suspends.
 */
export function waitForCondition<T>(
  core: ContextCore,
  name: string | undefined,
  check: WaitForConditionCheckFunc<T>,
  config: WaitForConditionConfig<T>,
): DurablePromise<T> {
  if (!config || typeof config.waitStrategy !== "function") {
    throw new TypeError("waitForCondition needs a config with initialState and waitStrategy");
  }
  const identity = core.nextIdentity("STEP", "WaitForCondition", name);
  return durable(core, identity, () => poll(core, identity, check, config));
}

async function poll<T>(core: ContextCore, identity: OperationIdentity, check: WaitForConditionCheckFunc<T>, config: WaitForConditionConfig<T>): Promise<T> {
  const { state } = core;
  let op: Operation | undefined = core.replayed(identity);
  for (;;) {
    if (op?.Status === "SUCCEEDED") return deserializeValue(core, config.serdes, op.StepDetails?.Result, identity);
    if (op?.Status === "FAILED") throw conditionError(op.StepDetails?.Error);
    if (op?.Status === "PENDING") {
      op = await state.waitFor(identity.id, "RETRY", (o) => o?.Status === "READY" || isTerminalStatus(o));
      continue;
    }
    const previous =
      op?.StepDetails?.Result !== undefined ? await deserializeValue<T>(core, config.serdes, op.StepDetails.Result, identity) : config.initialState;
    const attempt = (op?.StepDetails?.Attempt ?? 0) + 1;
    if (op?.Status !== "STARTED") state.checkpoint(updateFor(identity, { Action: "START" })).catch(() => undefined);
    if (state.terminated) return never<T>();

    const logger = createLogger(core.logSink, { operationId: identity.id, operationName: identity.name, attempt }, () => false);
    let next: T;
    let decision: ReturnType<WaitForConditionConfig<T>["waitStrategy"]>;
    try {
      next = await state.runUserCode(() => check(previous, { logger, attempt } as never), identity);
      decision = config.waitStrategy(next, attempt);
    } catch (error) {
      const errorObject = errorToErrorObject(error);
      await state.checkpoint(updateFor(identity, { Action: "FAIL", Error: errorObject }));
      throw conditionError(errorObject);
    }
    const payload = await serializeValue(core, config.serdes, next, identity);
    if (!decision.shouldContinue) {
      await state.checkpoint(updateFor(identity, { Action: "SUCCEED", ...(payload !== undefined ? { Payload: payload } : {}) }));
      return next;
    }
    const delaySeconds = Math.max(1, durationToSeconds(decision.delay));
    await state.checkpoint(
      updateFor(identity, {
        Action: "RETRY",
        ...(payload !== undefined ? { Payload: payload } : {}),
        StepOptions: { NextAttemptDelaySeconds: delaySeconds },
      }),
    );
    op = state.getOperation(identity.id);
    if (!op || op.Status === "STARTED") op = { ...(op ?? { Id: identity.id, Type: "STEP", StartTimestamp: new Date().toISOString() }), Status: "PENDING" } as Operation;
  }
}

/**
 * What a failed waitForCondition throws, first run and replay alike, as the official SDK: the
 * error rebuilt from the record (a StepError for a check that threw an Error).
 */
function conditionError(errorObject: ErrorObject | undefined): DurableOperationError {
  return errorObject ? DurableOperationError.fromErrorObject(errorObject) : new WaitForConditionError("waitForCondition failed");
}
