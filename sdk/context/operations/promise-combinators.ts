import type { DurablePromise } from "../../types/durable-promise";
import { PromiseCombinatorError, errorFromErrorObject, errorToErrorObject } from "../../errors";
import { ContextCore } from "../context-core";
import { durable } from "./common";
import { runChild } from "./child-context";

type Combinator = "all" | "allSettled" | "any" | "race";

/**
 * promise.all / allSettled / any / race over durable promises that are already running in this
 * context. The combined outcome is checkpointed in a child context, so a replay returns the same
 * winner (race/any) even if the inputs would now settle in another order.
 */
export function combine<T, R>(core: ContextCore, kind: Combinator, name: string | undefined, promises: DurablePromise<T>[]): DurablePromise<R> {
  if (!Array.isArray(promises)) throw new TypeError(`promise.${kind} needs an array of durable promises`);
  const identity = core.nextIdentity("CONTEXT", "RunInChildContext", name);
  return durable(core, identity, () =>
    runChild<R>(
      core,
      identity,
      async () => {
        switch (kind) {
          case "all":
            return (await Promise.all(promises)) as R;
          case "allSettled":
            return (await Promise.allSettled(promises)).map(settledForCheckpoint) as R;
          case "any":
            return (await Promise.any(promises)) as R;
          case "race":
            return (await Promise.race(promises)) as R;
        }
      },
      {
        storeError: (thrown) => errorToErrorObject(thrown instanceof AggregateError ? thrown.errors[0] : thrown),
        rebuildError: (recorded) =>
          new PromiseCombinatorError(recorded.ErrorMessage ?? `promise.${kind} failed`, errorFromErrorObject(recorded), recorded.ErrorData),
      },
    ),
  );
}

/** Rejection reasons become plain data so the settled list survives a checkpoint. */
function settledForCheckpoint<T>(result: PromiseSettledResult<T>): PromiseSettledResult<T> {
  if (result.status === "fulfilled") return result;
  const obj = errorToErrorObject(result.reason);
  return { status: "rejected", reason: { name: obj.ErrorType, message: obj.ErrorMessage } };
}
