/**
 * Hand-made requests to the built console (`next start`) over a real store, sent on bare sockets
 * so nothing normalises them first: tricky Host headers, forged Origin and Referer, paths whose
 * percent-encoding does not decode, methods Next cannot carry (TRACE, CONNECT, PROPFIND, made-up
 * ones). Each gets a 4xx with a JSON code (a bad page path: a 400 page), and none changes the
 * store.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsoleServer, type ConsoleServer } from "../../support/console-server";
import { rawRequest, type RawRequest } from "../support/raw-http";
import { storeChecksum } from "../support/store-checksum";
import { seedWaitingApprovals, type WaitingApprovals } from "../support/waiting-approvals";
import { HOST_VALUES, hostValue } from "./fixtures/host-values";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-hostile-"));
const storeFile = path.join(dir, "hostile.db");
const UNKNOWN_EXECUTION = "00000000-0000-4000-8000-000000000000";
let server: ConsoleServer;
let port: number;
let seeded: WaitingApprovals;
let checksumBefore: string;

const send = (request: RawRequest) => rawRequest(port, request);
const local = () => `127.0.0.1:${port}`;

beforeAll(async () => {
  seeded = await seedWaitingApprovals(storeFile, 1);
  server = await startConsoleServer({ DURABLE_STORE: storeFile, DURABLE_EXAMPLE_SWITCHES: path.join(dir, "switches.json") });
  port = Number(new URL(server.url).port);
  checksumBefore = storeChecksum(storeFile);
}, 240_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("Host", () => {
  it(`serves loopback names only, and refuses ${HOST_VALUES.length - 14} other or malformed values with 403 HOST_NOT_ALLOWED`, async () => {
    const wrong: string[] = [];
    for (const [template, verdict] of HOST_VALUES) {
      const host = hostValue(template, port);
      const answer = await send({ method: "GET", target: "/api/executions?limit=1", headers: [["Host", host]] });
      const expected = verdict === "loopback" ? "200" : "403 HOST_NOT_ALLOWED";
      const got = answer.status === 200 ? "200" : `${answer.status} ${answer.code}`;
      if (got !== expected) wrong.push(`${JSON.stringify(host.slice(0, 60))} (${verdict}): expected ${expected}, got ${got}`);
    }
    expect(wrong).toEqual([]);
  });

  it("refuses the userinfo trick on an action, and two Host headers", async () => {
    const { executionId } = seeded.waiting[0]!;
    for (const host of [`127.0.0.1:${port}@evil.example`, `localhost:1@evil.example`]) {
      const stop = await send({ method: "POST", target: `/api/executions/${executionId}/stop`, headers: [["Host", host]], body: "{}" });
      expect([stop.status, stop.code], host).toEqual([403, "HOST_NOT_ALLOWED"]);
    }
    const twice = await send({ method: "GET", target: "/api/executions", headers: [["Host", local()], ["Host", "evil.example"]] });
    expect([twice.status, twice.code]).toEqual([403, "HOST_NOT_ALLOWED"]);
  });
});

describe("Origin and Referer on actions", () => {
  it("lets the console's own origin through and refuses every forged one with 403 CROSS_SITE_REQUEST", async () => {
    const own = `http://${local()}`;
    const cases: Array<[Array<[string, string]>, "own" | "forged"]> = [
      [[["Origin", own]], "own"],
      [[["Origin", `HTTP://127.0.0.1:${port}`]], "own"],
      [[["Referer", `${own}/executions?status=FAILED`]], "own"],
      [[["Origin", `${own}@evil.example`]], "forged"],
      [[["Origin", `http://user@127.0.0.1:${port}`]], "forged"],
      [[["Origin", `${own}/`]], "forged"],
      [[["Origin", "http://evil.example"]], "forged"],
      [[["Origin", "null"]], "forged"],
      [[["Origin", `http://127.0.0.1:${port + 1}`]], "forged"],
      [[["Origin", `http://2130706433:${port}`]], "forged"],
      [[["Referer", "http://evil.example/page"]], "forged"],
      [[["Referer", `${own}@evil.example/executions`]], "forged"],
      [[["Referer", `http://evil.example/?${own}/`]], "forged"],
      [[["Origin", own], ["Sec-Fetch-Site", "cross-site"]], "forged"],
    ];
    const wrong: string[] = [];
    for (const [headers, kind] of cases) {
      const answer = await send({ method: "POST", target: `/api/executions/${UNKNOWN_EXECUTION}/stop`, headers: [["Host", local()], ...headers], body: "{}" });
      // The console's own origin reaches the route, which finds nothing to stop.
      const expected = kind === "own" ? "404 EXECUTION_NOT_FOUND" : "403 CROSS_SITE_REQUEST";
      if (`${answer.status} ${answer.code}` !== expected) wrong.push(`${JSON.stringify(headers)}: expected ${expected}, got ${answer.status} ${answer.code}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe("paths whose percent-encoding does not decode", () => {
  it("answers 400 BAD_PATH as JSON under /api", async () => {
    const cases: Array<[string, string]> = [
      ["GET", "/api/executions/%ZZ"],
      ["GET", "/api/executions/%"],
      ["GET", "/api/executions/%E2%98"],
      ["POST", "/api/callbacks/%C0%AF/succeed"],
      ["POST", "/api/executions/%FF%FE/stop"],
      ["GET", "/api/%ED%A0%80"],
      ["GET", "/api/executions/abc%2/history"],
    ];
    for (const [method, target] of cases) {
      const answer = await send({ method, target, body: method === "POST" ? "{}" : undefined, headers: [["Host", local()], ["Origin", `http://${local()}`]] });
      expect([answer.status, answer.code, answer.headers["content-type"]], `${method} ${target}`).toEqual([400, "BAD_PATH", "application/json"]);
    }
  });

  it("answers a 400 page for a page path", async () => {
    for (const target of ["/executions/%ZZ", "/executions/%E2%98?tab=history", "/%"]) {
      const answer = await send({ method: "GET", target });
      expect(answer.status, target).toBe(400);
      expect(answer.headers["content-type"], target).toMatch(/^text\/html/);
      expect(answer.body, target).toContain("Bad request");
    }
  });

  it("refuses a target that is not a path instead of redirecting to the host it names", async () => {
    for (const target of ["http://evil.example/api/executions", "*"]) {
      const answer = await send({ method: target === "*" ? "OPTIONS" : "GET", target });
      expect([answer.status, answer.code], target).toEqual([400, "BAD_PATH"]);
    }
  });
});

describe("methods no route serves", () => {
  it("answers 405 METHOD_NOT_ALLOWED as JSON with the route's Allow header", async () => {
    const routes: Array<[string, string]> = [
      ["/api/executions", "GET, POST"],
      [`/api/executions/${seeded.waiting[0]!.executionId}/stop`, "POST"],
      [`/api/callbacks/${seeded.waiting[0]!.callbackId}/succeed`, "POST"],
      ["/api/executions/counts", "GET"],
      ["/executions", "GET, HEAD"],
      [`/executions/${seeded.waiting[0]!.executionId}`, "GET, HEAD"],
      ["/", "GET, HEAD"],
    ];
    const wrong: string[] = [];
    for (const [target, allow] of routes) {
      for (const method of ["TRACE", "TRACK", "PROPFIND", "PURGE", "M-SEARCH"]) {
        const answer = await send({ method, target });
        const got = `${answer.status} ${answer.code} Allow: ${answer.headers.allow}`;
        if (got !== `405 METHOD_NOT_ALLOWED Allow: ${allow}`) wrong.push(`${method} ${target}: ${got}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("answers CONNECT and made-up methods 405 with JSON, and pages only read", async () => {
    const cases: Array<[string, string]> = [
      ["CONNECT", "/api/executions"],
      ["CONNECT", "127.0.0.1:22"],
      ["FOO", "/api/executions"],
      ["BREW", "/executions"],
      ["DELETE", "/executions"],
      ["POST", "/executions"],
      ["PUT", "/"],
    ];
    for (const [method, target] of cases) {
      const answer = await send({ method, target, body: method === "POST" || method === "PUT" ? "[]" : undefined });
      expect([answer.status, answer.code], `${method} ${target}`).toEqual([405, "METHOD_NOT_ALLOWED"]);
      expect(answer.headers.allow, `${method} ${target}`).toBeTruthy();
    }
  });

  it("keeps a method that is not served off an unknown API route: 404 ROUTE_NOT_FOUND", async () => {
    const answer = await send({ method: "TRACE", target: "/api/no-such-route" });
    expect([answer.status, answer.code]).toEqual([404, "ROUTE_NOT_FOUND"]);
  });
});

describe("bodies larger than the console reads", () => {
  // Next's proxy keeps the first 10 MiB of a body and drops the rest: a route would see a short
  // body. The gate answers from the Content-Length header, before any of the body is sent.
  const tooLarge = String(10 * 1024 * 1024 + 1);

  it("answers 413 PAYLOAD_TOO_LARGE as JSON on a console action", async () => {
    const { callbackId } = seeded.waiting[0]!;
    const answer = await send({
      method: "POST",
      target: `/api/callbacks/${callbackId}/succeed`,
      headers: [["Host", local()], ["Origin", `http://${local()}`], ["Content-Type", "application/json"], ["Content-Length", tooLarge]],
      body: "{",
      endAfterBody: true,
    });
    expect([answer.status, answer.code, answer.headers["content-type"]]).toEqual([413, "PAYLOAD_TOO_LARGE", "application/json"]);
  });

  it("answers 413 RequestTooLargeException on the Lambda API", async () => {
    const { callbackId } = seeded.waiting[0]!;
    const answer = await send({
      method: "POST",
      target: `/2025-12-01/durable-execution-callbacks/${encodeURIComponent(callbackId)}/succeed`,
      headers: [["Host", local()], ["Content-Length", tooLarge]],
      body: "x",
      endAfterBody: true,
    });
    expect([answer.status, answer.headers["x-amzn-errortype"]]).toEqual([413, "RequestTooLargeException"]);
  });
});

describe("the store", () => {
  it("is unchanged by every request above", () => {
    expect(storeChecksum(storeFile)).toBe(checksumBefore);
  });
});
