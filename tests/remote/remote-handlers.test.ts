/**
 * Official-SDK handlers in their own process, end to end over real HTTP (system tier):
 * - the built console serves the Lambda API over a SQLite file;
 * - `durable serve-handlers` runs the order-processing workflow, wrapped by the official SDK, in
 *   a separate Node process that checkpoints through that API (AWS_ENDPOINT_URL_LAMBDA);
 * - a worker (in this process, over the same file) has order-processing registered as remote;
 * - the test drives everything with `@aws-sdk/client-lambda`: Invoke, GetDurableExecution,
 *   GetDurableExecutionHistory, SendDurableExecutionCallbackSuccess, CheckpointDurableExecution.
 * One server, one host process (restarted once by the SIGKILL test) and one worker for all tests.
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CheckpointDurableExecutionCommand,
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  InvokeCommand,
  LambdaClient,
  SendDurableExecutionCallbackSuccessCommand,
  type Event,
} from "@aws-sdk/client-lambda";
import { CloudDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import { handler as fanOut } from "../../examples/fan-out/fan-out";
import { notifiesEveryRecipient, stopsAfterTooManyFailures } from "../../examples/fan-out/fan-out.cases";
import { FunctionRegistry, Worker } from "../../sdk/runtime";
import { SqliteStore } from "../../sdk/store/sqlite";
import { startHandlerHostProcess, stopHandlerHostProcess } from "../../support/handler-host-process";
import { freePort, startConsoleServer, type ConsoleServer } from "../../support/console-server";
import { waitUntil } from "../support/wait";

const fixture = path.join(__dirname, "fixtures", "official-handlers.ts");

let dir: string;
let server: ConsoleServer;
let store: SqliteStore;
let worker: Worker;
let lambda: LambdaClient;
let hostPort: number;
let hostProcess: ChildProcess;

const startHost = () => startHandlerHostProcess({ modulePath: fixture, port: hostPort, endpointUrl: server.url, env: { REMOTE_FIXTURE_DIR: dir } });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-remote-"));
  const storeFile = path.join(dir, "durable.db");
  store = new SqliteStore({ path: storeFile });
  await store.init();
  server = await startConsoleServer({ DURABLE_STORE: storeFile });
  hostPort = await freePort();
  hostProcess = await startHost();
  // fan-out runs in this worker: the CloudDurableTestRunner test is about the API, not where the handler runs.
  const registry = new FunctionRegistry().registerRemote("order-processing", { endpoint: `http://127.0.0.1:${hostPort}` }).register("fan-out", fanOut);
  // A short lease, and an invocation timeout that a cold first invocation (the host loading the
  // SDK's client, the server its routes, on a busy machine) stays well inside but that keeps the
  // stalled-process test short; retries enough to outlast the host's restart in the SIGKILL test.
  worker = new Worker({ store, registry, pollIntervalMs: 50, leaseMs: 3_000, invocationTimeoutMs: 8_000, maxInvocationRetries: 8, onError: () => undefined });
  worker.start();
  lambda = new LambdaClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
});

afterAll(async () => {
  lambda?.destroy();
  await worker?.stop();
  if (hostProcess) await stopHandlerHostProcess(hostProcess);
  await server?.stop();
  await store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const order = (orderId: string, customerId: string) => ({
  orderId,
  customerId,
  items: [
    { sku: "KB-01", quantity: 1, unitPrice: 89.5 },
    { sku: "MS-02", quantity: 2, unitPrice: 24.99 },
  ],
  holdSeconds: 1,
});

async function invoke(name: string, payload: unknown): Promise<string> {
  const response = await lambda.send(
    new InvokeCommand({ FunctionName: "order-processing", InvocationType: "Event", DurableExecutionName: name, Payload: Buffer.from(JSON.stringify(payload)) }),
  );
  expect(response.StatusCode).toBe(202);
  expect(response.DurableExecutionArn).toBeDefined();
  return response.DurableExecutionArn!;
}

async function history(arn: string): Promise<Event[]> {
  const events: Event[] = [];
  let marker: string | undefined;
  do {
    const page = await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, Marker: marker, IncludeExecutionData: true }));
    events.push(...(page.Events ?? []));
    marker = page.NextMarker;
  } while (marker);
  return events;
}

/** Waits for the approval callback, answers it through the API, and returns the execution once it ended. */
async function approveAndFinish(arn: string) {
  let callbackId: string | undefined;
  let seen: Event[] = [];
  await waitUntil(() => `the approval callback to start; history so far: ${JSON.stringify(seen.map((e) => [e.EventType, e.Name, e.InvocationCompletedDetails?.Error]))}`, async () => {
    seen = await history(arn);
    callbackId = seen.find((e) => e.EventType === "CallbackStarted")?.CallbackStartedDetails?.CallbackId;
    return callbackId !== undefined;
  }, 45_000, 100);
  await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from(JSON.stringify({ approved: true, approver: "ops@example.com" })) }));
  let execution = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
  await waitUntil("the execution to end", async () => {
    execution = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
    return execution.Status !== "RUNNING";
  }, 30_000, 100);
  return execution;
}

const shipped = (orderId: string) => ({
  orderId,
  status: "SHIPPED",
  reservation: { reservationId: `rsv-${orderId}`, lines: 2 },
  payment: { chargeId: `ch-${orderId}-1`, amount: 139.48 },
  approval: { approved: true, approver: "ops@example.com" },
  shipment: { shipmentId: `shp-${orderId}`, carrier: "local-post" },
});

interface InvocationRecord {
  arn: string;
  token: string;
  requestId: string;
  outcome: Record<string, unknown>;
}

/** What the fixture wrote about each invocation it served (payload token, outcome). */
function invocationRecords(): InvocationRecord[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith("invocation-") && name.endsWith(".json"))
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as InvocationRecord);
}

describe("official-SDK handlers in their own process", () => {
  it("run order-processing end to end; the approval is answered with SendDurableExecutionCallbackSuccess", { timeout: 90_000 }, async () => {
    const arn = await invoke("remote-e2e", order("R-1", "cust-1"));
    const execution = await approveAndFinish(arn);
    expect(execution.Status).toBe("SUCCEEDED");
    expect(JSON.parse(execution.Result!)).toEqual(shipped("R-1"));
    const events = await history(arn);
    // (The approval's unnamed submitter step aside.)
    const stepNames = events.filter((e) => e.EventType === "StepSucceeded" && e.Name !== undefined).map((e) => e.Name);
    expect(stepNames).toEqual(["validate-order", "reserve-inventory", "process-payment", "create-shipment"]);
    // Started and suspended at the hold, then resumed to the end: every invocation completed
    // cleanly. Two at least, not three: the approval is answered as soon as its callback starts,
    // and the official SDK then reads the answer in a checkpoint response and goes on without
    // suspending at it.
    const completed = events.filter((e) => e.EventType === "InvocationCompleted");
    expect(completed.length).toBeGreaterThanOrEqual(2);
    expect(completed.every((e) => e.InvocationCompletedDetails?.Error === undefined)).toBe(true);
  });

  it("survives its handler process being SIGKILLed mid-step: the execution ends with the expected result", { timeout: 90_000 }, async () => {
    const arn = await invoke("remote-kill", order("R-2", "hang-once"));
    await waitUntil("the handler to hang inside reserve-inventory", () => fs.existsSync(path.join(dir, "hang-R-2.marker")), 30_000, 50);
    const killed = new Promise((resolve) => hostProcess.once("exit", (_code, signal) => resolve(signal)));
    hostProcess.kill("SIGKILL");
    expect(await killed).toBe("SIGKILL");
    hostProcess = await startHost();

    const execution = await approveAndFinish(arn);
    expect(execution.Status).toBe("SUCCEEDED");
    expect(JSON.parse(execution.Result!)).toEqual(shipped("R-2"));
    const events = await history(arn);
    // The cut-off invocation ended in an invocation error; the step ran again and succeeded once.
    const errors = events.filter((e) => e.EventType === "InvocationCompleted" && e.InvocationCompletedDetails?.Error !== undefined);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(events.filter((e) => e.EventType === "StepSucceeded" && e.Name === "reserve-inventory")).toHaveLength(1);
  });

  it("refuses a stale process's late checkpoint: the stalled invocation changes nothing", { timeout: 90_000 }, async () => {
    const arn = await invoke("remote-stale", order("R-3", "stall-once"));
    await waitUntil("the handler to stall inside reserve-inventory", () => fs.existsSync(path.join(dir, "stall-R-3.marker")), 30_000, 50);
    // The only invocation of this execution so far, still running.
    const stalled = invocationRecords().filter((r) => r.arn === arn);
    expect(stalled.map((r) => r.outcome)).toEqual([{ running: true }]);
    const stalledToken = stalled[0].token;
    // The worker gives up on the stalled invocation (its timeout) and invokes again; that run
    // gets past the step and waits for approval.
    const execution = await approveAndFinish(arn);
    expect(execution.Status).toBe("SUCCEEDED");
    const before = await history(arn);

    // Now the stalled invocation wakes up and checkpoints with the token it was given.
    fs.writeFileSync(path.join(dir, "release"), "");
    await waitUntil("the stalled invocation to answer", () => invocationRecords().some((r) => r.token === stalledToken && !r.outcome.running), 30_000, 50);
    const late = invocationRecords().find((r) => r.token === stalledToken)!;
    expect(late.outcome.Status).not.toBe("SUCCEEDED");
    // And the API refuses that token outright, with the service's typed error.
    const refused = await lambda
      .send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: stalledToken, Updates: [] }))
      .catch((error: unknown) => error as Error);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).name).toBe("InvalidParameterValueException");
    expect(await history(arn)).toEqual(before);
    expect(JSON.parse((await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }))).Result!)).toEqual(shipped("R-3"));
  });
});

describe("the official testing library's CloudDurableTestRunner, given a LambdaClient pointed at the console", () => {
  it("runs fan-out's test cases unchanged", { timeout: 90_000 }, async () => {
    const runner = () => new CloudDurableTestRunner({ functionName: "fan-out", client: lambda, config: { pollInterval: 100 } });
    await notifiesEveryRecipient(runner());
    await stopsAfterTooManyFailures(runner());
  });
});
