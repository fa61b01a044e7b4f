/**
 * The console's one door to durable state: a process-wide store and DurableClient, opened on
 * first use. The console never runs handler code; it reads the store and writes answers
 * (callbacks, stop, redrive, replay, start) through the client, and a worker process does the
 * rest when the store says something is due.
 *
 * `store` and `client` are redacting views (lib/redaction/views): whatever a query or action
 * reads through them has the configured payload paths replaced by "[REDACTED]". `raw` is the
 * real thing, for the server's own use only (a replay restoring redacted fields); what it reads
 * must never be sent to a browser.
 *
 * Kept on globalThis because Next bundles route handlers and pages as separate module graphs:
 * a module-level variable would open the SQLite file once per graph.
 */
import "server-only";
import { DurableClient } from "@/sdk/runtime/client";
import { openStore } from "@/sdk/store/open";
import type { DurableStore } from "@/sdk/store/types";
import { redactingClient, redactingStore } from "../redaction/views";

export interface Durable {
  store: DurableStore;
  client: DurableClient;
  raw: { store: DurableStore; client: DurableClient };
}

const KEY = Symbol.for("durable-console.durable");
type Holder = { [KEY]?: Promise<Durable> };

export function durable(): Promise<Durable> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const opening = openStore().then((store) => {
      const client = new DurableClient({ store });
      return { store: redactingStore(store), client: redactingClient(client), raw: { store, client } };
    });
    // A failed open (bad DURABLE_STORE, unreadable file) must not be cached forever.
    opening.catch(() => {
      if (holder[KEY] === opening) delete holder[KEY];
    });
    holder[KEY] = opening;
  }
  return holder[KEY];
}
