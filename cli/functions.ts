import path from "node:path";
import { pathToFileURL } from "node:url";
import { FunctionRegistry, type DurableFunctionOptions } from "../sdk/runtime";
import { registerExamples } from "../examples";

/**
 * The functions a worker runs: the bundled examples, plus a module of the user's own
 * (`--functions ./my-functions.ts`) that exports `functions`: `{ name: handler }` for durable
 * handlers, with plain chained-invoke targets under `plainFunctions`. Instead of a bare handler,
 * an entry may be `{ handler, description?, sampleInput?, executionTimeoutSeconds? }`.
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

/** A bare handler, or `{ handler, ...options }`; the registry checks both parts. */
function entryOf(entry: unknown): { handler: unknown; options: DurableFunctionOptions } {
  if (typeof entry === "function" || entry === null || typeof entry !== "object" || !("handler" in entry)) return { handler: entry, options: {} };
  const { handler, ...options } = entry as { handler: unknown } & DurableFunctionOptions;
  return { handler, options };
}
