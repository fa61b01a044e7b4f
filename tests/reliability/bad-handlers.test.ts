/**
 * Handlers that misbehave: throw values that are not Errors, return undefined, return what JSON
 * cannot hold, return results past the limits, log megabytes, or (registered raw, without
 * withDurableExecution) hand the runtime odd invocation outputs or throw synchronously. Each
 * execution ends with a clear result or a clear FAILED (a readable ErrorType and ErrorMessage),
 * and the worker process never crashes (not even on a promise rejection a handler leaves
 * unhandled): afterwards the same process still serves executions.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DurableClient } from "../../sdk/runtime";
import { SqliteStore } from "../../sdk/store/sqlite";
import type { ExecutionRecord } from "../../sdk/store/types";
import type { ErrorObject } from "../../sdk/types/wire";
import { allLogs, checkWholeHistory } from "./support/history-checks";
import { waitUntil, WorkerProcess } from "./support/processes";

type Expectation = { status: "SUCCEEDED"; result?: unknown } | { status: "FAILED"; type: string | RegExp; message: string | RegExp };

const failed = (type: string | RegExp, message: string | RegExp): Expectation => ({ status: "FAILED", type, message });

const CASES: Record<string, Expectation> = {
  "throw-string": failed("Error", "a plain string went wrong"),
  "throw-number": failed("Error", "42"),
  "throw-null": failed("Error", "Non-error value thrown: null"),
  "throw-undefined": failed("Error", "Non-error value thrown: undefined"),
  "throw-object": failed("Error", '{"code":"E_ORDER","detail":{"orderId":"A-1"}}'),
  "throw-cyclic": failed(/.+/, /CyclicThing/),
  "throw-symbol": failed("Error", "Symbol(odd)"),
  "throw-proxy": failed("Error", /.+/),
  "return-undefined": { status: "SUCCEEDED" },
  "return-bigint": failed("SerdesError", /BigInt/i),
  "return-cyclic": failed("SerdesError", /circular/i),
  "return-too-large": failed(/.+/, /large|limit|bytes/i),
  "step-throws-string": failed("StepError", "step string"),
  "step-throws-cyclic": failed("StepError", /CyclicThing/),
  "step-returns-bigint": failed(/.+/, /BigInt/i),
  "step-returns-too-large": failed(/.+/, /large|limit|bytes/i),
  "log-megabytes": { status: "SUCCEEDED", result: "still here" },
  // Reported on the worker's stderr; the process lives on.
  "leaks-rejection": { status: "SUCCEEDED", result: "served anyway" },
  "raw-returns-undefined": failed("InvalidHandlerOutput", /.+/),
  "raw-returns-number": failed("InvalidHandlerOutput", /.+/),
  "raw-returns-bigint": failed("InvalidHandlerOutput", /.+/),
  "raw-unknown-status": failed("InvalidHandlerOutput", /DONE/),
  "raw-result-not-string": failed("InvalidHandlerOutput", /Result/),
  "raw-error-not-object": failed("Error", "just text"),
  "raw-error-bad-fields": failed("5", '{"nested":true}'),
  "raw-throws-string": failed("Error", "raw string"),
  "raw-sync-throw": failed("Error", "thrown before any promise"),
  "raw-sync-value": failed("InvalidHandlerOutput", /.+/),
  "raw-status-bigint": failed("InvalidHandlerOutput", /10n/),
  // Resolving a promise with it reads its `then`, which throws: that error is the outcome.
  "raw-hostile-output": failed("Error", "no property access for you"),
  "raw-error-instance": failed("RangeError", "an Error where an ErrorObject belongs"),
  "raw-error-huge": failed("Huge", /larger than/),
};

let dir: string;
let store: SqliteStore;
let worker: WorkerProcess;
let client: DurableClient;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "durable-bad-handlers-"));
  const storePath = join(dir, "durable.db");
  store = new SqliteStore({ path: storePath, busyTimeoutMs: 30_000 });
  await store.init();
  client = new DurableClient({ store });
  worker = new WorkerProcess({ storePath, side: { invocations: join(dir, "invocations.log"), bodies: join(dir, "bodies.log") }, leaseMs: 5000 });
  await worker.ready;
});
afterAll(async () => {
  if (worker?.alive) await worker.kill();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function isReadable(error: ErrorObject | undefined): boolean {
  return (
    typeof error?.ErrorType === "string" &&
    error.ErrorType.length > 0 &&
    typeof error.ErrorMessage === "string" &&
    error.ErrorMessage.length > 0 &&
    (error.StackTrace === undefined || (Array.isArray(error.StackTrace) && error.StackTrace.every((l) => typeof l === "string"))) &&
    JSON.stringify(error).length < 100_000
  );
}

describe("handlers that misbehave", () => {
  it("each end with a clear result or a clear failure, and the worker process keeps serving", async () => {
    const ids = new Map<string, string>();
    for (const name of Object.keys(CASES)) {
      const { execution } = await client.startExecution({ functionName: name, input: "{}" });
      ids.set(name, execution.executionId);
    }
    let executions: ExecutionRecord[] = [];
    // Raw handlers with invalid outputs are invocation errors, retried 3 times with backoff (1 + 2 + 4 s).
    await waitUntil(
      "every misbehaving execution to end",
      async () => {
        executions = await Promise.all([...ids.values()].map(async (id) => (await store.executions.get(id))!));
        return executions.every((e) => e.status !== "RUNNING");
      },
      60_000,
      250,
    ).catch((error: Error) => {
      const running = [...ids].filter(([, id]) => executions.find((e) => e.executionId === id)?.status === "RUNNING").map(([name]) => name);
      throw new Error(`${error.message}; still RUNNING: ${running.join(", ")}\nworker stderr:\n${worker.stderr.slice(0, 3000)}`);
    });
    expect(worker.alive, worker.stderr).toBe(true);

    const outcomes: string[] = [];
    for (const [name, expected] of Object.entries(CASES)) {
      const execution = (await store.executions.get(ids.get(name)!))!;
      outcomes.push(`${name}: ${execution.status} ${execution.error ? `${execution.error.ErrorType}: ${execution.error.ErrorMessage?.slice(0, 80)}` : execution.result?.slice(0, 40) ?? "(no result)"}`);
      expect(execution.status, name).toBe(expected.status);
      if (expected.status === "SUCCEEDED") {
        expect(execution.result === undefined ? undefined : JSON.parse(execution.result), name).toEqual(expected.result);
      } else {
        expect(isReadable(execution.error), `${name}: ${JSON.stringify(execution.error)?.slice(0, 300)}`).toBe(true);
        expect(execution.error!.ErrorType, name).toMatch(expected.type instanceof RegExp ? expected.type : new RegExp(`^${expected.type}$`));
        if (expected.message instanceof RegExp) expect(execution.error!.ErrorMessage, name).toMatch(expected.message);
        else expect(execution.error!.ErrorMessage, name).toBe(expected.message);
      }
      expect((await checkWholeHistory(store, execution.executionId)).problems, name).toEqual([]);
    }

    expect(worker.stderr).toContain("a rejection nobody handles");

    // Megabytes of logs are kept, each line cut to a bounded size with a visible mark.
    const logs = await allLogs(store, ids.get("log-megabytes")!);
    expect(logs.length).toBeGreaterThanOrEqual(42);
    for (const log of logs) expect(log.message.length + (log.data?.length ?? 0)).toBeLessThan(200 * 1024);
    expect(logs.some((log) => /more characters cut/.test(log.message))).toBe(true);

    // The same worker process still runs ordinary executions.
    const { execution } = await client.startExecution({ functionName: "wait-for-job", input: JSON.stringify({ jobId: "after", pollsUntilDone: 1 }) });
    await waitUntil("the ordinary execution to finish", async () => (await store.executions.get(execution.executionId))?.status !== "RUNNING", 30_000);
    const after = (await store.executions.get(execution.executionId))!;
    expect(after.status).toBe("SUCCEEDED");
    expect(JSON.parse(after.result!)).toEqual({ jobId: "after", polls: 1, link: "https://downloads.local/after.csv" });
    expect(worker.alive).toBe(true);
    expect((await worker.stop()).code, worker.stderr).toBe(0);
    console.log(`[bad handlers] ${Object.keys(CASES).length} misbehaving handlers, worker pid ${worker.pid} survived:\n  ${outcomes.join("\n  ")}`);
  }, 100_000);
});
