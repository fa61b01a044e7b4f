/**
 * The strict reading of Host, Origin and Referer (shared/auth/host): a table of tricky values, each
 * read as loopback, as another well-formed name, or refused as malformed. The same table is sent
 * to the built console in tests/security/hostile-requests.test.ts.
 */
import { describe, expect, it } from "vitest";
import { isLoopbackName, parseAuthority, parseOrigin, parseRefererOrigin, serializeOrigin } from "@/shared/auth/host";
import { HOST_VALUES, hostValue } from "./fixtures/host-values";

function verdictOf(value: string): string {
  const authority = parseAuthority(value);
  if (!authority) return "malformed";
  return isLoopbackName(authority.hostname) ? "loopback" : "other";
}

describe("Host values", () => {
  it(`reads each of ${HOST_VALUES.length} tricky values as loopback, another name, or malformed`, () => {
    expect(HOST_VALUES.length).toBeGreaterThanOrEqual(30);
    const wrong = HOST_VALUES.map(([template, verdict]) => [hostValue(template, 3000), verdict] as const)
      .filter(([value, verdict]) => verdictOf(value) !== verdict)
      .map(([value, verdict]) => `${JSON.stringify(value.slice(0, 60))}: expected ${verdict}, read ${verdictOf(value)}`);
    expect(wrong).toEqual([]);
  });

  it("keeps the port, and names in one canonical spelling", () => {
    expect(parseAuthority("LOCALHOST.:3000")).toEqual({ hostname: "localhost", port: 3000 });
    expect(parseAuthority("[0:0:0:0:0:0:0:1]")).toEqual({ hostname: "[::1]" });
    expect(parseAuthority("[::ffff:127.0.0.1]:80")).toEqual({ hostname: "[::ffff:7f00:1]", port: 80 });
  });
});

describe("Origin and Referer values", () => {
  const origins: Array<[string, string | undefined]> = [
    ["http://127.0.0.1:3000", "http://127.0.0.1:3000"],
    ["HTTP://LOCALHOST:3000", "http://localhost:3000"],
    ["https://console.example.com:443", "https://console.example.com"],
    ["http://[::1]:3000", "http://[::1]:3000"],
    ["null", undefined],
    ["http://127.0.0.1:3000@evil.example", undefined],
    ["http://user@127.0.0.1:3000", undefined],
    ["http://127.0.0.1:3000/", undefined],
    ["http://127.0.0.1:3000/path", undefined],
    ["ftp://127.0.0.1", undefined],
    ["http://2130706433:3000", undefined],
    ["http://127.0.0.1:3000, http://evil.example", undefined],
    ["http://", undefined],
    ["javascript:alert(1)", undefined],
  ];
  it.each(origins)("Origin %j reads as %j", (value, expected) => {
    const parsed = parseOrigin(value);
    expect(parsed ? serializeOrigin(parsed) : undefined).toBe(expected);
  });

  const referers: Array<[string, string | undefined]> = [
    ["http://127.0.0.1:3000/executions?status=FAILED", "http://127.0.0.1:3000"],
    ["http://127.0.0.1:3000", "http://127.0.0.1:3000"],
    ["http://127.0.0.1:3000@evil.example/executions", undefined],
    ["http://evil.example/?http://127.0.0.1:3000/", "http://evil.example"],
    ["//127.0.0.1:3000/x", undefined],
    ["not a url", undefined],
  ];
  it.each(referers)("Referer %j has the origin %j", (value, expected) => {
    const parsed = parseRefererOrigin(value);
    expect(parsed ? serializeOrigin(parsed) : undefined).toBe(expected);
  });
});
