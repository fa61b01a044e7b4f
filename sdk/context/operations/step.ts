import type { DurablePromise } from "../../types/durable-promise";
import type { StepConfig, StepFunc } from "../../types/api";
import { StepSemantics } from "../../types/api";
import type { ErrorObject, Operation } from "../../types/wire";
import { DurableOperationError, StepError, StepInterruptedError, errorFromErrorObject, errorToErrorObject } from "../../errors";
import { retryPresets } from "../../utils/retry";
import { durationToSeconds } from "../../utils/duration";
import { isTerminalStatus } from "../execution-state";
import { ContextCore, never, type OperationIdentity } from "../context-core";
import { createLogger } from "../logger";
import { PayloadError, deserializeValue, durable, durableValue, parseRecorded, serializeValue, updateFor, usesDefaultSerdes } from "./common";

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown; retryable: boolean };

export function step<T>(core: ContextCore, name: string | undefined, fn: StepFunc<T>, config?: StepConfig<T>): DurablePromise<T> {
  const identity = core.nextIdentity("STEP", "Step", name);
  if (core.state.terminated) return durable(core, identity, never<T>);
  // The record is looked up now, as the async body below would have done before its first await.
  let op: Operation | undefined;
  try {
    op = core.replayed(identity);
  } catch (error) {
    return durable(core, identity, () => Promise.reject(error));
  }
  // Replay's common case, a step that succeeded with the default serdes, settles at once: no
  // async frames, no promise per layer (a resumed invocation replays every step before it).
  if (op?.Status === "SUCCEEDED" && usesDefaultSerdes(core, config?.serdes)) {
    const replayed = parseRecorded<T>(op.StepDetails?.Result);
    if (replayed) return durableValue(core, identity, replayed.value);
  }
  return durable(core, identity, () => runStep(core, identity, fn, config, op));
}

/**
 * One step, across as many invocations as its retries need: replay a finished result, wait out
 * a scheduled retry (the invocation suspends meanwhile), or run the next attempt and checkpoint
 * its outcome.
 */
async function runStep<T>(core: ContextCore, identity: OperationIdentity, fn: StepFunc<T>, config: StepConfig<T> | undefined, recorded: Operation | undefined): Promise<T> {
  const { state } = core;
  const atMostOnce = config?.semantics === StepSemantics.AT_MOST_ONCE_PER_RETRY;
  const retryStrategy = config?.retryStrategy ?? retryPresets.default;
  let op = recorded;

  for (;;) {
    if (op?.Status === "SUCCEEDED") return deserializeValue(core, config?.serdes, op.StepDetails?.Result, identity);
    if (op?.Status === "FAILED") throw stepError(op.StepDetails?.Error);
    if (op?.Status === "PENDING") {
      op = await state.waitFor(identity.id, "RETRY", (o) => o?.Status === "READY" || isTerminalStatus(o));
      continue;
    }

    const attempt = (op?.StepDetails?.Attempt ?? 0) + 1;
    let outcome: Outcome<T>;
    if (op?.Status === "STARTED" && atMostOnce) {
      // The previous invocation started this attempt and died before recording its outcome:
      // at-most-once means we must not run the body again for this attempt.
      outcome = { ok: false, error: new StepInterruptedError(`Step ${identity.path} was interrupted before its outcome was recorded`), retryable: true };
    } else {
      const started = op?.Status === "STARTED" ? Promise.resolve() : state.checkpoint(updateFor(identity, { Action: "START" }));
      if (atMostOnce) await started;
      else started.catch(() => undefined);
      if (state.terminated) return never<T>();
      outcome = await runAttempt(core, identity, fn, attempt);
    }

    if (outcome.ok) {
      let payload: string | undefined;
      try {
        payload = await serializeValue(core, config?.serdes, outcome.value, identity);
      } catch (error) {
        if (!(error instanceof PayloadError)) throw error;
        outcome = { ok: false, error, retryable: false };
      }
      if (outcome.ok) {
        await state.checkpoint(updateFor(identity, { Action: "SUCCEED", ...(payload !== undefined ? { Payload: payload } : {}) }));
        // Hand back what a replay would: the value after a round trip through its serdes (a Date
        // becomes a string either way), so the first run and every replay see the same thing.
        return deserializeValue(core, config?.serdes, payload, identity);
      }
    }

    const errorObject = errorToErrorObject(outcome.error);
    const decision = outcome.retryable ? retryStrategy(asError(outcome.error), attempt) : { shouldRetry: false };
    if (decision.shouldRetry) {
      const delaySeconds = decision.delay ? Math.max(1, durationToSeconds(decision.delay)) : 1;
      await state.checkpoint(
        updateFor(identity, { Action: "RETRY", Error: errorObject, StepOptions: { NextAttemptDelaySeconds: delaySeconds } }),
      );
      op = state.getOperation(identity.id) ?? pendingPlaceholder(identity, attempt);
      continue;
    }
    await state.checkpoint(updateFor(identity, { Action: "FAIL", Error: errorObject }));
    throw stepError(errorObject);
  }
}

function runAttempt<T>(core: ContextCore, identity: OperationIdentity, fn: StepFunc<T>, attempt: number): Promise<Outcome<T>> {
  const logger = createLogger(core.logSink, { operationId: identity.id, operationName: identity.name, attempt }, () => false);
  // runUserCode turns a synchronous throw into a rejection; then() keeps this to one promise layer.
  return core.state.runUserCode(() => fn({ logger, attempt } as Parameters<StepFunc<T>>[0]), identity).then(
    (value): Outcome<T> => ({ ok: true, value }),
    (error: unknown): Outcome<T> => ({ ok: false, error, retryable: true }),
  );
}

/**
 * What a failed step throws, on its first run and on replay alike: the error rebuilt from what
 * was checkpointed (usually a StepError whose cause carries the thrown error's name and message).
 */
export function stepError(errorObject: ErrorObject | undefined): DurableOperationError {
  return errorObject ? DurableOperationError.fromErrorObject(errorObject) : new StepError("Unknown error");
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : errorFromErrorObject(errorToErrorObject(value));
}

/** Until the checkpoint response arrives with the real record, a retried step is PENDING. */
function pendingPlaceholder(identity: OperationIdentity, attempt: number): Operation {
  return {
    Id: identity.id,
    Type: "STEP",
    SubType: identity.subType,
    Status: "PENDING",
    StartTimestamp: new Date().toISOString(),
    StepDetails: { Attempt: attempt },
  };
}
