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

/** Store methods that return payloads (execution input/result/error, operations, events, logs). */
const STORE_READS = new Set<string | symbol>([
  "getExecution",
  "findExecutionByName",
  "listExecutions",
  "listOperations",
  "getOperation",
  "getHistory",
  "getLogs",
  "transact",
  "createExecution",
  "claimDue",
]);

/** Client methods that return payloads. */
const CLIENT_READS = new Set<string | symbol>([
  "getExecution",
  "listExecutions",
  "getHistory",
  "getOperations",
  "getLogs",
  "startExecution",
  "replayExecution",
  "stopExecution",
  "redriveExecution",
]);

function redactingView<T extends object>(target: T, reads: Set<string | symbol>): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== "function") return value;
      if (!reads.has(property)) return value.bind(object);
      return async (...args: unknown[]) => {
        const result: unknown = await value.apply(object, args);
        return currentRedactor().redactDeep(result);
      };
    },
  });
}

export function redactingStore(store: DurableStore): DurableStore {
  return redactingView(store, STORE_READS);
}

export function redactingClient(client: DurableClient): DurableClient {
  return redactingView(client, CLIENT_READS);
}
