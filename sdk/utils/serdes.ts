/**
 * Serdes: how operation values become checkpoint payloads (strings) and back. Both directions
 * are async so a serdes can spill large values to external storage and store a pointer.
 */
import { SerdesFailedError } from "../errors/serdes-failed-error";
import { errorToErrorObject } from "../errors/error-object";

/** Where a value is being stored; lets an external-storage serdes pick a unique key. */
export interface SerdesContext {
  /** The operation's (hashed) id. */
  entityId: string;
  durableExecutionArn: string;
}

export interface Serdes<T> {
  serialize: (value: T | undefined, context: SerdesContext) => Promise<string | undefined>;
  deserialize: (data: string | undefined, context: SerdesContext) => Promise<T | undefined>;
}

/** @internal A serdes whose value type is not known statically. */
export type AnySerdes = Serdes<any>;
/** @internal Deserialize-only serdes, as used for callbacks. */
export type AnySerdesDeserializer = Pick<AnySerdes, "deserialize">;

/** Per-context defaults set with `context.configureSerdes`. */
export interface SerdesConfig {
  /** Used by step, runInChildContext, invoke and waitForCondition; default JSON. */
  defaultSerdes?: AnySerdes;
  /** Used by createCallback / waitForCallback; default pass-through, whatever defaultSerdes is. */
  defaultCallbackDeserializer?: AnySerdesDeserializer;
}

/** JSON both ways; `undefined` is stored as "no payload" and read back as `undefined`. */
export const defaultSerdes: Serdes<any> = {
  serialize: async (value) => (value === undefined ? undefined : JSON.stringify(value)),
  deserialize: async (data) => (data === undefined ? undefined : JSON.parse(data)),
};

/**
 * Raw strings both ways: the default deserializer of callback results, which arrive as the
 * exact string the external party sent. Non-string values are JSON-encoded when serialized.
 */
export const passThroughSerdes: Serdes<any> = {
  serialize: async (value) => (value === undefined || typeof value === "string" ? value : JSON.stringify(value)),
  deserialize: async (data) => data,
};

/**
 * JSON serdes that restores a class instance: the parsed fields are assigned onto `new cls()`,
 * so methods work again. The constructor must take no arguments (and runs on every read).
 * Nested class instances, private fields and getters are not restored.
 */
export function createClassSerdes<T extends object>(cls: new () => T): Serdes<T> {
  return {
    serialize: async (value) => (value === undefined ? undefined : JSON.stringify(value)),
    deserialize: async (data) => (data === undefined ? undefined : Object.assign(new cls(), JSON.parse(data))),
  };
}

/**
 * Like createClassSerdes, and turns the listed properties back into Dates. Paths may be nested
 * ("metadata.createdAt"); a missing or empty property is left as it is.
 */
export function createClassSerdesWithDates<T extends object>(cls: new () => T, dateProps: string[]): Serdes<T> {
  return {
    serialize: async (value) => (value === undefined ? undefined : JSON.stringify(value)),
    deserialize: async (data) => {
      if (data === undefined) return undefined;
      const instance = Object.assign(new cls(), JSON.parse(data)) as T;
      for (const path of dateProps) reviveDateAt(instance as Record<string, unknown>, path.split("."));
      return instance;
    },
  };
}

function reviveDateAt(root: Record<string, unknown>, keys: string[]): void {
  let holder: Record<string, unknown> = root;
  for (const key of keys.slice(0, -1)) {
    const next = holder[key];
    if (typeof next !== "object" || next === null) return;
    holder = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  const raw = holder[last];
  if (typeof raw === "string" || typeof raw === "number") holder[last] = new Date(raw);
}

/** The operation a value belongs to, as the official SDK names it in serdes failures. */
export interface SerdesOperation {
  /** Step path ("2-1"); the entity id when not given. */
  path?: string;
  name?: string;
}

/**
 * Serializes through `serdes`, turning any failure (BigInt, cycle, external store down) into a
 * SerdesFailedError worded as the official SDK's, instead of a bare TypeError.
 */
export async function safeSerialize<T>(
  serdes: Pick<Serdes<T>, "serialize">,
  value: T | undefined,
  context: SerdesContext,
  operation: SerdesOperation = {},
): Promise<string | undefined> {
  try {
    return await serdes.serialize(value, context);
  } catch (cause) {
    throw serdesFailure("serialize", context.entityId, operation, cause);
  }
}

/** Deserializes through `serdes`; failures become a SerdesFailedError (see safeSerialize). */
export async function safeDeserialize<T>(
  serdes: Pick<Serdes<T>, "deserialize">,
  data: string | undefined,
  context: SerdesContext,
  operation: SerdesOperation = {},
): Promise<T | undefined> {
  try {
    return await serdes.deserialize(data, context);
  } catch (cause) {
    throw serdesFailure("deserialize", context.entityId, operation, cause);
  }
}

/**
 * "[Unrecoverable Invocation] Serialization failed for step "name" (2-1): <reason>": the official
 * SDK's message, so a test that matches on it passes here too.
 */
export function serdesFailure(
  direction: "serialize" | "deserialize",
  entityId: string,
  operation: SerdesOperation,
  cause: unknown,
): SerdesFailedError {
  const what = direction === "serialize" ? "Serialization" : "Deserialization";
  const step = `${operation.name ? `"${operation.name}" ` : ""}(${operation.path ?? entityId})`;
  // A thrown non-Error keeps its value (the official SDK says "Unknown serialization error").
  const reason = cause instanceof Error ? cause.message : errorToErrorObject(cause).ErrorMessage;
  return new SerdesFailedError(`${what} failed for step ${step}: ${reason}`, direction, entityId, cause instanceof Error ? cause : undefined);
}
