/**
 * LEASE_NOT_RENEWED for real: a `durable worker` process runs an invocation and is SIGKILLed
 * mid-step. Its heartbeat row goes silent, its lease is left to lapse, and nobody else has its
 * function: the client API, `durable list --stuck` and `durable workers` (separate processes)
 * all name the dead worker.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DurableClient } from "../../sdk/runtime";
import { SqliteStore } from "../../sdk/store/sqlite";
import { WorkerProcess } from "../../support/worker-process";
import { projectRoot, runCli } from "./support/processes";
import { waitFor } from "../support/wait";

// A worker counts as dead after three silent heartbeats: a second apart, a stall of this busy
// machine does not make the live worker look dead, and the lease (renewed every third of it)
// outlasts the test's look at the dead worker while it still holds the lease.
const LEASE_MS = 15_000;
const HEARTBEAT_MS = 1000;
const fixture = join(projectRoot, "tests", "reliability", "fixtures", "stuck-functions.ts");

const dir = mkdtempSync(join(tmpdir(), "durable-stuck-"));
const storePath = join(dir, "durable.db");
const store = new SqliteStore({ path: storePath, busyTimeoutMs: 30_000 });
let worker: WorkerProcess | undefined;
afterAll(async () => {
  if (worker?.alive) await worker.kill();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a SIGKILLed worker", () => {
  it("leaves its execution stuck with LEASE_NOT_RENEWED naming it, seen by the client and the CLI", async () => {
    await store.init();
    worker = new WorkerProcess({ launch: "worker", storeUrl: storePath, functionsModule: fixture, noExamples: true, leaseMs: LEASE_MS, heartbeatMs: HEARTBEAT_MS });
    await worker.ready;
    const owner = worker.owner!;
    const client = new DurableClient({ store });
    const { execution } = await client.startExecution({ functionName: "hangs-in-step" });
    const id = execution.executionId;

    const explainedWhen = (ok: (d: Awaited<ReturnType<typeof client.explainExecution>>) => boolean) => async () => {
      const d = await client.explainExecution(id);
      return ok(d) ? d : undefined;
    };
    const running = await waitFor("the invocation to start", explainedWhen((d) => d.waitingOn[0]?.kind === "invocation"), 20_000);
    expect(running.waitingOn[0]).toMatchObject({ invocation: { workerId: owner, workerAlive: true } });
    expect(running.stuck).toEqual([]);
    expect((await client.listWorkers()).map((w) => [w.workerId, w.alive, w.functions])).toEqual([[owner, true, ["hangs-in-step"]]]);

    await worker.kill();
    // Silent for three heartbeats: dead, while its lease still runs.
    const dead = await waitFor("the dead worker's lease to be flagged", explainedWhen((d) => d.stuck.some((r) => r.code === "LEASE_NOT_RENEWED")), 20_000);
    expect(dead.stuck.map((r) => r.code).sort()).toEqual(["LEASE_NOT_RENEWED", "NO_LIVE_WORKER"]);
    expect(dead.stuck.find((r) => r.code === "LEASE_NOT_RENEWED")).toMatchObject({ workerId: owner });
    expect(dead.stuck.find((r) => r.code === "LEASE_NOT_RENEWED")!.message).toContain("is not alive (its last heartbeat was");

    // Judged 10 s on: the lease has lapsed and nobody took over.
    const later = new DurableClient({ store, clock: { now: () => Date.now() + LEASE_MS + 10_000 } });
    expect((await later.explainExecution(id)).stuck.find((r) => r.code === "LEASE_NOT_RENEWED")!.message).toContain("stopped renewing it: it lapsed at");

    const cli = await runCli(["list", "--stuck", "--store", storePath]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(id);
    expect(cli.stdout).toMatch(new RegExp(`LEASE_NOT_RENEWED: Worker ${owner} holds the lease`));
    expect(cli.stdout).toContain("1 stuck");
    const json = await runCli(["list", "--stuck", "--json", "--store", storePath]);
    expect(JSON.parse(json.stdout)).toMatchObject({ stuckCount: 1, items: [{ executionId: id }] });
    const workers = await runCli(["workers", "--json", "--store", storePath]);
    expect(JSON.parse(workers.stdout)).toEqual([expect.objectContaining({ workerId: owner, alive: false })]);
    const bad = await runCli(["list", "--stuck", "--status", "RUNNING", "--store", storePath]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--status does not apply to list --stuck");
  });
});
