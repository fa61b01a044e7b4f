/**
 * Worker child processes for the reliability tests (the spawner is support/worker-process.ts):
 * `durable worker` without the wrapper process, so that a SIGKILL reaches the worker itself, on
 * a real SQLite file with the fixture functions; and one-off CLI runs.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { WorkerProcess as SpawnedWorker, projectRoot } from "../../../support/worker-process";

export { projectRoot };

const require = createRequire(import.meta.url);
const tsx = require.resolve("tsx");
const cliMain = path.join(projectRoot, "cli", "main.ts");
export const fixtureFunctions = path.join(projectRoot, "tests", "reliability", "fixtures", "functions.ts");

export interface SideFiles {
  invocations: string;
  bodies: string;
  markerDir?: string;
}

export interface ReliabilityWorkerOptions {
  storePath: string;
  side: SideFiles;
  leaseMs: number;
  concurrency?: number;
  env?: Record<string, string>;
}

/**
 * A worker on the fixture functions, launched without the wrapper (a SIGKILL reaches the worker
 * itself, and `pid` is the process the fixtures record), told where to log through its env.
 */
export class WorkerProcess extends SpawnedWorker {
  constructor(options: ReliabilityWorkerOptions) {
    super({
      launch: "worker",
      storeUrl: options.storePath,
      functionsModule: fixtureFunctions,
      noExamples: true,
      leaseMs: options.leaseMs,
      concurrency: options.concurrency,
      env: {
        RELIABILITY_INVOCATIONS_FILE: options.side.invocations,
        RELIABILITY_BODY_FILE: options.side.bodies,
        RELIABILITY_MARKER_DIR: options.side.markerDir ?? "",
        RELIABILITY_STORE_PATH: options.storePath,
        ...options.env,
      },
    });
  }
}

// The tests that drive these processes poll with the one helper of tests/support.
export { sleep, waitUntil } from "../../support/wait";

const cliArgs = ["--import", tsx, cliMain];

/** Runs `durable <args>` (one CLI process) and collects its exit code and output. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...cliArgs, ...args], { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
