/**
 * Runs the built console (`next start`) on a free loopback port over a given store, for tests and
 * the bench that speak HTTP to the real app. Builds it first when no build exists (under the same lock as every
 * other build here: two builds at once would starve this 2-core machine).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const root = path.resolve(__dirname, "..");

export interface ConsoleServer {
  url: string;
  stop(): Promise<void>;
}

export interface ConsoleServerOptions {
  /**
   * What to ask until the server answers (default an API route). The first request opens the
   * store in its module graph: a page path makes a page the one that opens it.
   */
  readyPath?: string;
  /** The address to listen on (default 127.0.0.1); another one needs authentication configured. */
  host?: string;
}

export async function startConsoleServer(env: Record<string, string>, options: ConsoleServerOptions = {}): Promise<ConsoleServer> {
  ensureBuilt();
  const host = options.host ?? "127.0.0.1";
  const port = await freePort(host);
  const nextBin = require.resolve("next/dist/bin/next", { paths: [root] });
  const child: ChildProcess = spawn(process.execPath, [nextBin, "start", "-H", host, "-p", String(port)], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += String(d)));
  child.stderr?.on("data", (d) => (output += String(d)));
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}${options.readyPath ?? "/api/functions/names"}`);
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Builds the console unless a build exists (under the build lock). */
export function ensureBuilt(): void {
  if (fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  const result = spawnSync("flock", ["/tmp/next-build.lock", "npx", "next", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) throw new Error("next build failed");
}

/** A free TCP port on 127.0.0.1 (or on `host`). */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
