import type { DurablePromise } from "../../types/durable-promise";
import type { ErrorObject } from "../../types/wire";
import { DurableOperationError, PromiseCombinatorError, errorToErrorObject } from "../../errors";
import type { Serdes } from "../../utils/serdes";
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
            return (await Promise.allSettled(promises)) as R;
          case "any":
            return (await Promise.any(promises)) as R;
          case "race":
            return (await Promise.race(promises)) as R;
        }
      },
      { serdes: kind === "allSettled" ? (settledSerdes as unknown as Serdes<R>) : undefined, rebuildError: combinatorError },
    ),
  );
}

/**
 * As the official SDK: the recorded rejection (the first member's error, or Promise.any's
 * AggregateError) is rebuilt, then wrapped in a PromiseCombinatorError with its message.
 */
function combinatorError(recorded: ErrorObject): PromiseCombinatorError {
  const rebuilt = DurableOperationError.fromErrorObject(recorded);
  return new PromiseCombinatorError(rebuilt.message, rebuilt);
}

/**
 * allSettled results are stored with each rejection reason as `{ name, message }` (no stack: no
 * machine paths in checkpoints) and read back as an Error with that name and message, so the
 * first run and every replay hand user code the same Error.
 */
const settledSerdes: Serdes<PromiseSettledResult<unknown>[]> = {
  serialize: async (results) => (results === undefined ? undefined : JSON.stringify(results.map(settledForCheckpoint))),
  deserialize: async (data) => (data === undefined ? undefined : (JSON.parse(data) as PromiseSettledResult<unknown>[]).map(settledFromCheckpoint)),
};

function settledForCheckpoint(result: PromiseSettledResult<unknown>): unknown {
  if (result.status === "fulfilled") return result;
  const obj = errorToErrorObject(result.reason);
  return { status: "rejected", reason: { name: obj.ErrorType, message: obj.ErrorMessage } };
}

function settledFromCheckpoint(result: PromiseSettledResult<unknown>): PromiseSettledResult<unknown> {
  if (result.status !== "rejected") return result;
  const stored = result.reason as { name?: unknown; message?: unknown } | null;
  if (!stored || typeof stored !== "object" || typeof stored.message !== "string" || !stored.message) return result;
  const reason = new Error(stored.message);
  reason.name = typeof stored.name === "string" && stored.name ? stored.name : "Error";
  return { status: "rejected", reason };
}
