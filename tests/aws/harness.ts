/**
 * One built console (`next start`) over a real SQLite file, and what the Lambda API tests drive it
 * with: a LambdaClient from `@aws-sdk/client-lambda` pointed at it (dummy credentials; loopback
 * needs no signature), a worker in this process running the test functions over the same file,
 * and the store itself, to claim an execution as a worker would and hand its token to "a handler
 * in another process" (the test, speaking the API).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { withDurableExecution } from "../../sdk";
import { DurableClient, FunctionRegistry, Worker } from "../../sdk/runtime";
import { SqliteStore } from "../../sdk/store/sqlite";
import { startConsoleServer, type ConsoleServer } from "../../support/console-server";

/** Functions no worker runs: their executions are claimed by the tests, which checkpoint by hand. */
export const REMOTE_FUNCTION = "remote-fn";

export interface AwsHarness {
  dir: string;
  store: SqliteStore;
  /** Starts executions of REMOTE_FUNCTION (and the worker's) straight in the store. */
  client: DurableClient;
  worker: Worker;
  server: ConsoleServer;
  lambda: LambdaClient;
  lambdaFor(url: string): LambdaClient;
  /** Claims the execution as a worker would; answers its checkpoint token. */
  claim(executionId: string): Promise<string>;
  close(): Promise<void>;
}

/** How the console is started: extra environment (authentication) and the address to listen on. */
export interface AwsServerOptions {
  env?: Record<string, string>;
  host?: string;
}

export async function startAwsHarness(register: (registry: FunctionRegistry) => void, serverOptions: AwsServerOptions = {}): Promise<AwsHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-aws-"));
  const storeFile = path.join(dir, "aws.db");
  const store = new SqliteStore({ path: storeFile });
  await store.init();
  const registry = new FunctionRegistry();
  register(registry);
  const worker = new Worker({ store, registry, pollIntervalMs: 20, retentionDays: null });
  worker.start();
  const remote = new FunctionRegistry();
  for (const fn of registry.list()) if (fn.kind === "durable") remote.register(fn.name, fn.handler, fn.options);
  remote.register(REMOTE_FUNCTION, withDurableExecution(async () => "never run: the tests checkpoint by hand"));
  const client = new DurableClient({ store, registry: remote });
  const server = await startConsoleServer({ ...serverOptions.env, DURABLE_STORE: storeFile }, { readyPath: "/api/functions/names", host: serverOptions.host });
  const lambdaFor = (url: string) =>
    new LambdaClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
  return {
    dir,
    store,
    client,
    worker,
    server,
    lambda: lambdaFor(server.url),
    lambdaFor,
    async claim(executionId) {
      const [claimed] = await store.scheduling.claimDue({
        now: Date.now(),
        owner: "test",
        leaseMs: 60_000,
        limit: 1,
        newToken: () => `token-${executionId}`,
        functionNames: [REMOTE_FUNCTION],
      });
      if (claimed?.executionId !== executionId) throw new Error(`expected to claim ${executionId}, got ${claimed?.executionId}`);
      return claimed.checkpointToken!;
    },
    async close() {
      await worker.stop();
      await server.stop();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The error a command failed with (the SDK's typed exception); fails the test when it succeeded. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the command to fail");
}

/** Polls until `read` gives something `done` accepts (the worker runs in this process, asynchronously). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
