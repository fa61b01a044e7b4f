/**
 * `durable dev --functions mod.ts` runs a module of your own beside the examples and the console:
 * the real command (bin/durable.mjs) on a temporary SQLite file and a free port, a module written
 * here, an execution of its function started from outside (as `durable start` would) and followed
 * through the console's API until it succeeded.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DurableClient } from "../../sdk/runtime";
import { SqliteStore } from "../../sdk/store/sqlite";
import { ensureBuilt, freePort } from "../../support/console-server";
import { bin } from "./run-cli";
import { waitFor } from "../support/wait";

const root = path.resolve(__dirname, "..", "..");
const dir = mkdtempSync(path.join(tmpdir(), "durable-dev-functions-"));
let dev: ChildProcess | undefined;
let store: SqliteStore | undefined;
afterAll(async () => {
  if (dev && dev.exitCode === null) {
    const exited = new Promise((resolve) => dev!.once("exit", resolve));
    dev.kill("SIGTERM");
    await exited;
  }
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A check that throws (the server is not up yet) counts as not yet. */
const until = <T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000) =>
  waitFor(what, () => check().catch(() => undefined), timeoutMs, 200);

describe("durable dev --functions", () => {
  it("runs your own module beside the examples and the console", async () => {
    ensureBuilt();
    const port = await freePort();
    const module = path.join(dir, "my-fns.ts");
    writeFileSync(
      module,
      `import { withDurableExecution } from ${JSON.stringify(path.join(root, "sdk"))};\n` +
        `export const functions = {\n` +
        `  "greet-user": withDurableExecution(async (input: { name: string }, context) => context.step("greet", async () => "Hello, " + input.name)),\n` +
        `};\n`,
    );
    const storePath = path.join(dir, "durable.db");
    dev = spawn(process.execPath, [bin, "dev", "--no-seed", "--functions", module, "--store", storePath, "--port", String(port)], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    let output = "";
    dev.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    dev.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));

    const consoleUrl = `http://127.0.0.1:${port}`;
    const names = await until("the console to list the functions", async () => {
      if (dev!.exitCode !== null) throw new Error(`durable dev exited ${dev!.exitCode}:\n${output}`);
      const listed = (await (await fetch(`${consoleUrl}/api/functions/names`)).json()) as string[];
      return listed.includes("greet-user") ? listed : undefined;
    });
    expect(names).toEqual(expect.arrayContaining(["greet-user", "order-processing"]));

    store = new SqliteStore({ path: storePath });
    await store.init();
    const { execution } = await new DurableClient({ store }).startExecution({ functionName: "greet-user", input: JSON.stringify({ name: "Ada" }) });
    const done = await until("the execution to succeed, as the console shows it", async () => {
      const seen = (await (await fetch(`${consoleUrl}/api/executions/${execution.executionId}`)).json()) as { status: string; result?: string };
      return seen.status === "RUNNING" ? undefined : seen;
    });
    expect(done).toMatchObject({ status: "SUCCEEDED", result: JSON.stringify("Hello, Ada") });
    expect(output).not.toMatch(/Function not found/);
  }, 240_000);
});
