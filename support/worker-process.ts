/**
 * A `durable worker` OS process for tests and the bench: the one spawner both use. Two ways to
 * launch it, for two kinds of death:
 * - "machine" (default): `node bin/durable.mjs worker ...` in its own process group, so a kill
 *   takes the wrapper and the worker it runs together, as `kill -9 -<pgid>` would (a machine
 *   that dies);
 * - "worker": `cli/main.ts worker ...` through tsx, without the wrapper, so `pid` is the worker
 *   itself and a SIGKILL reaches it directly (what the reliability tests count per process).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

export const projectRoot = path.resolve(__dirname, "..");

const requireHere = createRequire(__filename);

export interface WorkerProcessOptions {
  /** A SQLite file path or a dynamodb:// URL, as `--store` takes it. */
  storeUrl: string;
  functionsModule: string;
  leaseMs: number;
  /** How often the worker writes its heartbeat row (`--heartbeat-ms`; default the worker's). */
  heartbeatMs?: number;
  concurrency?: number;
  env?: Record<string, string>;
  /** Leave the bundled examples out (--no-examples). */
  noExamples?: boolean;
  launch?: "machine" | "worker";
}

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How much of a worker's stderr is kept for failure messages; its stdout is only tailed. */
const STDERR_LIMIT = 256 * 1024;

export class WorkerProcess {
  readonly child: ChildProcess;
  /** The spawned process: the wrapper ("machine", also the group id) or the worker ("worker"). */
  readonly pid: number;
  /** Resolves once the worker printed its "running" line (store open, functions loaded, polling). */
  readonly ready: Promise<void>;
  readonly exited: Promise<WorkerExit>;
  /** The lease owner name the worker printed when it became ready. */
  owner?: string;
  /** Whether kill() was called (a test's record of which processes it cut). */
  killed = false;
  private readonly launch: "machine" | "worker";
  private stdoutTail = "";
  private stderrText = "";

  constructor(options: WorkerProcessOptions) {
    this.launch = options.launch ?? "machine";
    const command = this.launch === "machine" ? [path.join(projectRoot, "bin", "durable.mjs")] : ["--import", requireHere.resolve("tsx"), path.join(projectRoot, "cli", "main.ts")];
    const args = [
      ...command,
      "worker",
      "--store",
      options.storeUrl,
      ...(options.noExamples ? ["--no-examples"] : []),
      "--functions",
      options.functionsModule,
      "--lease-ms",
      String(options.leaseMs),
      ...(options.concurrency !== undefined ? ["--concurrency", String(options.concurrency)] : []),
      ...(options.heartbeatMs !== undefined ? ["--heartbeat-ms", String(options.heartbeatMs)] : []),
    ];
    this.child = spawn(process.execPath, args, {
      cwd: projectRoot,
      detached: this.launch === "machine",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...options.env },
    });
    if (this.child.pid === undefined) throw new Error("the worker process did not start");
    this.pid = this.child.pid;
    this.exited = new Promise((resolve) => this.child.once("exit", (code, signal) => resolve({ code, signal })));
    this.ready = new Promise<void>((resolve, reject) => {
      this.child.stdout!.on("data", (chunk: Buffer) => {
        // Keep only a tail: a test handler may write megabytes to stdout.
        this.stdoutTail = (this.stdoutTail + chunk.toString("utf8")).slice(-4096);
        const running = /worker (\S+) running on/.exec(this.stdoutTail);
        if (running && this.owner === undefined) {
          this.owner = running[1];
          resolve();
        }
      });
      void this.exited.then(({ code, signal }) =>
        reject(new Error(`worker ${this.pid} exited (code ${code}, signal ${signal}) before it was ready:\n${this.stderrText}`)),
      );
    });
    this.ready.catch(() => undefined);
    this.child.stderr!.on("data", (chunk: Buffer) => {
      if (this.stderrText.length < STDERR_LIMIT) this.stderrText += chunk.toString("utf8");
    });
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** The process group id ("machine": the wrapper and the worker it runs). */
  get pgid(): number {
    return this.pid;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL (to the whole group for a "machine"): nothing is cleaned up, leases are left to lapse. */
  async kill(): Promise<void> {
    this.killed = true;
    if (this.alive) this.signal("SIGKILL");
    await this.exited;
  }

  /**
   * SIGTERM (the wrapper passes it on): the worker stops claiming, finishes what runs and closes
   * the store. A worker still running after `timeoutMs` is killed.
   */
  async stop(timeoutMs = 60_000): Promise<WorkerExit> {
    if (this.alive) this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.alive && this.signal("SIGKILL"), timeoutMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  private signal(signal: NodeJS.Signals): void {
    if (this.launch === "machine") process.kill(-this.pid, signal);
    else this.child.kill(signal);
  }
}
