/**
 * The one place redaction is applied: views of the store and of the DurableClient whose reads
 * come back redacted. lib/durable hands these to every console query and action, so a page, an
 * API response or an action's answer never holds a redacted value in clear, whichever query
 * produced it. Writes pass through untouched, and the client underneath works on the real store
 * (a replay copies the real input, a redrive the real checkpoints).
 */
import type { DurableClient } from "@/sdk/runtime/client";
import type { DurableStore } from "@/sdk/store/types";
import { currentRedactor } from "./redact";

/**
 * Every read (a method named get…, list… or find…) comes back redacted, so a read added later is
 * covered without anyone remembering this file; these are the other methods that answer with
 * payloads (the records they wrote or claimed).
 */
const STORE_WRITES_ANSWERING_PAYLOADS = new Set<string | symbol>(["transact", "createExecution", "claimDue"]);
const CLIENT_WRITES_ANSWERING_PAYLOADS = new Set<string | symbol>(["startExecution", "replayExecution", "stopExecution", "redriveExecution"]);

function answersWithPayloads(property: string | symbol, writes: Set<string | symbol>): boolean {
  return (typeof property === "string" && /^(get|list|find)[A-Z]/.test(property)) || writes.has(property);
}

function redactingView<T extends object>(target: T, writes: Set<string | symbol>): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== "function") return value;
      if (!answersWithPayloads(property, writes)) return value.bind(object);
      return async (...args: unknown[]) => {
        const result: unknown = await value.apply(object, args);
        return currentRedactor().redactDeep(result);
      };
    },
  });
}

export function redactingStore(store: DurableStore): DurableStore {
  return redactingView(store, STORE_WRITES_ANSWERING_PAYLOADS);
}

export function redactingClient(client: DurableClient): DurableClient {
  return redactingView(client, CLIENT_WRITES_ANSWERING_PAYLOADS);
}
