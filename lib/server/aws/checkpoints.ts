/**
 * The process's one RequestCheckpoints (sdk/runtime/request-checkpoints) over the console's
 * store: it keeps the live clients and the ClientToken answers between requests, so it must be
 * one per process. On globalThis for the reason lib/server/durable gives (one module graph per
 * route bundle). It uses the raw store: a handler reads and writes its own execution's data,
 * which payload redaction (a console view) must not touch.
 */
import "server-only";
import { RequestCheckpoints } from "@/sdk/runtime/request-checkpoints";
import { durable } from "../durable";

const KEY = Symbol.for("durable-console.request-checkpoints");
type Holder = { [KEY]?: Promise<RequestCheckpoints> };

export function requestCheckpoints(): Promise<RequestCheckpoints> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const opening = durable().then(({ raw }) => new RequestCheckpoints({ store: raw.store }));
    opening.catch(() => {
      if (holder[KEY] === opening) delete holder[KEY];
    });
    holder[KEY] = opening;
  }
  return holder[KEY];
}
