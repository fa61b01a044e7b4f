/** Runs the real `durable` command: bin/durable.mjs as a child process, or its main function in this process. */
import { spawnSync } from "node:child_process";
import path from "node:path";

export const bin = path.resolve(__dirname, "../../bin/durable.mjs");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cliRunner(env: NodeJS.ProcessEnv) {
  function durable(...args: string[]): CliResult {
    const result = spawnSync(process.execPath, [bin, ...args], { env, encoding: "utf8", timeout: 60_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }
  /** The command's `--json` answer; throws with its stderr when it did not exit 0. */
  function json<T>(...args: string[]): T {
    const r = durable(...args, "--json");
    if (r.code !== 0) throw new Error(`durable ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }
  return { durable, json };
}

/**
 * Runs the CLI in this process (cli/run.ts, the function the `durable` process calls): the same
 * parsing, store handling and output, without spawning tsx per call.
 */
export async function runInProcess(...args: string[]): Promise<CliResult> {
  const { runCli } = await import("../../cli/run");
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

/** `durable(...)` and `json(...)` like cliRunner's, in this process, over the store at `storePath`. */
export function inProcessRunner(storePath: string) {
  const durable = (...args: string[]) => runInProcess(...args, "--store", storePath);
  async function json<T>(...args: string[]): Promise<T> {
    const r = await durable(...args, "--json");
    if (r.code !== 0) throw new Error(`durable ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }
  return { durable, json };
}
