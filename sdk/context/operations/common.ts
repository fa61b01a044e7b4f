import { DurablePromise } from "../../types/durable-promise";
import type { OperationUpdate } from "../../types/wire";
import { Limits } from "../../types/wire";
import { defaultSerdes, serdesFailure, type Serdes } from "../../utils/serdes";
import type { SerdesFailedError } from "../../errors";
import { ContextCore, ExecutionHalted, never, type OperationIdentity } from "../context-core";

/**
 * Wraps an operation body into the DurablePromise users get. Once the invocation is ending
 * (suspended or failed), the promise never settles: no user code runs after that point.
 */
export function durable<T>(core: ContextCore, identity: OperationIdentity | undefined, body: () => Promise<T>): DurablePromise<T> {
  const promise = (async () => {
    if (core.state.terminated) return never<T>();
    try {
      return await body();
    } catch (error) {
      if (error instanceof ExecutionHalted || core.state.terminated) return never<T>();
      throw error;
    }
  })();
  return new DurablePromise(promise, identity ? () => core.state.markAwaited(identity.id) : undefined);
}

/** An operation's DurablePromise that is already settled with `value` (a replayed result). */
export function durableValue<T>(core: ContextCore, identity: OperationIdentity, value: T): DurablePromise<T> {
  return new DurablePromise(Promise.resolve(value), () => core.state.markAwaited(identity.id));
}

/** Whether a value of this operation goes through the default JSON serdes (inline, synchronous). */
export function usesDefaultSerdes<T>(core: ContextCore, serdes: Serdes<T> | undefined): boolean {
  return ((serdes as Serdes<unknown> | undefined) ?? core.serdes.defaultSerdes ?? defaultSerdes) === defaultSerdes;
}

/**
 * A recorded payload read with the default serdes, or undefined when it does not parse: the
 * caller then takes the path that reports the failure (deserializeValue).
 */
export function parseRecorded<T>(payload: string | undefined): { value: T } | undefined {
  if (payload === undefined) return { value: undefined as T };
  try {
    return { value: JSON.parse(payload) as T };
  } catch {
    return undefined;
  }
}

/** The update for an operation, with its identity fields filled in. */
export function updateFor(identity: OperationIdentity, fields: Omit<OperationUpdate, "Id" | "ParentId" | "Name" | "Type" | "SubType">): OperationUpdate {
  return {
    Id: identity.id,
    ...(identity.parentId ? { ParentId: identity.parentId } : {}),
    ...(identity.name !== undefined ? { Name: identity.name } : {}),
    Type: identity.type,
    SubType: identity.subType,
    ...fields,
  };
}

/** Raised when a value's payload is past the size limit. */
export class PayloadError extends Error {
  constructor(
    readonly errorType: "PayloadTooLargeError",
    message: string,
  ) {
    super(message);
    this.name = errorType;
  }
}

export async function serializeValue<T>(
  core: ContextCore,
  serdes: Serdes<T> | undefined,
  value: T,
  identity: OperationIdentity,
  limitBytes: number = Limits.operationPayloadBytes,
): Promise<string | undefined> {
  const chosen = (serdes ?? core.serdes.defaultSerdes ?? defaultSerdes) as Serdes<T>;
  let payload: string | undefined;
  try {
    // The default JSON serdes is called inline: every step round-trips its result, and each
    // extra await is a promise (and, with the crash guard's async context, a hook call) per step.
    payload =
      chosen === defaultSerdes
        ? value === undefined
          ? undefined
          : JSON.stringify(value)
        : await chosen.serialize(value, { entityId: identity.id, durableExecutionArn: core.durableExecutionArn });
  } catch (error) {
    throw endInvocation(core, serdesFailure("serialize", identity.id, identity, error));
  }
  if (payload !== undefined && Buffer.byteLength(payload, "utf8") > limitBytes) {
    throw new PayloadError(
      "PayloadTooLargeError",
      `The result of operation ${describe(identity)} is ${Buffer.byteLength(payload, "utf8")} bytes; the limit is ${limitBytes} bytes.`,
    );
  }
  return payload;
}

export async function deserializeValue<T>(
  core: ContextCore,
  serdes: Serdes<T> | undefined,
  payload: string | undefined,
  identity: OperationIdentity,
): Promise<T> {
  const chosen = (serdes ?? core.serdes.defaultSerdes ?? defaultSerdes) as Serdes<T>;
  try {
    if (chosen === defaultSerdes) return (payload === undefined ? undefined : JSON.parse(payload)) as T;
    return (await chosen.deserialize(payload, { entityId: identity.id, durableExecutionArn: core.durableExecutionArn })) as T;
  } catch (error) {
    throw endInvocation(core, serdesFailure("deserialize", identity.id, identity, error));
  }
}

/**
 * A serdes that fails ends the invocation, as in the official SDK: the handler throws the
 * SerdesFailedError (an invocation error, which the runtime retries) and the code that asked for
 * the value never sees a result or an error. Returns what the caller throws to unwind.
 */
function endInvocation(core: ContextCore, failure: SerdesFailedError): ExecutionHalted {
  core.state.terminate({ kind: "invocation-error", error: failure });
  return new ExecutionHalted();
}

export function describe(identity: OperationIdentity): string {
  return identity.name ? `"${identity.name}" (${identity.path})` : identity.path;
}

/** Splits the optional leading name off an overloaded call. */
export function splitName<Rest extends unknown[]>(args: unknown[]): [string | undefined, ...Rest] {
  if (typeof args[0] === "string" || args[0] === undefined) return args as [string | undefined, ...Rest];
  return [undefined, ...args] as unknown as [string | undefined, ...Rest];
}
