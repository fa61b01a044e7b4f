import type { DurablePromise } from "../../types/durable-promise";
import type { ChildConfig, ChildFunc } from "../../types/api";
import { Limits } from "../../types/wire";
import { ChildContextError, DurableOperationError, errorToErrorObject } from "../../errors";
import type { ErrorObject } from "../../types/wire";
import type { Serdes } from "../../utils/serdes";
import { ContextCore, ExecutionHalted, type OperationIdentity } from "../context-core";
import { deserializeValue, durable, serializeValue, updateFor } from "./common";

export interface ChildRunOptions<T> {
  serdes?: Serdes<T>;
  summaryGenerator?: (result: T) => string;
  /** FLAT nesting / virtualContext: no CONTEXT operation is written for this child. */
  virtual?: boolean;
  /**
   * The error the context throws, built from what it recorded. The same function serves the
   * first run and every replay, so callers see an identical error either way. (A FAILED context
   * with no recorded error throws a bare ChildContextError instead, as in the official SDK.)
   */
  rebuildError?: (recorded: ErrorObject) => Error;
}

/** Builds the user-facing child context object; injected by the facade to avoid an import cycle. */
export type ChildContextFactory = (core: ContextCore) => unknown;

export function runInChildContext<T>(
  core: ContextCore,
  makeContext: ChildContextFactory,
  name: string | undefined,
  fn: ChildFunc<T>,
  config?: ChildConfig<T>,
): DurablePromise<T> {
  const identity = core.nextIdentity("CONTEXT", config?.subType ?? "RunInChildContext", name);
  return durable(core, identity, () =>
    runChild(core, identity, (child) => fn(makeContext(child) as Parameters<ChildFunc<T>>[0]), {
      serdes: config?.serdes,
      summaryGenerator: config?.summaryGenerator,
      virtual: config?.virtualContext,
      // The mapper sees what the official SDK hands it: the recorded error rebuilt, not wrapped.
      rebuildError: config?.errorMapper
        ? (recorded) => (config.errorMapper as unknown as (e: Error) => Error)(DurableOperationError.fromErrorObject(recorded))
        : undefined,
    }),
  );
}

/**
 * Runs a body in its own context (own operation counter), checkpointing the outcome so that a
 * finished child replays without running its body. Results over 256 KB are not stored: the
 * context is marked ReplayChildren and the result is rebuilt by replaying its children.
 */
export async function runChild<T>(
  core: ContextCore,
  identity: OperationIdentity,
  body: (child: ContextCore) => Promise<T>,
  options: ChildRunOptions<T> = {},
): Promise<T> {
  const { state } = core;
  const rebuildError = options.rebuildError ?? childContextError;
  if (options.virtual) {
    let result: T;
    try {
      result = await body(core.child(identity, true));
    } catch (error) {
      if (error instanceof ExecutionHalted || state.terminated) throw error;
      throw rebuildError(errorToErrorObject(error));
    }
    return roundTrip(core, options.serdes, result, identity);
  }

  const op = core.replayed(identity);
  if (op?.Status === "SUCCEEDED" && !op.ContextDetails?.ReplayChildren) {
    return deserializeValue(core, options.serdes, op.ContextDetails?.Result, identity);
  }
  if (op?.Status === "FAILED") throw op.ContextDetails?.Error ? rebuildError(op.ContextDetails.Error) : new ChildContextError("Child context failed");
  if (!op) {
    state.checkpoint(updateFor(identity, { Action: "START" })).catch(() => undefined);
    // Let sibling contexts started in the same turn (map items, parallel branches) record their
    // start first, as the official SDK does, so histories line up event for event.
    await Promise.resolve();
  }

  let result: T;
  try {
    result = await body(core.child(identity));
  } catch (error) {
    if (error instanceof ExecutionHalted || state.terminated) throw error;
    // The thrown error, as it was: rebuilt into what the caller sees on this run and every replay.
    const recorded = errorToErrorObject(error);
    await state.checkpoint(updateFor(identity, { Action: "FAIL", Error: recorded }));
    throw rebuildError(recorded);
  }
  const payload = await serializeValue(core, options.serdes, result, identity, Number.MAX_SAFE_INTEGER);
  // A context rebuilt from its children (ReplayChildren) was recorded when it first finished.
  if (op?.Status !== "SUCCEEDED") {
    if (payload !== undefined && Buffer.byteLength(payload, "utf8") > Limits.childContextReplayChildrenBytes) {
      const summary = options.summaryGenerator ? options.summaryGenerator(result) : "";
      await state.checkpoint(updateFor(identity, { Action: "SUCCEED", Payload: summary, ContextOptions: { ReplayChildren: true } }));
    } else {
      await state.checkpoint(updateFor(identity, { Action: "SUCCEED", ...(payload !== undefined ? { Payload: payload } : {}) }));
    }
  }
  // Hand back what a replay reads: the value after a round trip through its serdes (a Date
  // becomes its string either way), so the first run and every replay see the same thing.
  return deserializeValue(core, options.serdes, payload, identity);
}

/** The value as a replay would see it, for a context that records nothing (FLAT, virtual). */
async function roundTrip<T>(core: ContextCore, serdes: Serdes<T> | undefined, value: T, identity: OperationIdentity): Promise<T> {
  return deserializeValue(core, serdes, await serializeValue(core, serdes, value, identity, Number.MAX_SAFE_INTEGER), identity);
}

/**
 * The default failure of a child context, as the official SDK builds it: a ChildContextError
 * whose cause is the recorded error rebuilt as a DurableOperationError (an error that was not
 * one, a TypeError say, becomes a StepError with the original as its own cause). Its errorData
 * stays on that cause, where toErrorObject finds it again.
 */
export function childContextError(recorded: ErrorObject): ChildContextError {
  const original = DurableOperationError.fromErrorObject(recorded);
  return new ChildContextError(original.message, original);
}
