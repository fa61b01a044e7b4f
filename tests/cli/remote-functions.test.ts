/**
 * How remote functions are declared from the CLI: `worker --remote name=url`, a functions
 * module's `{ remote: url }` entries, and `serve-handlers`' own usage errors (refused before
 * anything listens or changes).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../cli/args";
import { loadRegistry, registerRemoteFlag } from "../../cli/functions";
import { runCli } from "../../cli/run";
import { FunctionRegistry } from "../../sdk/runtime";

function captured() {
  let out = "";
  let err = "";
  return { io: { out: (t: string) => (out += t), err: (t: string) => (err += t) }, text: () => ({ out, err }) };
}

describe("remote functions from the CLI", () => {
  it("--remote registers each name=url as a remote durable function, replacing an example of that name", async () => {
    const registry = await loadRegistry(undefined, true);
    registerRemoteFlag(registry, "order-processing=http://127.0.0.1:9001, billing=http://127.0.0.1:9002/");
    expect(registry.get("order-processing")).toMatchObject({ kind: "durable", remote: { endpoint: "http://127.0.0.1:9001", functionName: "order-processing" } });
    expect(registry.get("billing")).toMatchObject({ kind: "durable", remote: { endpoint: "http://127.0.0.1:9002" } });
    expect(registry.durableNames()).toContain("billing");
  });

  it("--remote refuses a pair without a name or with a bad URL, naming the flag", () => {
    const registry = new FunctionRegistry();
    expect(() => registerRemoteFlag(registry, "http://127.0.0.1:9001")).toThrow(UsageError);
    expect(() => registerRemoteFlag(registry, "=http://127.0.0.1:9001")).toThrow(/--remote: expected name=url/);
    expect(() => registerRemoteFlag(registry, "a=127.0.0.1:9001")).toThrow(/--remote: the remote endpoint of a must be an http\(s\) URL/);
    expect(registry.names()).toEqual([]);
  });

  it("a functions module declares a remote function as { remote, ...options }", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-remote-module-"));
    try {
      const file = path.join(dir, "fns.mjs");
      fs.writeFileSync(file, 'export const functions = { orders: { remote: "http://127.0.0.1:9001", functionName: "orders-v2", description: "Takes orders elsewhere" } };\n');
      const registry = await loadRegistry(file, false);
      expect(registry.get("orders")).toMatchObject({
        kind: "durable",
        remote: { endpoint: "http://127.0.0.1:9001", functionName: "orders-v2" },
        options: { description: "Takes orders elsewhere" },
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("serve-handlers refuses a missing module argument and a bad --endpoint-url with exit 2", async () => {
    const missing = captured();
    expect(await runCli(["serve-handlers"], missing.io)).toBe(2);
    expect(missing.text().err).toMatch(/handler module/);
    const badEndpoint = captured();
    expect(await runCli(["serve-handlers", "mod.ts", "--endpoint-url", "ftp://x"], badEndpoint.io)).toBe(2);
    expect(badEndpoint.text().err).toMatch(/--endpoint-url: expected the console's base URL/);
  });
});
