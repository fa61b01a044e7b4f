/**
 * Worker child processes for the reliability tests: `durable worker` (cli/main.ts run through
 * tsx, the same command `bin/durable.mjs worker` runs, without the wrapper process so that a
 * SIGKILL reaches the worker itself) on a real SQLite file, with the fixture functions.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
export const projectRoot = path.resolve(__dirname, "..", "..", "..");
const tsx = require.resolve("tsx");
const cliMain = path.join(projectRoot, "cli", "main.ts");
export const fixtureFunctions = path.join(projectRoot, "tests", "reliability", "fixtures", "functions.ts");

export interface SideFiles {
  invocations: string;
  bodies: string;
  markerDir?: string;
}

export interface WorkerProcessOptions {
  storePath: string;
  side: SideFiles;
  leaseMs: number;
  concurrency?: number;
  env?: Record<string, string>;
}

export class WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves once the worker printed its "running" line (store open, functions loaded, polling). */
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The lease owner name the worker printed when it became ready. */
  owner?: string;
  private stdoutTail = "";
  private stderrText = "";
  killed = false;

  constructor(options: WorkerProcessOptions) {
    const args = [
      "--import",
      tsx,
      cliMain,
      "worker",
      "--store",
      options.storePath,
      "--no-examples",
      "--functions",
      fixtureFunctions,
      "--lease-ms",
      String(options.leaseMs),
    ];
    if (options.concurrency !== undefined) args.push("--concurrency", String(options.concurrency));
    this.child = spawn(process.execPath, args, {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        RELIABILITY_INVOCATIONS_FILE: options.side.invocations,
        RELIABILITY_BODY_FILE: options.side.bodies,
        RELIABILITY_MARKER_DIR: options.side.markerDir ?? "",
        RELIABILITY_STORE_PATH: options.storePath,
        ...options.env,
      },
    });
    if (this.child.pid === undefined) throw new Error("the worker process did not start");
    this.pid = this.child.pid;
    this.exited = new Promise((resolve) => this.child.once("exit", (code, signal) => resolve({ code, signal })));
    this.ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        // Keep only a tail: a test handler writes megabytes to stdout.
        this.stdoutTail = (this.stdoutTail + chunk.toString("utf8")).slice(-4096);
        const running = /worker (\S+) running on/.exec(this.stdoutTail);
        if (running && this.owner === undefined) {
          this.owner = running[1];
          resolve();
        }
      };
      this.child.stdout!.on("data", onData);
      this.exited.then(({ code, signal }) =>
        reject(new Error(`worker ${this.pid} exited (code ${code}, signal ${signal}) before it was ready:\n${this.stderrText}`)),
      );
    });
    this.ready.catch(() => undefined);
    this.child.stderr!.on("data", (chunk: Buffer) => {
      if (this.stderrText.length < 256 * 1024) this.stderrText += chunk.toString("utf8");
    });
  }

  get stderr(): string {
    return this.stderrText;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL: no cleanup, no lease released, whatever was in flight is cut. */
  async kill(): Promise<void> {
    this.killed = true;
    if (this.alive) this.child.kill("SIGKILL");
    await this.exited;
  }

  /** SIGTERM: the worker stops claiming, finishes what runs, closes the store. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.alive) this.child.kill("SIGTERM");
    return this.exited;
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
