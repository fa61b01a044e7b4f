/**
 * A `durable serve-handlers` OS process for tests and the bench: a module's Lambda handlers in
 * their own Node process, checkpointing through the console at `endpointUrl`. Launched straight
 * to cli/main.ts through tsx (no wrapper), so `child.pid` is the host itself and a SIGKILL
 * reaches it directly.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const projectRoot = path.resolve(__dirname, "..");
const requireHere = createRequire(__filename);

export interface HandlerHostProcessOptions {
  modulePath: string;
  port: number;
  /** The console the handlers checkpoint through. */
  endpointUrl: string;
  env?: Record<string, string>;
}

/** Starts the host and resolves once it listens (it printed its "serving" line). */
export async function startHandlerHostProcess(options: HandlerHostProcessOptions): Promise<ChildProcess> {
  const args = [
    "--import",
    requireHere.resolve("tsx"),
    path.join(projectRoot, "cli", "main.ts"),
    "serve-handlers",
    options.modulePath,
    "--port",
    String(options.port),
    "--endpoint-url",
    options.endpointUrl,
  ];
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...options.env },
  });
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-8192)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-8192);
      if (output.includes("serving ")) resolve();
    });
    child.once("exit", (code, signal) => reject(new Error(`serve-handlers exited (${code ?? signal}):\n${output}`)));
  });
  return child;
}

/** Stops the host (SIGTERM) and waits for it to exit; nothing when it already has. */
export async function stopHandlerHostProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}
