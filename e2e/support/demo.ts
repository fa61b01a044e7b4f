/**
 * A real worker running the example functions over a real SQLite store, plus a demo data set
 * with executions in every state. Used by the e2e global setup (the worker lives in the
 * Playwright runner process while the console, a separate `next start`, reads the same file).
 */
import { registerExamples } from "../../examples";
import { DurableClient, FunctionRegistry, Worker } from "../../sdk/runtime";
import type { ExecutionView } from "../../sdk/runtime";
import { DynamoStore, parseDynamoUrl } from "../../sdk/store/dynamodb";
import { openStore } from "../../sdk/store/open";
import type { DurableStore } from "../../sdk/store/types";
import type { ExecutionStatus } from "../../sdk/types/wire";
import { warehouseSwitch } from "../../examples/inventory-sync/inventory-sync";
import { setSwitch } from "../../examples/support/switches";
import { order as orderInput } from "./orders";
import { waitFor } from "../../tests/support/wait";

export interface DemoRuntime {
  store: DurableStore;
  client: DurableClient;
  worker: Worker;
  stop(): Promise<void>;
}

export function exampleRegistry(): FunctionRegistry {
  return registerExamples(new FunctionRegistry());
}

/**
 * Playwright's loader compiles static imports only, so the DynamoDB store (which openStore loads
 * lazily) is constructed here directly when the journeys run on DynamoDB.
 */
async function openE2eStore(storePath: string): Promise<DurableStore> {
  if (!storePath.startsWith("dynamodb://")) return openStore(storePath);
  const store = new DynamoStore(parseDynamoUrl(storePath));
  await store.init();
  return store;
}

export async function startDemoRuntime(storePath: string): Promise<DemoRuntime> {
  const store = await openE2eStore(storePath);
  const registry = exampleRegistry();
  const worker = new Worker({ store, registry, pollIntervalMs: 100, onError: (error) => console.error("[e2e worker]", error) });
  const client = new DurableClient({ store, registry, onWake: () => worker.wake() });
  worker.start();
  return {
    store,
    client,
    worker,
    async stop() {
      await worker.stop();
      await store.close();
    },
  };
}

/** Polls until `predicate` holds for the execution (real time: the worker runs on the system clock). */
export async function waitForExecution(
  client: DurableClient,
  executionId: string,
  predicate: (execution: ExecutionView) => boolean,
  timeoutMs = 30_000,
): Promise<ExecutionView> {
  let last: ExecutionView | undefined;
  return waitFor(
    () => `execution ${executionId} to get there (status ${last?.status})`,
    async () => {
      last = await client.getExecution(executionId);
      return predicate(last) ? last : undefined;
    },
    timeoutMs,
  );
}

/** The first pending callback's id of an execution, once it has one. */
export async function waitForPendingCallback(client: DurableClient, executionId: string, timeoutMs = 30_000): Promise<string> {
  return waitFor(
    `execution ${executionId} to wait for a callback`,
    async () => {
      const operations = await client.getOperations(executionId);
      const pending = operations.find((r) => r.operation.Type === "CALLBACK" && r.operation.Status === "STARTED");
      return pending?.operation.CallbackDetails?.CallbackId || undefined;
    },
    timeoutMs,
  );
}

const order = (orderId: string, extra: Record<string, unknown> = {}) => JSON.stringify(orderInput(orderId, extra));

/**
 * Executions in every state a console must show: waiting for approval, waiting on a timer,
 * succeeded, failed after retries, stopped, timed out, redriven, a fan-out, a poll loop and chained invokes.
 * Returns when each has reached the state it is meant to be in.
 */
export async function seedDemo(client: DurableClient, tag: string): Promise<Record<string, string>> {
  const start = async (functionName: string, name: string, input: string) =>
    (await client.startExecution({ functionName, name: `${name}-${tag}`, input })).execution.executionId;
  const ids: Record<string, string> = {
    awaitingApproval: await start("order-processing", "order-A1001", order("A-1001")),
    shipped: await start("order-processing", "order-A1002", order("A-1002")),
    retried: await start("order-processing", "order-A1003", order("A-1003", { paymentDeclines: 1 })),
    onHold: await start("order-processing", "order-A1004", order("A-1004", { holdSeconds: 3600 })),
    stopped: await start("order-processing", "order-A1005", order("A-1005", { holdSeconds: 3600 })),
    redriven: await start("inventory-sync", "inventory-west", JSON.stringify({ warehouse: `west-${tag}`, skus: ["KB-01"] })),
    failed: await start("inventory-sync", "inventory-east", JSON.stringify({ warehouse: `east-${tag}`, skus: ["KB-01", "MS-02", "HD-07"] })),
    fanOut: await start("fan-out", "campaign-spring", JSON.stringify({ recipients: ["ana@example.com", "bo@example.com", "cy@example.com", "di@example.com"], unreachable: ["cy@example.com"] })),
    polled: await start("wait-for-job", "export-2026-q1", JSON.stringify({ jobId: `job-${tag}`, pollsUntilDone: 2 })),
    onboarding: await start("customer-onboarding", "onboard-cust-42", JSON.stringify({ customerId: "cust-42", email: "ana@example.com" })),
    // As `npm start`'s order-1005-expired: a 3-second execution timeout against a 1-hour hold.
    timedOut: (
      await client.startExecution({ functionName: "order-processing", name: `order-A1006-expired-${tag}`, input: order("A-1006", { holdSeconds: 3600 }), executionTimeoutSeconds: 3 })
    ).execution.executionId,
  };
  const terminal = (statuses: ExecutionStatus[]) => (execution: ExecutionView) => statuses.includes(execution.status);

  const shippedCallback = await waitForPendingCallback(client, ids.shipped!);
  await client.sendCallbackSuccess(shippedCallback, JSON.stringify({ approved: true, approver: "demo", comment: "looks good" }));
  await client.stopExecution(ids.stopped!, { ErrorType: "ExecutionStopped", ErrorMessage: "Duplicate order" });
  await Promise.all([
    waitForExecution(client, ids.shipped!, terminal(["SUCCEEDED"])),
    waitForExecution(client, ids.failed!, terminal(["FAILED"])),
    waitForExecution(client, ids.fanOut!, terminal(["SUCCEEDED", "FAILED"])),
    waitForExecution(client, ids.polled!, terminal(["SUCCEEDED"])),
    waitForExecution(client, ids.onboarding!, terminal(["SUCCEEDED", "FAILED"])),
    waitForExecution(client, ids.timedOut!, terminal(["TIMED_OUT"])),
    waitForPendingCallback(client, ids.awaitingApproval!),
    waitForPendingCallback(client, ids.retried!),
    redriveAfterFix(client, ids.redriven!, `west-${tag}`),
  ]);
  return ids;
}

/** The redrive story: the sync fails while the warehouse is down; the API comes back; redrive; it succeeds. */
export async function redriveAfterFix(client: DurableClient, executionId: string, warehouse: string): Promise<void> {
  await waitForExecution(client, executionId, (execution) => execution.status === "FAILED");
  setSwitch(warehouseSwitch(warehouse), true);
  await client.redriveExecution(executionId);
  await waitForExecution(client, executionId, (execution) => execution.status === "SUCCEEDED");
}
