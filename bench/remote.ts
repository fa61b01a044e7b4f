/**
 * W1 out of process: the same 1,000 sequential steps as W1, but the handler runs in its own
 * process (`durable serve-handlers`, official SDK) and every checkpoint travels over HTTP to the
 * built console's Lambda API, which commits it to the same kind of SQLite file (synchronous=FULL).
 * The worker (in this process) invokes it in Lambda's invoke shape. Its baseline is the
 * in-process W1 of the same run, per step, so the ratio is the cost of the HTTP path (target:
 * at most 3x).
 */
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { DurableClient, FunctionRegistry, Worker } from "../sdk/runtime";
import { SqliteStore } from "../sdk/store/sqlite";
import { freePort, startConsoleServer, type ConsoleServer } from "../support/console-server";
import { startHandlerHostProcess, stopHandlerHostProcess } from "../support/handler-host-process";
import { performance, runToCompletion, tempDbPath, type Harness } from "./workloads";

type Record = (name: string, value: number, unit: string, baseline: number | null, target?: string) => void;

const STEPS = 1000;

export async function remoteW1Bench(record: Record, inProcessSecondsFor1000: number): Promise<void> {
  const storeFile = tempDbPath("remote");
  const store = new SqliteStore({ path: storeFile, synchronous: "FULL" });
  await store.init();
  let server: ConsoleServer | undefined;
  let host: ChildProcess | undefined;
  let worker: Worker | undefined;
  try {
    server = await startConsoleServer({ DURABLE_STORE: storeFile });
    const port = await freePort();
    host = await startHandlerHostProcess({ modulePath: path.join(__dirname, "fixtures", "remote-steps.ts"), port, endpointUrl: server.url });
    const registry = new FunctionRegistry().registerRemote("w1-remote", { endpoint: `http://127.0.0.1:${port}` });
    worker = new Worker({ store, registry, maxConcurrency: 128, onError: () => undefined });
    const client = new DurableClient({ store, registry });
    const h: Harness = { store, worker, client, clock: { now: () => Date.now() }, close: async () => undefined };
    const run = async (steps: number, name: string) => {
      const { execution } = await client.startExecution({ functionName: "w1-remote", name, input: JSON.stringify({ steps }) });
      const started = performance.now();
      await runToCompletion(h, [execution.executionId]);
      const seconds = (performance.now() - started) / 1000;
      const ended = await store.executions.get(execution.executionId);
      if (ended?.status !== "SUCCEEDED") throw new Error(`out-of-process W1 ended ${ended?.status}: ${JSON.stringify(ended?.error)}`);
      return seconds;
    };
    // Warm: the console compiles its API routes and the host loads the SDK on first use.
    await run(200, "warm");
    const seconds = await run(STEPS, "measured");
    const perStepMs = (seconds * 1000) / STEPS;
    const inProcessPerStepMs = (inProcessSecondsFor1000 * 1000) / STEPS;
    record("W1 out of process: 1,000 steps, official-SDK handler over the Lambda API", STEPS / seconds, "steps/s", STEPS / inProcessSecondsFor1000);
    record("W1 out of process per step (baseline: in-process W1 per step)", perStepMs, "ms", inProcessPerStepMs, "ratio <= 3");
  } finally {
    await worker?.stop();
    if (host) await stopHandlerHostProcess(host);
    await server?.stop();
    await store.close();
  }
}
