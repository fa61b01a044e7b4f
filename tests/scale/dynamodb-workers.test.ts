/**
 * Many workers on one DynamoDB table: three `durable worker` processes on DynamoDB Local run 300
 * executions of the examples (order approvals answered here through DurableClient, from the
 * approvals inbox) and of an at-most-once fixture; one worker is SIGKILLed half-way. Its leases
 * lapse and the others take its executions over. Afterwards every execution has ended with the
 * result its input implies, and no at-most-once step body ran twice for one attempt.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DurableClient } from "../../sdk/runtime";
import { DynamoStore } from "../../sdk/store/dynamodb";
import type { ExecutionRecord } from "../../sdk/store/types";
import { startDynamoLocal, type DynamoLocal } from "../../support/dynamodb-local";
import { WorkerProcess, projectRoot } from "../../support/worker-process";
import { WAREHOUSES, planWorkload, type Planned } from "./workload";

const EXECUTIONS = 300;
const WORKERS = 3;
const LEASE_MS = 2000;
const CONCURRENCY = 48;
/**
 * A liveness bound, not a speed target: alone 500 executions took ~85 s, but on this shared host with
 * another test file beside it one run took past 150 s (388 of 583 ended). Speed is in the bench.
 */
const DEADLINE_MS = 270_000;

let local: DynamoLocal | undefined;
let store: DynamoStore | undefined;
let dir: string | undefined;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  local = await startDynamoLocal();
}, 90_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await store?.close();
  await local?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every execution of the table, by name, through the status index (no scan). */
async function allExecutions(s: DynamoStore): Promise<Map<string, ExecutionRecord>> {
  const byName = new Map<string, ExecutionRecord>();
  for (let cursor: string | undefined; ; ) {
    const page = await s.executions.list({ limit: 1000, cursor });
    for (const e of page.items) byName.set(`${e.functionName}/${e.name}`, e);
    if (!page.nextCursor) return byName;
    cursor = page.nextCursor;
  }
}

/** Answers pending order approvals from the inbox (gsi2 `PCBF#order-processing`), each once. */
function startApprover(s: DynamoStore, client: DurableClient, plans: Planned[]) {
  const approveByName = new Map(plans.filter((p) => p.functionName === "order-processing").map((p) => [p.name, p.approve === true]));
  const answered = new Set<string>();
  const problems: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const page = await s.callbacks.listPending({ functionName: "order-processing", limit: 200 });
        await Promise.all(
          page.items
            .filter((c) => !answered.has(c.callbackId))
            .map(async (c) => {
              answered.add(c.callbackId);
              const approve = approveByName.get(c.executionName);
              await client.sendCallbackSuccess(c.callbackId, approve ? JSON.stringify({ approved: true, approver: "scale-test" }) : JSON.stringify({ approved: false }));
            }),
        );
      } catch (error) {
        problems.push(String(error));
      }
      await sleep(200);
    }
  })();
  return {
    answered,
    problems,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

describe("three worker processes on DynamoDB Local", () => {
  it(`complete ${EXECUTIONS} executions with one worker SIGKILLed half-way`, async () => {
    dir = mkdtempSync(path.join(tmpdir(), "durable-scale-"));
    const bodyFile = path.join(dir, "bodies.log");
    const switches = path.join(dir, "switches.json");
    writeFileSync(bodyFile, "");
    writeFileSync(switches, JSON.stringify(Object.fromEntries(WAREHOUSES.map((w) => [`warehouse-${w}-up`, true]))));
    const table = `scale-${process.pid}-${Date.now().toString(36)}`;
    store = new DynamoStore({ table, region: "us-east-1", endpoint: local!.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    await store.createTable();
    const s = store;
    const client = new DurableClient({ store: s });

    const started = Date.now();
    for (let i = 0; i < WORKERS; i++) {
      workers.push(
        new WorkerProcess({
          storeUrl: local!.url(table),
          functionsModule: path.join(projectRoot, "tests", "scale", "fixtures", "functions.ts"),
          leaseMs: LEASE_MS,
          concurrency: CONCURRENCY,
          env: { SCALE_BODY_FILE: bodyFile, DURABLE_EXAMPLE_SWITCHES: switches, DURABLE_RETENTION_DAYS: "0" },
        }),
      );
    }
    await Promise.all(workers.map((w) => w.ready));
    // A worker says it is running once its functions are published, and startExecution checks them.
    const plans = planWorkload(EXECUTIONS, "scale");
    const published = new Set((await s.functions.list()).map((f) => f.name));
    expect([...new Set(plans.map((p) => p.functionName))].filter((name) => !published.has(name))).toEqual([]);
    const workersUp = Date.now();

    const approver = startApprover(s, client, plans);
    for (let i = 0; i < plans.length; i += 25) {
      await Promise.all(
        plans.slice(i, i + 25).map((p) => client.startExecution({ functionName: p.functionName, name: p.name, input: JSON.stringify(p.input) })),
      );
    }
    const allStarted = Date.now();

    // Half-way (by ended executions), one worker dies with whatever it holds.
    const victim = workers[0]!;
    let killedAt = 0;
    let heldAtKill = 0;
    let halfway = 0;
    for (;;) {
      const counts = await s.executions.countByStatus({});
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      const ended = total - counts.RUNNING;
      if (!killedAt && ended >= EXECUTIONS / 2) {
        halfway = ended;
        heldAtKill = (await allExecutionsHeldBy(s, victim.owner!)).length;
        await victim.kill();
        killedAt = Date.now();
      }
      if (total >= EXECUTIONS && counts.RUNNING === 0) break;
      if (Date.now() - started > DEADLINE_MS) {
        const stuck = await describeRunning(s, approver.answered);
        throw new Error(`not done after ${DEADLINE_MS} ms: ${JSON.stringify(counts)}\n${stuck}\nstderr of the workers:\n${workers.map((w) => w.stderr.slice(-2000)).join("\n---\n")}`);
      }
      await sleep(250);
    }
    const finished = Date.now();
    await approver.stop();

    // Every execution ended with the result its input implies (child credit checks included).
    const executions = await allExecutions(s);
    const wrong: string[] = [];
    for (const plan of plans) {
      const e = executions.get(`${plan.functionName}/${plan.name}`);
      if (!e) wrong.push(`${plan.name}: missing`);
      else if (e.status !== "SUCCEEDED") wrong.push(`${plan.name}: ${e.status} ${JSON.stringify(e.error)}`);
      else if (!deepEqual(JSON.parse(e.result ?? "null"), plan.expected)) {
        wrong.push(`${plan.name}: ${e.result} != ${JSON.stringify(plan.expected)}`);
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    const children = [...executions.values()].filter((e) => e.functionName === "credit-check");
    expect(children.length).toBe(plans.filter((p) => p.functionName === "customer-onboarding").length);
    expect(children.every((e) => e.status === "SUCCEEDED")).toBe(true);
    expect(approver.problems).toEqual([]);

    // At most once per attempt: no (execution, step, attempt) body ran twice.
    const lines = readFileSync(bodyFile, "utf8").split("\n").filter(Boolean);
    const seen = new Map<string, number>();
    for (const line of lines) {
      const [, executionId, step, attempt] = line.split(" ");
      const key = `${executionId} ${step} ${attempt}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const twice = [...seen].filter(([, n]) => n > 1).map(([key]) => key);
    expect(twice).toEqual([]);
    // Every step's body ran (its successful attempt at least). A step whose START a killed worker
    // checkpointed but whose body it never reached is retried as its next attempt.
    const ledgerSteps = plans.filter((p) => p.functionName === "ledger").reduce((n, p) => n + (p.input as { charges: number[] }).charges.length, 0);
    const stepsRun = new Set([...seen.keys()].map((key) => key.split(" ").slice(0, 2).join(" ")));
    expect(stepsRun.size).toBe(ledgerSteps);
    const retriedAttempts = seen.size - ledgerSteps;

    expect(killedAt).toBeGreaterThan(0);
    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    console.log(
      [
        `[dynamodb workers] ${EXECUTIONS} executions (+${children.length} chained credit checks) on ${WORKERS} worker processes, lease ${LEASE_MS} ms, concurrency ${CONCURRENCY} each`,
        `  workers up in ${seconds(workersUp - started)} s; ${EXECUTIONS} started in ${seconds(allStarted - workersUp)} s; all ended ${seconds(finished - workersUp)} s after the workers were up`,
        `  worker ${victim.owner} SIGKILLed after ${halfway} had ended, holding ${heldAtKill} leases; the rest ended ${seconds(finished - killedAt)} s later`,
        `  ${((EXECUTIONS + children.length) / ((finished - workersUp) / 1000)).toFixed(1)} executions/s overall; ${approver.answered.size} approvals answered from the inbox`,
        `  at-most-once: ${lines.length} step bodies ran for ${ledgerSteps} steps (${retriedAttempts} more attempts after the kill), none twice for one attempt`,
      ].join("\n"),
    );
  }, DEADLINE_MS + 90_000);
});

async function allExecutionsHeldBy(s: DynamoStore, owner: string): Promise<ExecutionRecord[]> {
  const running = await s.executions.list({ statuses: ["RUNNING"], limit: 1000 });
  return running.items.filter((e) => e.leaseOwner === owner && (e.leaseExpiresAt ?? 0) > Date.now());
}

/** What a stuck run needs to be diagnosed: each RUNNING execution's lease, wake time, operations and last events. */
async function describeRunning(s: DynamoStore, answered: Set<string>): Promise<string> {
  const running = await s.executions.list({ statuses: ["RUNNING"], limit: 20 });
  const now = Date.now();
  const parts: string[] = [];
  for (const e of running.items) {
    const operations = await s.operations.list(e.executionId);
    const history = await s.history.list(e.executionId, { limit: 1000 });
    const ops = operations.map(({ operation: o, runtime }) => {
      const callbackId = o.CallbackDetails?.CallbackId;
      const callback = callbackId ? ` cb answered=${answered.has(callbackId)}` : "";
      return `${o.Type}:${o.Name ?? ""}:${o.Status}${callback}${runtime ? ` runtime=${JSON.stringify(runtime)}` : ""}`;
    });
    const events = history.items.slice(-12).map((h) => JSON.stringify(h));
    parts.push(
      [
        `${e.functionName}/${e.name} ${e.executionId} version=${e.version} lease=${e.leaseOwner ?? "-"} leaseLeftMs=${e.leaseExpiresAt ? e.leaseExpiresAt - now : "-"} wakeInMs=${e.nextWakeAt ? e.nextWakeAt - now : "-"}`,
        `  operations: ${ops.join(", ")}`,
        `  last events:\n    ${events.join("\n    ")}`,
      ].join("\n"),
    );
  }
  return parts.join("\n");
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
