/**
 * A `durable worker` OS process: `node bin/durable.mjs worker --store dynamodb://...`, started in
 * its own process group so that a kill takes the wrapper and the worker it runs together (a
 * machine that dies), the way `kill -9 -<pgid>` would.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const projectRoot = path.resolve(__dirname, "..");

export interface WorkerProcessOptions {
  storeUrl: string;
  functionsModule: string;
  leaseMs: number;
  concurrency: number;
  env: Record<string, string>;
  /** Leave the bundled examples out (--no-examples). */
  noExamples?: boolean;
}

export class WorkerProcess {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  owner?: string;
  private stderrText = "";

  constructor(options: WorkerProcessOptions) {
    const args = [
      path.join(projectRoot, "bin", "durable.mjs"),
      "worker",
      "--store",
      options.storeUrl,
      "--functions",
      options.functionsModule,
      "--lease-ms",
      String(options.leaseMs),
      "--concurrency",
      String(options.concurrency),
      ...(options.noExamples ? ["--no-examples"] : []),
    ];
    this.child = spawn(process.execPath, args, {
      cwd: projectRoot,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...options.env },
    });
    this.exited = new Promise((resolve) => this.child.once("exit", () => resolve()));
    let stdout = "";
    this.ready = new Promise<void>((resolve, reject) => {
      this.child.stdout!.on("data", (chunk: Buffer) => {
        stdout = (stdout + chunk.toString("utf8")).slice(-4096);
        const match = /worker (\S+) running on/.exec(stdout);
        if (match) {
          this.owner = match[1];
          resolve();
        }
      });
      void this.exited.then(() => reject(new Error(`worker exited before it was ready:\n${this.stderrText}`)));
    });
    this.ready.catch(() => undefined);
    this.child.stderr!.on("data", (chunk: Buffer) => {
      if (this.stderrText.length < 64 * 1024) this.stderrText += chunk.toString("utf8");
    });
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** The process group id (the wrapper's pid): the wrapper and the worker it runs. */
  get pgid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL to the whole group: nothing is cleaned up, leases are left to lapse. */
  async kill(): Promise<void> {
    if (this.alive && this.child.pid !== undefined) process.kill(-this.child.pid, "SIGKILL");
    await this.exited;
  }

  /** SIGTERM to the wrapper, which passes it on: the worker finishes what runs and closes the store. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.alive || this.child.pid === undefined) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.alive && process.kill(-this.child.pid!, "SIGKILL"), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
