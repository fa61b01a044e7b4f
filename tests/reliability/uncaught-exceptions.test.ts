/**
 * A `durable worker` OS process whose handlers throw outside their awaited chain (from a timer,
 * from setImmediate) survives it: only the invocations whose code threw fail, the executions that
 * crash once are re-invoked and succeed, the one that always crashes FAILS after 3 crashed
 * invocations (the default bound), every other execution in the process finishes, and the
 * process is still running and stops cleanly. Without the crash guard the first throw kills the
 * process (Node's default) and every execution it holds.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DurableClient } from "../../sdk/runtime";
import { SqliteStore } from "../../sdk/store/sqlite";
import { allEvents, checkWholeHistory } from "./support/history-checks";
import { projectRoot, waitUntil } from "./support/processes";

const require = createRequire(import.meta.url);
const fixture = join(projectRoot, "tests", "reliability", "fixtures", "crashing-functions.ts");
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("a worker process whose handlers raise uncaught exceptions", () => {
  it("fails only the crashing invocations, keeps running every other execution, and stops cleanly", async () => {
    const dir = mkdtempSync(join(tmpdir(), "durable-uncaught-"));
    dirs.push(dir);
    const storePath = join(dir, "durable.db");
    const store = new SqliteStore({ path: storePath, busyTimeoutMs: 30_000 });
    await store.init();
    const child = spawn(
      process.execPath,
      ["--import", require.resolve("tsx"), join(projectRoot, "cli", "main.ts"), "worker", "--store", storePath, "--no-examples", "--functions", fixture, "--lease-ms", "3000"],
      { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } },
    );
    children.push(child);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const exited = new Promise<{ code: number | null; signal: string | null }>((r) => child.once("exit", (code, signal) => r({ code, signal })));
    const alive = () => child.exitCode === null && child.signalCode === null;
    await waitUntil("the worker to be ready", () => /running on/.test(stdout) || !alive(), 60_000, 50);
    expect(alive(), stderr).toBe(true);

    const client = new DurableClient({ store });
    const start = async (functionName: string, input: unknown) => (await client.startExecution({ functionName, input: JSON.stringify(input) })).execution.executionId;
    const always = await start("crashes-always", {});
    const once = await Promise.all(["a", "b", "c"].map((key) => start("crashes-once", { key })));
    const fine = await Promise.all([1, 2, 3, 4].map((n) => start("fine", { n })));
    const all = [always, ...once, ...fine];

    await waitUntil(
      "every execution to finish",
      async () => {
        if (!alive()) throw new Error(`the worker died:\n${stderr}`);
        const states = await Promise.all(all.map((id) => store.executions.get(id)));
        return states.every((e) => e && e.status !== "RUNNING");
      },
      60_000,
      100,
    );
    expect(alive(), stderr).toBe(true);

    const failed = (await store.executions.get(always))!;
    expect(failed.status).toBe("FAILED");
    expect(failed.error?.ErrorType).toBe("Runtime.UncaughtException");
    expect(failed.error?.ErrorMessage).toBe(
      "The handler raised an uncaught exception in 3 consecutive invocations; the last: RangeError: crashes-always: out of range in a timer",
    );
    expect(failed.invocationCount).toBe(3);
    for (const id of once) {
      const done = (await store.executions.get(id))!;
      expect(done.status).toBe("SUCCEEDED");
      expect(done.invocationCount).toBe(2);
      const errors = (await allEvents(store, id))
        .filter((e) => e.EventType === "InvocationCompleted")
        .map((e) => (e.InvocationCompletedDetails as { Error?: { Payload?: { ErrorType?: string } } }).Error?.Payload?.ErrorType);
      expect(errors).toEqual(["Runtime.UncaughtException", undefined]);
    }
    for (const [i, id] of fine.entries()) {
      const done = (await store.executions.get(id))!;
      expect(done.status).toBe("SUCCEEDED");
      expect(JSON.parse(done.result!)).toBe((i + 1) * 2);
    }
    for (const id of all) expect((await checkWholeHistory(store, id)).problems).toEqual([]);
    // Each crash was reported, none took the process down.
    expect(stderr.match(/uncaught exception in handler code; the invocation fails/g)?.length).toBe(3 + once.length);

    child.kill("SIGTERM");
    const exit = await exited;
    expect(exit.code, stderr).toBe(0);
    await store.close();
  }, 120_000);
});
