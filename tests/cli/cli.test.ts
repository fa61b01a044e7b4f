/**
 * The `durable` command end to end: a real SQLite file and a real worker process running the
 * examples. Commands run through the CLI's main function in this process (the same code the
 * `durable` process runs), and a few as real processes to check what the process itself does.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bin, cliRunner, inProcessRunner } from "./run-cli";
import { waitFor } from "../support/wait";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-cli-"));
const env = { ...process.env, DURABLE_STORE: path.join(dir, "cli.db"), DURABLE_EXAMPLE_SWITCHES: path.join(dir, "switches.json") };

const { durable, json } = inProcessRunner(env.DURABLE_STORE);
const processes = cliRunner(env);

const eventually = <T>(check: () => Promise<T | undefined>, what: string) => waitFor(what, check, 30_000, 250);

interface Execution {
  executionId: string;
  status: string;
  result?: string;
}

describe("durable CLI", () => {
  let worker: ChildProcess;
  beforeAll(() => {
    worker = spawn(process.execPath, [bin, "worker"], { env, stdio: "ignore" });
  });
  afterAll(() => {
    worker.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("starts an order, answers its approval, and reads the result and history", async () => {
    const order = { orderId: "cli-1", customerId: "c", items: [{ sku: "a", quantity: 2, unitPrice: 5 }], holdSeconds: 1 };
    const started = await json<{ execution: Execution; alreadyExisted: boolean }>("start", "order-processing", "--input", JSON.stringify(order), "--name", "cli-order-1");
    expect(started.alreadyExisted).toBe(false);
    const again = await json<{ execution: Execution; alreadyExisted: boolean }>("start", "order-processing", "--input", JSON.stringify(order), "--name", "cli-order-1");
    expect(again).toMatchObject({ alreadyExisted: true, execution: { executionId: started.execution.executionId } });
    const id = started.execution.executionId;

    const callbackId = await eventually(async () => {
      const events = (await json<{ Events: Array<{ EventType: string; CallbackStartedDetails?: { CallbackId: string } }> }>("history", id)).Events;
      return events.find((e) => e.EventType === "CallbackStarted")?.CallbackStartedDetails?.CallbackId;
    }, "the approval callback");
    expect((await durable("callback", "succeed", callbackId, "--result", '{"approved":true}')).code).toBe(0);
    const done = await eventually(async () => {
      const e = await json<Execution>("get", id);
      return e.status === "SUCCEEDED" ? e : undefined;
    }, "the order to succeed");
    expect(JSON.parse(done.result!)).toMatchObject({ status: "SHIPPED", shipment: { shipmentId: "shp-cli-1" } });

    const listed = await durable("list", "--status", "SUCCEEDED");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toMatch(/ID\s+NAME\s+FUNCTION\s+STATUS/);
  });

  it("stops, redrives and replays, with exit codes that mean something", async () => {
    const input = JSON.stringify({ orderId: "cli-2", customerId: "c", items: [{ sku: "a", quantity: 1, unitPrice: 1 }], holdSeconds: 3600 });
    const { execution } = await json<{ execution: Execution }>("start", "order-processing", "--input", input);
    expect((await durable("stop", execution.executionId, "--reason", "customer cancelled")).code).toBe(0);
    expect((await json<Execution>("get", execution.executionId)).status).toBe("STOPPED");
    // stopping again: wrong state (as a real process: its exit code is the command's)
    expect(processes.durable("stop", execution.executionId).code).toBe(4);
    expect((await durable("redrive", execution.executionId)).code).toBe(0);
    expect((await json<Execution>("get", execution.executionId)).status).toBe("RUNNING");
    const replay = await json<Execution>("replay", execution.executionId);
    expect(replay.executionId).not.toBe(execution.executionId);

    expect(processes.durable("get", "no-such-execution").code).toBe(3);
    expect((await durable("start", "order-processing", "--input", "{not json")).code).toBe(2);
    expect((await durable("start", "no-such-function", "--input", "{}")).code).toBe(3);
    expect((await durable("callback", "succeed", "bogus-callback-id")).code).toBe(3);
    const usage = processes.durable("frobnicate");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("unknown command frobnicate");
    const jsonUsage = processes.durable("--json", "list", "--statu", "FAILED");
    expect(jsonUsage.code).toBe(2);
    expect(JSON.parse(jsonUsage.stderr)).toEqual({ error: { code: "VALIDATION_ERROR", message: "unknown flag --statu; did you mean --status?" } });
  });
});
