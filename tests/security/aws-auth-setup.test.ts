/**
 * The parts of the Lambda-compatible API's authentication that come before a signature: the
 * access keys read from DURABLE_CONSOLE_ACCESS_KEYS / DURABLE_CONSOLE_ACCESS_KEYS_FILE (checked at
 * startup with the other auth settings), and the loopback verdict the request gate stamps from the
 * socket, which a client cannot forge.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AuthConfigError, readAuthConfig } from "@/shared/auth/config";
import { PEER_HEADER, isLoopbackAddress, peerOf, peerOfMessage, stampPeer } from "@/lib/server/auth/peer";
import { startupProblem } from "@/lib/server/auth/startup";

const dir = mkdtempSync(join(tmpdir(), "aws-keys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problemsOf(env: Record<string, string>): string[] {
  try {
    readAuthConfig(env);
  } catch (error) {
    if (error instanceof AuthConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("access keys", () => {
  it("are read from the variable and the file together, each with its role", () => {
    const file = join(dir, "keys");
    writeFileSync(file, "# keys for CI\n\nFILEKEY01:viewer:file-secret-0123456789\n  OTHER.KEY_2:operator:other-secret-0123456789  \n");
    const config = readAuthConfig({ DURABLE_CONSOLE_ACCESS_KEYS: "ENVKEY01:operator:env-secret-012345678", DURABLE_CONSOLE_ACCESS_KEYS_FILE: file });
    expect(config.accessKeys).toEqual([
      { keyId: "ENVKEY01", role: "operator", secret: "env-secret-012345678" },
      { keyId: "FILEKEY01", role: "viewer", secret: "file-secret-0123456789" },
      { keyId: "OTHER.KEY_2", role: "operator", secret: "other-secret-0123456789" },
    ]);
    // Keys are for the AWS API only: the console's own pages and /api stay as they were.
    expect(config.enabled).toBe(false);
  });

  it("every problem is named, by source and entry, without the secret", () => {
    const file = join(dir, "bad-keys");
    writeFileSync(file, "ENVKEY01:viewer:dup-secret-0123456789\nFILEKEY02 viewer secret\n");
    const secrets = ["short-secret", "admin-secret-0123456789", "dup-secret-0123456789", "with space secret-0123"];
    const problems = problemsOf({
      DURABLE_CONSOLE_ACCESS_KEYS: "ENVKEY01:operator:env-secret-012345678,SHORT01:viewer:short-secret,ADMIN01:admin:admin-secret-0123456789,a/b:viewer:some-secret-01234567,SPACED:viewer:with space secret-0123",
      DURABLE_CONSOLE_ACCESS_KEYS_FILE: file,
    });
    expect(problems).toEqual([
      "DURABLE_CONSOLE_ACCESS_KEYS entry 2 (SHORT01): the secret must have at least 16 characters, without spaces or commas",
      "DURABLE_CONSOLE_ACCESS_KEYS entry 3 (ADMIN01): role must be viewer or operator",
      "DURABLE_CONSOLE_ACCESS_KEYS entry 4: the key id must be 3-128 letters, digits or . _ -",
      "DURABLE_CONSOLE_ACCESS_KEYS entry 5 (SPACED): the secret must have at least 16 characters, without spaces or commas",
      "DURABLE_CONSOLE_ACCESS_KEYS_FILE line 1 (ENVKEY01): key ENVKEY01 is listed twice",
      "DURABLE_CONSOLE_ACCESS_KEYS_FILE line 2 is not keyId:role:secret",
    ]);
    for (const secret of secrets) expect(problems.join("\n")).not.toContain(secret);
  });

  it("a key file that cannot be read stops the server at startup", () => {
    const problem = startupProblem({ DURABLE_CONSOLE_ACCESS_KEYS_FILE: join(dir, "missing") }, ["127.0.0.1"]);
    expect(problem).toMatch(/DURABLE_CONSOLE_ACCESS_KEYS_FILE: cannot read .*missing.* \(ENOENT\)/);
    expect(startupProblem({ DURABLE_CONSOLE_ACCESS_KEYS: "GOODKEY:operator:good-secret-0123456789" }, ["127.0.0.1"])).toBeUndefined();
  });

  it("do not let the console listen off loopback without its own authentication", () => {
    const problem = startupProblem({ DURABLE_CONSOLE_ACCESS_KEYS: "GOODKEY:operator:good-secret-0123456789" }, ["0.0.0.0"]);
    expect(problem).toMatch(/Refusing to listen on 0\.0\.0\.0/);
  });
});

function message(remoteAddress: string | undefined, headers: Record<string, string>): IncomingMessage {
  const rawHeaders = Object.entries(headers).flat();
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { headers: lower, rawHeaders, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe("loopback, from the socket", () => {
  it("loopback addresses are 127/8, ::1 and IPv4-mapped 127/8; nothing else", () => {
    for (const address of ["127.0.0.1", "127.10.20.30", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ["10.0.0.1", "192.168.1.5", "::ffff:10.0.0.1", "fe80::1", "::", "0.0.0.0", "128.0.0.1", undefined]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });

  it("the gate's stamp replaces whatever the client sent under its name", () => {
    const forged = message("192.0.2.7", { Host: "console.example", "X-Durable-Console-Peer": "loopback 127.0.0.1" });
    stampPeer(forged);
    expect(forged.headers[PEER_HEADER]).toBe("remote 192.0.2.7");
    expect(forged.rawHeaders.map((value) => value.toLowerCase())).not.toContain(PEER_HEADER);
    const local = message("::ffff:127.0.0.1", { Host: "localhost:3000" });
    stampPeer(local);
    expect(local.headers[PEER_HEADER]).toBe("loopback ::ffff:127.0.0.1");
  });

  it("a loopback socket with a forwarding header came through a proxy: remote", () => {
    for (const header of ["X-Forwarded-For", "Forwarded", "X-Real-IP"]) {
      expect(peerOfMessage(message("127.0.0.1", { [header]: "203.0.113.9" })).kind, header).toBe("remote");
    }
    expect(peerOfMessage(message("127.0.0.1", {})).kind).toBe("loopback");
  });

  it("a handler believes the stamp only when the gate is installed in its process", () => {
    const request = new Request("http://localhost/2025-12-01/functions/f/durable-executions", { headers: { [PEER_HEADER]: "loopback 127.0.0.1" } });
    expect(peerOf(request, true)).toEqual({ kind: "loopback", address: "127.0.0.1" });
    expect(peerOf(request, false)).toEqual({ kind: "remote" });
    expect(peerOf(new Request("http://localhost/"), true)).toEqual({ kind: "remote" });
  });
});
