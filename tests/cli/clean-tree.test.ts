/**
 * Running the product leaves a clone's `git status` clean. `npm start` (`durable dev`) in a clone
 * with no build runs `next dev`, which writes `next-env.d.ts` (in a form that differs from what
 * `next build` writes), `.next/` and `tsconfig.tsbuildinfo`; the worker writes `.durable/`. Each
 * must be ignored by git or left unchanged.
 *
 * It runs in a fresh clone of this repository's committed tree (so it tests what a user clones and
 * leaves this work tree alone), with node_modules hard-linked in (Turbopack refuses a symlinked one).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../support/console-server";
import { waitUntil } from "../support/wait";

const root = path.resolve(__dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-clean-tree-"));
const clone = path.join(dir, "repo");

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("npm start in a fresh clone", () => {
  it("leaves `git status --porcelain` empty after the console has served a page in development mode", async () => {
    run("git", ["clone", "--quiet", root, clone], dir);
    // Hard links are a cheap copy on one file system; a full copy elsewhere.
    const linked = spawnSync("cp", ["-al", path.join(root, "node_modules"), path.join(clone, "node_modules")]);
    if (linked.status !== 0) run("cp", ["-a", path.join(root, "node_modules"), path.join(clone, "node_modules")], dir);
    expect(fs.existsSync(path.join(clone, ".next"))).toBe(false); // so `durable dev` serves with `next dev`
    expect(run("git", ["status", "--porcelain"], clone)).toBe("");

    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
    for (const name of ["DURABLE_STORE", "DURABLE_DATA_DIR", "DURABLE_EXAMPLE_SWITCHES"]) delete env[name];
    // `npm start` is `node bin/durable.mjs dev`; its own process group, so one kill stops next too.
    const child = spawn(process.execPath, ["bin/durable.mjs", "dev", "--port", String(port)], { cwd: clone, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      const deadline = Date.now() + 150_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`durable dev exited ${child.exitCode}:\n${output}`);
        // The home page, as a user opens it first: compiling it is what takes next dev a while.
        const status = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(120_000) }).then(
          (res) => res.status,
          () => 0,
        );
        if (status === 200) break;
        if (Date.now() > deadline) throw new Error(`the console did not serve / (last status ${status}):\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      const killGroup = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // already gone
        }
      };
      killGroup("SIGTERM");
      const killer = setTimeout(() => killGroup("SIGKILL"), 10_000);
      await exited;
      // next dev's server may outlive the command by a moment: wait until the whole group is gone.
      await waitUntil("the durable dev process group to exit", () => !groupAlive(child.pid!), 30_000);
      clearTimeout(killer);
    }
    expect(fs.existsSync(path.join(clone, ".next", "dev"))).toBe(true); // served by next dev, not a build

    expect(fs.existsSync(path.join(clone, ".durable", "durable.db"))).toBe(true);
    expect(fs.existsSync(path.join(clone, "next-env.d.ts"))).toBe(true);
    expect(run("git", ["status", "--porcelain"], clone)).toBe("");
  }, 240_000);
});
