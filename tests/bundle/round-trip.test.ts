/**
 * Incident bundles on real data: executions run by a worker over a real SQLite file with payloads
 * the redaction rules match, exported by the CLI and the console API, imported read-only in a
 * store of their own, shown by the console's routes, refused every action, listed and removed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentDigest, type IncidentBundle } from "@/lib/bundle/format";
import { ImportedBundles } from "@/lib/bundle/imports";
import { REDACTED } from "@/lib/redaction/redact";
import { runInProcess } from "../cli/run-cli";
import { CARD, Callers, SSN, configureAuth, createHarness, ctx, startWaitingPayment, type SecurityHarness } from "../security/support";
import { storeChecksum } from "../support/store-checksum";
import { waitUntil } from "../support/wait";

configureAuth();
process.env.DURABLE_REDACT_PATHS = "$.card.number, $..ssn, $.charge.card.number";

type Handler = (request: Request, context: never) => Promise<Response>;

let h: SecurityHarness;
let db: string;
const callers = new Callers();
let waiting: { executionId: string; callbackId: string };
let done: { executionId: string; callbackId: string };

beforeAll(async () => {
  h = await createHarness("bundle-round-trip");
  db = process.env.DURABLE_STORE!;
  waiting = await startWaitingPayment(h, "bundle-waiting");
  done = await startWaitingPayment(h, "bundle-done");
  await h.client.sendCallbackSuccess(done.callbackId, JSON.stringify({ approved: true, customer: { ssn: SSN } }));
  await waitUntil("the answered payment to succeed", async () => {
    await h.worker.drain();
    return (await h.client.getExecution(done.executionId)).status === "SUCCEEDED";
  }, 30_000, 10);
  await callers.signIn("operator");
  // An audited action on the execution, for its audit trail: stopping a finished run is refused (409).
  const stop = await call(async () => (await import("@/app/api/executions/[id]/stop/route")).POST as Handler, "POST", `/api/executions/${done.executionId}/stop`, { id: done.executionId }, {});
  expect(stop.status).toBe(409);
});

afterAll(async () => {
  await h.close();
});

function call(load: () => Promise<Handler>, method: string, path: string, params: Record<string, string>, body?: unknown): Promise<Response> {
  return load().then((handler) => handler(callers.request("operator-session", method, path, body === undefined ? {} : { body }), ctx(params) as never));
}

async function upload(bytes: Buffer): Promise<Response> {
  const { POST } = await import("@/app/api/bundles/route");
  const base = callers.request("operator-session", "POST", "/api/bundles");
  const headers = new Headers(base.headers);
  headers.set("content-type", "application/octet-stream");
  return POST(new Request(base.url, { method: "POST", headers, body: new Uint8Array(bytes) }), ctx({}) as never);
}

const cli = (...args: string[]) => runInProcess(...args, "--store", db);
const file = (name: string) => join(h.dir, name);
const importsDir = () => `${db}.imports`;
const importedList = () => new ImportedBundles(importsDir()).list();

describe("export", () => {
  it("the CLI writes one redacted, sealed file with the execution, operations, whole history, logs, audit trail and versions", async () => {
    const out = file("done.json");
    const r = await cli("bundle", "export", done.executionId, "--out", out, "--json");
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(out, "utf8");
    for (const secret of [CARD, SSN, done.callbackId]) expect(text).not.toContain(secret);
    const bundle = JSON.parse(text) as IncidentBundle;
    expect(bundle).toMatchObject({ format: "durable-console/incident-bundle", formatVersion: 1, digest: { algorithm: "sha-256" } });
    expect(bundle.digest.value).toBe(contentDigest(bundle.content));
    const { content } = bundle;
    expect(content.execution).toMatchObject({ executionId: done.executionId, status: "SUCCEEDED", functionName: "payments" });
    expect(content.operations.map((r) => r.operation.Name)).toEqual(expect.arrayContaining(["charge", "approve"]));
    expect(content.history.length).toBe((await h.client.getHistory(done.executionId, { limit: 1000 })).items.length);
    expect(content.history.at(-1)!.EventType).toBe("ExecutionSucceeded");
    expect(content.logs.map((l) => l.message)).toContain("charged");
    expect(content.audit).toEqual([expect.objectContaining({ action: "execution.stop", outcome: "failed", errorCode: "INVALID_STATE" })]);
    expect(content.producer).toMatchObject({ name: "durable-console", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(content.runtime).toMatchObject({ sdkVersion: content.producer.version, storeKind: "sqlite", function: { name: "payments", kind: "durable" } });
    // The redaction says its rules and every replaced value, and each listed value reads [REDACTED].
    expect(content.redaction.rules).toEqual(["$.card.number", "$..ssn", "$.charge.card.number"]);
    const listed = content.redaction.redacted.map((r) => `${r.location} ${r.path}`);
    expect(listed).toEqual(
      expect.arrayContaining([
        "execution.inputPayload $.card.number",
        "execution.inputPayload $.customer.ssn",
        "execution.result $.charge.card.number",
        "execution.result $.customer.ssn",
        "logs[0].data $.card.number",
        "execution.result $.decision -> $.customer.ssn",
      ]),
    );
    expect(listed.some((l) => /^operations\[\d+\]\.operation\.StepDetails\.Result \$\.card\.number$/.test(l))).toBe(true);
    expect(listed.some((l) => /^history\[\d+\]\.ExecutionStartedDetails\.Input\.Payload \$\.customer\.ssn$/.test(l))).toBe(true);
    expect(JSON.parse(content.execution.inputPayload!)).toMatchObject({ card: { number: REDACTED }, customer: { ssn: REDACTED } });
    expect(content.redaction.callbackIdsReplaced).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: out, digest: bundle.digest.value });
  });

  it("the console API answers the bundle as a download, gzipped when asked, callback ids replaced", async () => {
    const load = async () => (await import("@/app/api/executions/[id]/bundle/route")).GET as Handler;
    const plain = await call(load, "GET", `/api/executions/${waiting.executionId}/bundle`, { id: waiting.executionId });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-disposition")).toBe(`attachment; filename="bundle-payments-${waiting.executionId}.json"`);
    const text = await plain.text();
    for (const secret of [CARD, SSN, waiting.callbackId]) expect(text).not.toContain(secret);
    const bundle = JSON.parse(text) as IncidentBundle;
    const callback = bundle.content.operations.find((r) => r.operation.Type === "CALLBACK")!;
    expect(callback.operation.CallbackDetails!.CallbackId).toBe("redacted-callback-1");
    const gz = await call(load, "GET", `/api/executions/${waiting.executionId}/bundle?gzip=1`, { id: waiting.executionId });
    expect(gz.headers.get("content-type")).toBe("application/gzip");
    const inflated = JSON.parse(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString("utf8")) as IncidentBundle;
    expect(inflated.content.execution.executionId).toBe(waiting.executionId);
  });
});

describe("import", () => {
  let imported: string;

  it("opens the bundle read-only in its own store: same routes, live store untouched, a second import is the first", async () => {
    const out = file("waiting.json.gz");
    expect((await cli("bundle", "export", waiting.executionId, "--out", out)).code).toBe(0);
    // Untouched but for its audit log, which records the import (as the console's import does).
    const before = storeChecksum(db, { except: ["audit_log"] });
    const first = await cli("bundle", "import", out, "--json");
    expect(first.code, first.stderr).toBe(0);
    const answer = JSON.parse(first.stdout) as { bundle: { executionId: string; originalExecutionId: string; bundleId: string }; alreadyImported: boolean };
    expect(answer).toMatchObject({ alreadyImported: false, bundle: { originalExecutionId: waiting.executionId, executionId: expect.stringMatching(/^imported-[0-9a-f]{24}$/) } });
    imported = answer.bundle.executionId;
    const again = JSON.parse((await cli("bundle", "import", out, "--json")).stdout) as { alreadyImported: boolean };
    expect(again.alreadyImported).toBe(true);
    expect(importedList().map((b) => b.executionId)).toEqual([imported]);
    expect(storeChecksum(db, { except: ["audit_log"] })).toBe(before);
    const imports = (await h.store.audit.list({ limit: 100 })).items.filter((r) => r.action === "bundle.import");
    expect(imports).toHaveLength(2);
    expect(imports[0]).toMatchObject({ actor: expect.stringMatching(/^cli:/), outcome: "succeeded", details: { bundleId: answer.bundle.bundleId, originalExecutionId: waiting.executionId } });
    expect((await h.client.listExecutions({ limit: 100 })).items.map((e) => e.executionId)).not.toContain(imported);

    const read = (load: () => Promise<Handler>, path: string) => call(load, "GET", path, { id: imported });
    const execution = await read(async () => (await import("@/app/api/executions/[id]/route")).GET as Handler, `/api/executions/${imported}`);
    expect(execution.status).toBe(200);
    expect(await execution.json()).toMatchObject({ executionId: imported, name: "bundle-waiting", functionName: "payments", status: "RUNNING" });
    const history = await read(async () => (await import("@/app/api/executions/[id]/history/route")).GET as Handler, `/api/executions/${imported}/history`);
    const events = ((await history.json()) as { events: Array<{ EventType: string; CallbackStartedDetails?: { CallbackId: string } }> }).events;
    expect(events[0]!.EventType).toBe("ExecutionStarted");
    expect(events.find((e) => e.EventType === "CallbackStarted")!.CallbackStartedDetails!.CallbackId).toBe(`${imported}-callback-1`);
    const operations = await read(async () => (await import("@/app/api/executions/[id]/operations/route")).GET as Handler, `/api/executions/${imported}/operations`);
    expect(((await operations.json()) as Array<{ Name?: string }>).map((o) => o.Name)).toEqual(expect.arrayContaining(["charge", "approve"]));
    const logs = await read(async () => (await import("@/app/api/executions/[id]/logs/route")).GET as Handler, `/api/executions/${imported}/logs`);
    expect(JSON.stringify(await logs.json())).toContain("charged");
  });

  it("refuses every action on the imported execution (409 IMPORTED_READ_ONLY), and no worker runs it", async () => {
    const refusals: Array<[string, () => Promise<Handler>, unknown]> = [
      ["stop", async () => (await import("@/app/api/executions/[id]/stop/route")).POST as Handler, {}],
      ["redrive", async () => (await import("@/app/api/executions/[id]/redrive/route")).POST as Handler, { force: true }],
      ["replay", async () => (await import("@/app/api/executions/[id]/replay/route")).POST as Handler, {}],
      ["rerun", async () => (await import("@/app/api/executions/[id]/rerun/route")).POST as Handler, { fromOperationId: "x", force: true }],
    ];
    const liveBefore = (await h.client.listExecutions({ limit: 100 })).items.length;
    for (const [action, load, body] of refusals) {
      const response = await call(load, "POST", `/api/executions/${imported}/${action}`, { id: imported }, body);
      expect(response.status, action).toBe(409);
      expect(((await response.json()) as { error: { code: string } }).error.code, action).toBe("IMPORTED_READ_ONLY");
    }
    const callbackId = `${imported}-callback-1`;
    const answer = await call(async () => (await import("@/app/api/callbacks/[callbackId]/succeed/route")).POST as Handler, "POST", `/api/callbacks/${callbackId}/succeed`, { callbackId }, { result: "{}" });
    expect(answer.status).toBe(409);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe("IMPORTED_READ_ONLY");
    const bulk = await call(async () => (await import("@/app/api/executions/bulk/route")).POST as Handler, "POST", "/api/executions/bulk", {}, { action: "stop", executionIds: [imported] });
    expect(JSON.stringify(await bulk.json())).toContain("IMPORTED_READ_ONLY");

    await h.worker.drain();
    expect((await h.client.listExecutions({ limit: 100 })).items.length).toBe(liveBefore);
    const bundleId = imported.slice("imported-".length);
    const store = (await new ImportedBundles(importsDir()).storeOf(bundleId))!;
    try {
      expect(await store.scheduling.claimDue({ now: Date.now() + 365 * 86_400_000, owner: "probe", leaseMs: 1000, limit: 10, newToken: () => "t" })).toEqual([]);
      expect((await store.executions.get(imported))!.status).toBe("RUNNING");
    } finally {
      await store.close();
    }
  });

  it("the console imports an upload (201, then 200 for the same file), lists it and removes it", async () => {
    const bytes = readFileSync(file("done.json"));
    const created = await upload(bytes);
    expect(created.status, await created.clone().text()).toBe(201);
    const { bundle } = (await created.json()) as { bundle: { bundleId: string; executionId: string } };
    expect((await upload(bytes)).status).toBe(200);
    const { GET: list } = await import("@/app/api/bundles/route");
    const listed = (await (await list(callers.request("operator-session", "GET", "/api/bundles"), ctx({}) as never)).json()) as { bundles: Array<{ bundleId: string }> };
    expect(listed.bundles.map((b) => b.bundleId)).toContain(bundle.bundleId);
    const one = await import("@/app/api/bundles/[bundleId]/route");
    const removed = await one.DELETE(callers.request("operator-session", "DELETE", `/api/bundles/${bundle.bundleId}`), ctx({ bundleId: bundle.bundleId }) as never);
    expect(removed.status).toBe(200);
    expect((await one.GET(callers.request("operator-session", "GET", `/api/bundles/${bundle.bundleId}`), ctx({ bundleId: bundle.bundleId }) as never)).status).toBe(404);
    const gone = await call(async () => (await import("@/app/api/executions/[id]/route")).GET as Handler, "GET", `/api/executions/${bundle.executionId}`, { id: bundle.executionId });
    expect(gone.status).toBe(404);
    // The CLI removes too, and a second removal says there is nothing to remove (exit 3).
    const id = importedList()[0]!.bundleId;
    expect((await cli("bundle", "remove", id)).code).toBe(0);
    expect((await cli("bundle", "remove", id)).code).toBe(3);
    const removals = (await h.store.audit.list({ limit: 100 })).items.filter((r) => r.action === "bundle.remove" && r.actor.startsWith("cli:"));
    expect(removals.map((r) => r.details?.bundleId)).toContain(id);
    expect(importedList()).toEqual([]);
  });
});

