/**
 * A `--functions` module may give each function as a bare handler or as
 * `{ handler, description, sampleInput, executionTimeoutSeconds }`; the examples come with theirs.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadRegistry } from "../../cli/functions";
import { exampleFunctions } from "../../examples";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "durable-functions-module-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("loadRegistry", () => {
  it("takes bare handlers and handlers with options, durable and plain", async () => {
    const module = join(dir, "fns.mjs");
    writeFileSync(
      module,
      `export const functions = {
         bare: async () => ({ Status: "SUCCEEDED" }),
         described: { handler: async () => ({ Status: "SUCCEEDED" }), description: "Greets", sampleInput: { who: "Ana" }, executionTimeoutSeconds: 60 },
       };
       export const plainFunctions = { note: { handler: () => "ok", description: "Notes", sampleInput: ["a", 1] } };`,
    );
    const registry = await loadRegistry(module, false);
    expect(registry.names()).toEqual(["bare", "described", "note"]);
    expect(registry.get("bare")).toMatchObject({ kind: "durable", options: {} });
    expect(registry.get("bare")?.sampleInput).toBeUndefined();
    expect(registry.get("described")).toMatchObject({ kind: "durable", sampleInput: '{"who":"Ana"}', options: { description: "Greets", executionTimeoutSeconds: 60 } });
    expect(registry.get("note")).toMatchObject({ kind: "plain", sampleInput: '["a",1]', options: { description: "Notes" } });
  });

  it("refuses an entry whose options are wrong, naming the function", async () => {
    const module = join(dir, "bad.mjs");
    writeFileSync(module, `export const functions = { broken: { handler: async () => 1, sampleInput: () => 1 } };`);
    await expect(loadRegistry(module, false)).rejects.toThrow(/sampleInput of broken/);
  });

  it("registers the examples with their descriptions and sample inputs", async () => {
    const registry = await loadRegistry(undefined, true);
    for (const fn of exampleFunctions) {
      expect(registry.get(fn.name)?.options.description).toBe(fn.description);
      expect(registry.get(fn.name)?.sampleInput).toBe(JSON.stringify(fn.sampleInput));
    }
  });
});
