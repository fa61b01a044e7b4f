import path from "node:path";
import { pathToFileURL } from "node:url";
import { FunctionRegistry } from "../sdk/runtime";
import { exampleFunctions } from "../examples";

/**
 * The functions a worker runs: the bundled examples, plus a module of the user's own
 * (`--functions ./my-functions.ts`) that exports `functions`: `{ name: handler }` for durable
 * handlers, with plain chained-invoke targets under `plainFunctions`.
 */
export async function loadRegistry(modulePath: string | undefined, includeExamples: boolean): Promise<FunctionRegistry> {
  const registry = new FunctionRegistry();
  if (includeExamples) {
    for (const fn of exampleFunctions) {
      if (fn.plain) registry.registerPlain(fn.name, fn.handler as never);
      else registry.register(fn.name, fn.handler as never);
    }
  }
  if (modulePath) {
    const mod = (await import(pathToFileURL(path.resolve(modulePath)).href)) as {
      functions?: Record<string, unknown>;
      plainFunctions?: Record<string, unknown>;
      default?: { functions?: Record<string, unknown>; plainFunctions?: Record<string, unknown> };
    };
    const durable = mod.functions ?? mod.default?.functions;
    const plain = mod.plainFunctions ?? mod.default?.plainFunctions;
    if (!durable && !plain) throw new Error(`${modulePath} exports neither \`functions\` nor \`plainFunctions\``);
    for (const [name, handler] of Object.entries(durable ?? {})) registry.register(name, handler as never);
    for (const [name, fn] of Object.entries(plain ?? {})) registry.registerPlain(name, fn as never);
  }
  return registry;
}
