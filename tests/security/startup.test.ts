/**
 * The console refuses to start on a non-loopback address without authentication, or with
 * settings it cannot parse, and says why without printing a secret: `durable dev` and
 * `durable console` before starting anything, and the Next server itself at startup (the check
 * its instrumentation hook runs, here in a process that listens as Next would; the hook inside a
 * real `next start` is exercised by e2e/security.e2e.ts).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const AUTH_VARS = ["DURABLE_CONSOLE_USERS", "DURABLE_CONSOLE_TOKEN", "DURABLE_CONSOLE_VIEWER_TOKEN", "DURABLE_CONSOLE_SESSION_SECRET", "DURABLE_REDACT_PATHS"];

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base = { ...process.env };
  for (const name of AUTH_VARS) delete base[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...base, NEXT_RUNTIME: "nodejs", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const cli = (args: string[], env?: Record<string, string>) => run([join(root, "bin", "durable.mjs"), ...args], env);
const nextStartup = (host: string, env?: Record<string, string>) =>
  // The server resolves `server-only` under the react-server condition; so does this stand-in.
  run(["--conditions=react-server", "--import", "tsx", join(__dirname, "fixtures", "listen-and-check.mts"), host], env);

describe("durable dev / durable console", () => {
  it("refuse 0.0.0.0, a LAN address and :: without authentication, before starting anything", async () => {
    for (const [command, host] of [
      ["dev", "0.0.0.0"],
      ["console", "0.0.0.0"],
      ["console", "192.168.1.20"],
      ["console", "::"],
    ] as const) {
      const result = await cli([command, "--host", host, "--store", "/nonexistent/dir/never-created.db"]);
      expect(result.code, `${command} ${host}`).toBe(2);
      expect(result.stderr).toContain(`Refusing to listen on ${host}`);
      expect(result.stderr).toMatch(/DURABLE_CONSOLE_TOKEN/);
      expect(result.stdout).not.toMatch(/console: http/);
    }
  });

  it("refuse settings they cannot parse, naming the problem but not the secret", async () => {
    const result = await cli(["console", "--host", "127.0.0.1"], {
      DURABLE_CONSOLE_USERS: "alice:admin:pw-alice-123,bob:viewer:short",
      DURABLE_CONSOLE_TOKEN: "tiny",
      DURABLE_REDACT_PATHS: "$.ok",
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/role must be viewer or operator/);
    expect(result.stderr).toMatch(/at least 8 characters/);
    expect(result.stderr).toMatch(/DURABLE_CONSOLE_TOKEN must be at least 16/);
    for (const secret of ["pw-alice-123", "short", "tiny"]) expect(result.stderr).not.toContain(secret);
    const paths = await cli(["console", "--host", "127.0.0.1"], { DURABLE_REDACT_PATHS: "card.number" });
    expect(paths.code).toBe(2);
    expect(paths.stderr).toMatch(/"card.number" is not a supported JSON path/);
  });

  it("hash-password prints a hash that signs in in place of the password", async () => {
    const child = spawn(process.execPath, [join(root, "bin", "durable.mjs"), "hash-password"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stdin.end("correct horse battery\n");
    await new Promise((resolve) => child.on("exit", resolve));
    const hash = stdout.trim();
    expect(hash).toMatch(/^scrypt:[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const { readAuthConfig } = await import("@/shared/auth/config");
    const { checkLogin } = await import("@/lib/server/auth/login");
    const config = readAuthConfig({ DURABLE_CONSOLE_USERS: `carol:operator:${hash}` });
    expect(checkLogin(config, { kind: "password", username: "carol", password: "correct horse battery" }).ok).toBe(true);
    expect(checkLogin(config, { kind: "password", username: "carol", password: "wrong horse battery" }).ok).toBe(false);
  });
});

describe("the Next server's own startup check", () => {
  it("exits, saying why, when it listens on 0.0.0.0 or every interface without authentication", async () => {
    for (const host of ["0.0.0.0", ""]) {
      const result = await nextStartup(host);
      expect(result.code, `host ${JSON.stringify(host)}`).toBe(1);
      expect(result.stderr).toMatch(/Refusing to listen on/);
      expect(result.stdout).not.toContain("serving");
    }
  });

  it("serves on loopback without authentication, and anywhere with it", async () => {
    expect((await nextStartup("127.0.0.1")).stdout).toContain("serving");
    const withToken = await nextStartup("0.0.0.0", { DURABLE_CONSOLE_TOKEN: "a-token-long-enough-1234" });
    expect(withToken.code).toBe(0);
    expect(withToken.stdout).toContain("serving");
    expect(withToken.stderr).not.toContain("a-token-long-enough-1234");
    const withUsers = await nextStartup("0.0.0.0", { DURABLE_CONSOLE_USERS: "alice:viewer:alice-password" });
    expect(withUsers.stdout).toContain("serving");
  });

  it("exits on settings it cannot parse, without printing them", async () => {
    const result = await nextStartup("127.0.0.1", { DURABLE_CONSOLE_USERS: "alice:root:alice-password-9" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/role must be viewer or operator/);
    expect(result.stderr).not.toContain("alice-password-9");
  });
});

describe("what counts as loopback", () => {
  it("127.0.0.0/8, ::1 and localhost names only", async () => {
    const { isLoopbackHost, bindingRefusal } = await import("@/shared/auth/binding");
    for (const host of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST", "console.localhost", "::ffff:127.0.0.1"]) {
      expect(isLoopbackHost(host), host).toBe(true);
      expect(bindingRefusal(host, false), host).toBeUndefined();
    }
    for (const host of ["0.0.0.0", "::", "", "192.168.1.2", "10.0.0.1", "127.0.0.1.evil.example", "localhost.evil.example", "128.0.0.1", "127.0.0.256"]) {
      expect(isLoopbackHost(host), host).toBe(false);
      expect(bindingRefusal(host, false), host).toMatch(/Refusing to listen/);
      expect(bindingRefusal(host, true), host).toBeUndefined();
    }
  });
});
