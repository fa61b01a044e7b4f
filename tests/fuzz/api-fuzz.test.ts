/**
 * Fuzz: thousands of malformed requests to the running console (the built app, `next start`)
 * over a real SQLite store. Every answer must be a 4xx with a machine-readable code, none a 5xx,
 * and the store must be unchanged afterwards (checksum of its contents).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsoleServer, type ConsoleServer } from "../../support/console-server";
import { rawRequest } from "../support/raw-http";
import { storeChecksum } from "../support/store-checksum";
import { seededRandom } from "../support/seeded-random";
import { seedWaitingApprovals } from "../support/waiting-approvals";
import { generate, type FuzzRequest, type FuzzTargets } from "./malformed-requests";

const REQUESTS = 5000;
const CONCURRENCY = 8;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-fuzz-"));
const storeFile = path.join(dir, "fuzz.db");
let server: ConsoleServer;
let targets: FuzzTargets;

/** Executions in several states, one waiting on a callback; the worker stopped afterwards. */
async function seed(): Promise<FuzzTargets> {
  const { waiting, succeededExecutionId } = await seedWaitingApprovals(storeFile, 1);
  return { executionId: succeededExecutionId, runningExecutionId: waiting[0]!.executionId, callbackId: waiting[0]!.callbackId };
}

async function send(request: FuzzRequest, base: string): Promise<{ status: number; code: unknown }> {
  if (request.raw) {
    const fill = (text: string) => text.replaceAll("{origin}", base).replaceAll("{port}", new URL(base).port);
    const answer = await rawRequest(Number(new URL(base).port), {
      method: request.method,
      target: fill(request.path),
      headers: request.raw.headers.map(([name, value]) => [name, fill(value)]),
      body: request.body,
      endAfterBody: request.raw.endAfterBody,
    });
    // A page answers HTML; its class is named instead of a code.
    const code = request.page && /^text\/html/.test(answer.headers["content-type"] ?? "") ? "(page)" : answer.code;
    return { status: answer.status, code };
  }
  const res = await fetch(`${base}${request.path}`, {
    method: request.method,
    headers: request.body !== undefined ? { "content-type": request.contentType ?? "application/json", origin: base } : { origin: base },
    body: request.body,
  });
  const text = await res.text();
  let code: unknown;
  try {
    code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: res.status, code };
}

describe("console API fuzz", () => {
  beforeAll(async () => {
    targets = await seed();
    // A page is the first request: the store is opened by the page graph, and every API error
    // below must still be recognised across module graphs (sdk/utils/brand).
    server = await startConsoleServer({ DURABLE_STORE: storeFile, DURABLE_EXAMPLE_SWITCHES: path.join(dir, "switches.json") }, { readyPath: "/executions" });
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`answers ${REQUESTS} malformed requests with 4xx codes and changes nothing`, async () => {
    const before = storeChecksum(storeFile);
    const requests = generate(REQUESTS, targets, seededRandom(20261127));
    /** class -> outcome ("403 HOST_NOT_ALLOWED") -> count */
    const byClass = new Map<string, Map<string, number>>();
    const failures: string[] = [];
    let next = 0;
    const work = async () => {
      while (next < requests.length) {
        const request = requests[next++];
        const { status, code } = await send(request, server.url);
        const outcomes = byClass.get(request.kind) ?? new Map<string, number>();
        byClass.set(request.kind, outcomes.set(`${status} ${String(code)}`, (outcomes.get(`${status} ${String(code)}`) ?? 0) + 1));
        if (status < 400 || status >= 500 || typeof code !== "string") {
          if (failures.length < 20) failures.push(`${request.kind} ${request.method} ${request.path.slice(0, 120)} ${(request.body ?? "").slice(0, 80)} -> ${status} ${String(code)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, work));
    const figures = [...byClass].map(([kind, outcomes]) => {
      const count = [...outcomes.values()].reduce((sum, n) => sum + n, 0);
      return `${kind.padEnd(26)} ${String(count).padStart(5)}  ${[...outcomes].map(([outcome, n]) => `${outcome} ×${n}`).join(", ")}`;
    });
    console.log(`fuzz: ${requests.length} requests in ${byClass.size} classes\n${figures.join("\n")}`);
    expect(failures).toEqual([]);
    expect(storeChecksum(storeFile)).toBe(before);
  }, 600_000);
});
