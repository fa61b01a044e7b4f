/**
 * A second `next start` of the built console beside Playwright's own server, for journeys that
 * need other settings (authentication on, another host). The caller stops it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const NEXT_BIN = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
const AUTH_VARS = ["DURABLE_CONSOLE_USERS", "DURABLE_CONSOLE_TOKEN", "DURABLE_CONSOLE_VIEWER_TOKEN", "DURABLE_CONSOLE_SESSION_SECRET"];

export interface NextServer {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `next start` with the runner's environment minus any auth settings, plus `env`. */
export function nextStart(host: string, port: number, env: Record<string, string>): NextServer {
  const base: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  for (const name of AUTH_VARS) delete base[name];
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-H", host, "-p", String(port)], { env: { ...base, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Waits until `url` answers 2xx, or fails with the server's output. */
export async function waitUntilServing(server: NextServer, url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (server.child.exitCode !== null || Date.now() > deadline) throw new Error(`the console at ${url} did not start:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function stopServer(server: NextServer | undefined): Promise<void> {
  if (server && server.child.exitCode === null) {
    server.child.kill("SIGTERM");
    await server.exited;
  }
}
