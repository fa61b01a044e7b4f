/**
 * Imported bundles in the console: how an imported execution gets the same pages as a live one
 * without any risk to live data.
 *
 * Each imported bundle is its own SQLite store beside the live one (lib/bundle/imports), holding
 * its execution under an id of its own (`imported-<bundle id>`, lib/bundle/ids). The console's
 * DurableClient is wrapped once (lib/server/durable) in a router that sends every read naming
 * such an id (execution, history, operations, one operation, logs, what it waits on, its audit
 * trail) to that bundle's store, and refuses every action naming one (stop, redrive, replay,
 * rerun, answering one of its callbacks; a bulk action reaches the same methods per execution)
 * with 409 IMPORTED_READ_ONLY before anything is written. Every other call, and any id that is
 * not an imported one, goes to the live client unchanged. So every query and page works as it
 * is, and nothing an operator does on an imported page can reach a live execution or a worker.
 */
import "server-only";
import { DurableClient } from "@/sdk/runtime/client";
import { DurableClientError } from "@/sdk/runtime/errors";
import { resolveStoreUrl } from "@/sdk/store/open";
import type { DurableStore } from "@/sdk/store/types";
import { bundleIdOfCallback, bundleIdOfExecution } from "../bundle/ids";
import { ImportedBundles, importsDirFor } from "../bundle/imports";
import { ApiError } from "./http-error";

const KEY = Symbol.for("durable-console.imported-bundles");
type Holder = { [KEY]?: ImportedBundles };

/** The console's imported bundles (beside its store), one per process like the store itself. */
export function importedBundles(): ImportedBundles {
  const holder = globalThis as Holder;
  const dir = importsDirFor(resolveStoreUrl());
  if (holder[KEY]?.dir !== dir) holder[KEY] = new ImportedBundles(dir);
  return holder[KEY];
}

/** Reads that name an execution first: answered from the bundle's store for an imported id. */
const READS_BY_EXECUTION = new Set(["getExecution", "getHistory", "getOperations", "getOperationWithEvents", "getLogs", "explainExecution", "findDeterminismCheck", "getExecutionCost"]);
/** What acts on (or prepares to act on) an execution: refused for an imported id. */
const ACTIONS_BY_EXECUTION = new Set([
  "stopExecution",
  "redriveExecution",
  "replayExecution",
  "forkExecution",
  "previewRedrive",
  "checkDeterminism",
  "requestDeterminismCheck",
]);
/** Answers to a callback: refused for an imported bundle's callback stand-in. */
const CALLBACK_ACTIONS = new Set(["sendCallbackSuccess", "sendCallbackFailure", "sendCallbackHeartbeat"]);

export function readOnlyRefusal(what: string): ApiError {
  return new ApiError("IMPORTED_READ_ONLY", `${what} belongs to an imported incident bundle, which is read-only: nothing can be changed or run in it`);
}

type Method = (...args: unknown[]) => Promise<unknown>;

/**
 * `live` with imported executions routed to their bundles' stores. `wrap` is applied to each
 * bundle's client as the live one was (the redacting view for `client`, nothing for `raw`).
 */
export function withImportedExecutions(live: DurableClient, bundles: () => ImportedBundles, wrap: (client: DurableClient) => DurableClient): DurableClient {
  const clients = new WeakMap<DurableStore, DurableClient>();
  async function bundleClient(bundleId: string, idOrArn: string): Promise<DurableClient> {
    const store = await bundles().storeOf(bundleId);
    if (!store) throw new DurableClientError("EXECUTION_NOT_FOUND", `Execution ${idOrArn} not found (no imported bundle ${bundleId})`);
    let client = clients.get(store);
    if (!client) clients.set(store, (client = wrap(new DurableClient({ store }))));
    return client;
  }
  function routed(property: string): Method | undefined {
    if (READS_BY_EXECUTION.has(property)) {
      return async (...args) => {
        const bundleId = typeof args[0] === "string" ? bundleIdOfExecution(args[0]) : undefined;
        const target = bundleId ? await bundleClient(bundleId, args[0] as string) : live;
        return (Reflect.get(target, property) as Method).apply(target, args);
      };
    }
    if (ACTIONS_BY_EXECUTION.has(property)) {
      return async (...args) => {
        if (typeof args[0] === "string" && bundleIdOfExecution(args[0])) throw readOnlyRefusal(`Execution ${args[0]}`);
        return (Reflect.get(live, property) as Method).apply(live, args);
      };
    }
    if (CALLBACK_ACTIONS.has(property)) {
      return async (...args) => {
        if (typeof args[0] === "string" && bundleIdOfCallback(args[0])) throw readOnlyRefusal(`Callback ${args[0]}`);
        return (Reflect.get(live, property) as Method).apply(live, args);
      };
    }
    if (property === "listAudit") {
      return async (...args) => {
        const executionId = (args[0] as { executionId?: string } | undefined)?.executionId;
        const bundleId = executionId ? bundleIdOfExecution(executionId) : undefined;
        const target = bundleId ? await bundleClient(bundleId, executionId!) : live;
        return target.listAudit(...(args as Parameters<DurableClient["listAudit"]>));
      };
    }
    return undefined;
  }
  const methods = new Map<string, Method>();
  return new Proxy(live, {
    get(target, property, receiver) {
      if (typeof property === "string") {
        const cached = methods.get(property);
        if (cached) return cached;
        const method = routed(property);
        if (method) {
          methods.set(property, method);
          return method;
        }
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
