/**
 * Bad bundles are refused whole, by the CLI (exit 2 with a code) and the console API (4xx with
 * a code), and nothing changes anywhere: no import is written and the live store is untouched
 * (not even an audit record: refused input never became an action).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BundleError } from "@/lib/bundle/errors";
import { contentDigest, type IncidentBundle } from "@/lib/bundle/format";
import { readLimited } from "@/lib/bundle/read";
import { runInProcess } from "../cli/run-cli";
import { Callers, configureAuth, createHarness, ctx, startFailed, type SecurityHarness } from "../security/support";
import { storeChecksum } from "../support/store-checksum";

configureAuth();
process.env.DURABLE_REDACT_PATHS = "$.card.number";

let h: SecurityHarness;
let db: string;
let good: IncidentBundle;
const callers = new Callers();

beforeAll(async () => {
  h = await createHarness("bundle-bad-input");
  db = process.env.DURABLE_STORE!;
  const id = await startFailed(h, "bad-input-source");
  const out = join(h.dir, "good.json");
  const r = await runInProcess("bundle", "export", id, "--out", out, "--store", db);
  expect(r.code, r.stderr).toBe(0);
  good = JSON.parse(readFileSync(out, "utf8")) as IncidentBundle;
  await callers.signIn("operator");
});

afterAll(async () => {
  delete process.env.DURABLE_BUNDLE_MAX_BYTES;
  await h.close();
});

const copy = (): IncidentBundle => structuredClone(good);
const resealed = (bundle: IncidentBundle): IncidentBundle => ({ ...bundle, digest: { ...bundle.digest, value: contentDigest(bundle.content) } });
const bytesOf = (bundle: unknown) => Buffer.from(JSON.stringify(bundle));

function cases(): Array<{ name: string; bytes: Buffer; code: string; status: number; limit?: number }> {
  const newer = copy();
  newer.formatVersion = 2;
  const tampered = copy();
  tampered.content.execution.name = "someone-else";
  const wrongTypes = copy() as unknown as { content: { execution: Record<string, unknown>; history: unknown[] } };
  wrongTypes.content.execution.eventCount = "many";
  wrongTypes.content.history = [{ EventType: "NoSuchEvent", EventId: 1, EventTimestamp: "2026-01-01T00:00:00Z" }];
  const stranger = copy();
  stranger.content.operations[0]!.executionId = "another-execution";
  const whole = bytesOf(good);
  const gzipped = gzipSync(whole);
  const padded = Buffer.concat([whole.subarray(0, whole.length - 1), Buffer.alloc(200_000, " "), whole.subarray(whole.length - 1)]);
  return [
    { name: "a newer format version", bytes: bytesOf(resealed(newer)), code: "BUNDLE_VERSION_UNSUPPORTED", status: 400 },
    { name: "a tampered file (digest mismatch)", bytes: bytesOf(tampered), code: "BUNDLE_TAMPERED", status: 400 },
    { name: "wrong types inside (digest recomputed)", bytes: bytesOf(resealed(wrongTypes as unknown as IncidentBundle)), code: "BUNDLE_INVALID", status: 400 },
    { name: "records of another execution", bytes: bytesOf(resealed(stranger)), code: "BUNDLE_INVALID", status: 400 },
    { name: "not a bundle", bytes: bytesOf({ hello: "world" }), code: "BUNDLE_INVALID", status: 400 },
    { name: "a truncated file", bytes: whole.subarray(0, Math.floor(whole.length / 2)), code: "BUNDLE_MALFORMED", status: 400 },
    { name: "a truncated gzip file", bytes: gzipped.subarray(0, gzipped.length - 20), code: "BUNDLE_MALFORMED", status: 400 },
    { name: "not JSON", bytes: Buffer.from("\u0000\u0001 not json"), code: "BUNDLE_MALFORMED", status: 400 },
    { name: "a file over the size limit", bytes: whole, code: "BUNDLE_TOO_LARGE", status: 413, limit: whole.length - 1 },
    { name: "a gzip that inflates past the limit", bytes: gzipSync(padded), code: "BUNDLE_TOO_LARGE", status: 413, limit: whole.length + 1000 },
  ];
}

async function upload(bytes: Buffer): Promise<Response> {
  const { POST } = await import("@/app/api/bundles/route");
  const base = callers.request("operator-session", "POST", "/api/bundles");
  return POST(new Request(base.url, { method: "POST", headers: base.headers, body: new Uint8Array(bytes) }), ctx({}) as never);
}

describe("bad bundles", () => {
  it("each is refused by the CLI (exit 2) and the API (4xx) with its code, and nothing changes in any store", async () => {
    const liveBefore = storeChecksum(db);
    const importsDir = `${db}.imports`;
    for (const bad of cases()) {
      if (bad.limit) process.env.DURABLE_BUNDLE_MAX_BYTES = String(bad.limit);
      else delete process.env.DURABLE_BUNDLE_MAX_BYTES;
      const file = join(h.dir, "bad.bundle");
      writeFileSync(file, bad.bytes);
      const cli = await runInProcess("bundle", "import", file, "--store", db, "--json");
      expect(cli.code, bad.name).toBe(2);
      const error = (JSON.parse(cli.stderr) as { error: { code: string; message: string } }).error;
      expect(error.code, bad.name).toBe(bad.code);
      expect(error.message.length, bad.name).toBeGreaterThan(20);
      const response = await upload(bad.bytes);
      expect(response.status, bad.name).toBe(bad.status);
      expect(((await response.json()) as { error: { code: string } }).error.code, bad.name).toBe(bad.code);
      expect(existsSync(importsDir) ? readdirSync(importsDir) : [], bad.name).toEqual([]);
    }
    delete process.env.DURABLE_BUNDLE_MAX_BYTES;
    expect(storeChecksum(db)).toBe(liveBefore);
    // The good bundle itself imports (so each refusal above was the bad part's doing).
    const file = join(h.dir, "good-again.json");
    writeFileSync(file, bytesOf(good));
    expect((await runInProcess("bundle", "import", file, "--store", db)).code).toBe(0);
  });

  it("names the wrong fields of a bundle with wrong types", async () => {
    const wrong = copy() as unknown as { content: { execution: Record<string, unknown> } };
    wrong.content.execution.eventCount = "many";
    const response = await upload(bytesOf(resealed(wrong as unknown as IncidentBundle)));
    const body = (await response.json()) as { error: { details: Array<{ path: string }> } };
    expect(body.error.details.map((d) => d.path)).toContain("content.execution.eventCount");
  });

  it("counts an upload's bytes as they arrive and stops reading past the limit, before any parsing", async () => {
    let chunksRead = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        chunksRead += 1;
        yield new Uint8Array(1024);
      }
    }
    const refusal = await readLimited(endless(), 10 * 1024).catch((error: unknown) => error);
    expect(BundleError.is(refusal) && refusal.code).toBe("BUNDLE_TOO_LARGE");
    expect(chunksRead).toBe(11);
  });

  it("refuses an upload whose declared length is past the limit without reading it", async () => {
    process.env.DURABLE_BUNDLE_MAX_BYTES = "1000";
    try {
      const { POST } = await import("@/app/api/bundles/route");
      const base = callers.request("operator-session", "POST", "/api/bundles");
      const headers = new Headers(base.headers);
      headers.set("content-length", "5000000");
      const response = await POST(new Request(base.url, { method: "POST", headers, body: "x" }), ctx({}) as never);
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("BUNDLE_TOO_LARGE");
    } finally {
      delete process.env.DURABLE_BUNDLE_MAX_BYTES;
    }
  });
});
