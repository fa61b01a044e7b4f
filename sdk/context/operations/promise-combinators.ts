import type { DurablePromise } from "../../types/durable-promise";
import { DurableOperationError, PromiseCombinatorError } from "../../errors";
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
      {
        serdes: kind === "allSettled" ? (settledSerdes as unknown as Serdes<R>) : undefined,
        // What failed is recorded as it was thrown (for promise.any: the AggregateError, "All
        // promises were rejected"); user code gets a PromiseCombinatorError whose cause is that
        // record rebuilt, as the official SDK does, on the first run and on replay alike.
        rebuildError: (recorded) => {
          const original = DurableOperationError.fromErrorObject(recorded);
          return new PromiseCombinatorError(original.message, original);
        },
      },
    ),
  );
}

/** A settled rejection's reason as stored: its name, message and causes, never a stack. */
interface StoredReason {
  name: string;
  message: string;
  cause?: unknown;
}

/** How deep a reason's cause chain is stored (a guard against cause cycles). */
const MAX_CAUSE_DEPTH = 10;

/**
 * The settled list as checkpointed and read back. Rejections that are Errors are stored as
 * {name, message, cause} (no stack trace: it carries machine paths and differs between runs)
 * and come back as Errors with the same name, message and cause chain; anything else is stored
 * as it is. The official SDK stores the stack and drops the cause.
 */
const settledSerdes: Serdes<PromiseSettledResult<unknown>[]> = {
  serialize: async (value) =>
    value === undefined ? undefined : JSON.stringify(value.map((r) => (r.status === "rejected" ? { ...r, reason: storeReason(r.reason, 0) } : r))),
  deserialize: async (data) =>
    data === undefined
      ? undefined
      : (JSON.parse(data) as PromiseSettledResult<unknown>[]).map((r) => (r.status === "rejected" ? { ...r, reason: restoreReason(r.reason, 0) } : r)),
};

function storeReason(reason: unknown, depth: number): unknown {
  if (!(reason instanceof Error)) return reason;
  const stored: StoredReason = { message: reason.message, name: reason.name };
  if (reason.cause !== undefined && depth < MAX_CAUSE_DEPTH) stored.cause = storeReason(reason.cause, depth + 1);
  return stored;
}

function restoreReason(stored: unknown, depth: number): unknown {
  const candidate = stored as Partial<StoredReason> | null;
  if (typeof candidate !== "object" || candidate === null || typeof candidate.message !== "string") return stored;
  const error = new Error(candidate.message);
  error.name = typeof candidate.name === "string" && candidate.name ? candidate.name : "Error";
  // The same stack on every run: the header only, as errors rebuilt from checkpoints have.
  error.stack = candidate.message ? `${error.name}: ${candidate.message}` : error.name;
  if (candidate.cause !== undefined && depth < MAX_CAUSE_DEPTH) error.cause = restoreReason(candidate.cause, depth + 1);
  return error;
}
