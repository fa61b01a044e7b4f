/**
 * The console's one door to durable state: a process-wide DurableClient over the configured
 * store, opened on first use. The console never runs handler code, and never calls the store
 * itself: every read (lists, history, operations, logs, counts, the audit log) and every write
 * (callbacks, stop, redrive, replay, start, audit records) goes through the client, the same API
 * the CLI and the tests use. A worker process does the rest when the store says something is due.
 *
 * `client` is a redacting view (lib/redaction/views): whatever a query or action reads through
 * it has the configured payload paths replaced by "[REDACTED]". `raw` is the real thing, for the
 * server's own use only (a replay restoring redacted fields, closing the store); what it reads
 * must never be sent to a browser.
 *
 * Both route an imported incident bundle's execution to that bundle's own store and refuse
 * actions on it (./imported-executions).
 *
 * Kept on globalThis because Next bundles route handlers and pages as separate module graphs:
 * a module-level variable would open the SQLite file once per graph.
 */
import "server-only";
import { DurableClient } from "@/sdk/runtime/client";
import { FunctionRegistry } from "@/sdk/runtime/registry";
import { registerExamples } from "@/examples";
import { openStore } from "@/sdk/store/open";
import type { DurableStore } from "@/sdk/store/types";
import { redactingClient } from "../redaction/views";
import { importedBundles, withImportedExecutions } from "./imported-executions";

export interface Durable {
  client: DurableClient;
  raw: { store: DurableStore; client: DurableClient };
}

const KEY = Symbol.for("durable-console.durable");
type Holder = { [KEY]?: Promise<Durable> };

export function durable(): Promise<Durable> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const opening = openStore().then((store) => {
      // The code the determinism check replays histories through (never to run them): the bundled
      // examples, which `durable dev` runs. Other functions' checks answer CODE_UNAVAILABLE here
      // and run where their code is (`durable check-determinism --functions`).
      const client = new DurableClient({ store, code: registerExamples(new FunctionRegistry()) });
      // Imported incident bundles answer from their own stores, read-only (./imported-executions).
      const routed = withImportedExecutions(client, importedBundles, (c) => c);
      return { client: withImportedExecutions(redactingClient(client), importedBundles, redactingClient), raw: { store, client: routed } };
    });
    // A failed open (bad DURABLE_STORE, unreadable file) must not be cached forever.
    opening.catch(() => {
      if (holder[KEY] === opening) delete holder[KEY];
    });
    holder[KEY] = opening;
  }
  return holder[KEY];
}
