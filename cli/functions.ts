import path from "node:path";
import { pathToFileURL } from "node:url";
import { FunctionRegistry, type DurableFunctionOptions } from "../sdk/runtime";
import { registerExamples } from "../examples";
import { UsageError } from "./args";

/**
 * The functions a worker runs: the bundled examples, plus a module of the user's own
 * (`--functions ./my-functions.ts`) that exports `functions`: `{ name: handler }` for durable
 * handlers, with plain chained-invoke targets under `plainFunctions`. Instead of a bare handler,
 * an entry may be `{ handler, description?, sampleInput?, executionTimeoutSeconds? }`, and a
 * remote function (its handler served by another process, e.g. `durable serve-handlers`) is
 * `{ remote: "http://127.0.0.1:9001", functionName?, ...options }`.
 */
export async function loadRegistry(modulePath: string | undefined, includeExamples: boolean): Promise<FunctionRegistry> {
  const registry = new FunctionRegistry();
  if (includeExamples) registerExamples(registry);
  if (modulePath) {
    const mod = (await import(pathToFileURL(path.resolve(modulePath)).href)) as {
      functions?: Record<string, unknown>;
      plainFunctions?: Record<string, unknown>;
      default?: { functions?: Record<string, unknown>; plainFunctions?: Record<string, unknown> };
    };
    const durable = mod.functions ?? mod.default?.functions;
    const plain = mod.plainFunctions ?? mod.default?.plainFunctions;
    if (!durable && !plain) throw new Error(`${modulePath} exports neither \`functions\` nor \`plainFunctions\``);
    for (const [name, entry] of Object.entries(durable ?? {})) {
      if (isRemoteEntry(entry)) {
        const { remote, functionName, ...options } = entry;
        registry.registerRemote(name, { endpoint: remote, functionName }, options);
        continue;
      }
      const { handler, options } = entryOf(entry);
      registry.register(name, handler as never, options);
    }
    for (const [name, entry] of Object.entries(plain ?? {})) {
      const { handler, options } = entryOf(entry);
      registry.registerPlain(name, handler as never, options);
    }
  }
  return registry;
}

/**
 * `--remote name=url,name2=url2`: remote durable functions (they replace a bundled example of the
 * same name, so `--remote order-processing=...` runs the example's handler out of process).
 */
export function registerRemoteFlag(registry: FunctionRegistry, flag: string | undefined): void {
  if (flag === undefined) return;
  for (const pair of flag.split(",").map((p) => p.trim()).filter(Boolean)) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`--remote: expected name=url, got ${JSON.stringify(pair)}`);
    try {
      registry.registerRemote(pair.slice(0, at), { endpoint: pair.slice(at + 1) });
    } catch (error) {
      throw new UsageError(`--remote: ${(error as Error).message}`);
    }
  }
}

type RemoteEntry = { remote: string; functionName?: string } & DurableFunctionOptions;

function isRemoteEntry(entry: unknown): entry is RemoteEntry {
  return typeof entry === "object" && entry !== null && "remote" in entry && !("handler" in entry);
}

/** A bare handler, or `{ handler, ...options }`; the registry checks both parts. */
export function entryOf(entry: unknown): { handler: unknown; options: DurableFunctionOptions } {
  if (typeof entry === "function" || entry === null || typeof entry !== "object" || !("handler" in entry)) return { handler: entry, options: {} };
  const { handler, ...options } = entry as { handler: unknown } & DurableFunctionOptions;
  return { handler, options };
}
