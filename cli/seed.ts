/**
 * The demo data set: executions in every state a person should see on first open (running on a
 * timer, waiting for approval, succeeded after an approval, failed after retries, timed out,
 * stopped, redriven, a fan-out, a poll loop, chained invokes). All of them are real: the example
 * functions run on a live worker.
 *
 * One data set in one place: `durable dev` seeds it into an empty store, and the console's
 * browser journeys (e2e/support/global-setup.ts) seed the same one and find its executions by
 * the keys of `DemoExecutionIds`.
 */
import type { DurableClient, ExecutionView } from "../sdk/runtime";
import type { ExecutionStatus } from "../sdk/types/wire";
import { warehouseSwitch } from "../examples/inventory-sync/inventory-sync";
import { sampleOrder } from "../examples/order-processing/sample-order";
import { setSwitch } from "../examples/support/switches";

const SEED_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 100;

/** The seeded executions by the part each plays in the demo. */
export interface DemoExecutionIds {
  /** order-1001-on-hold: waits on a six-hour timer. */
  onHold: string;
  /** order-1002: its payment was declined once and retried; it waits for approval. */
  awaitingApproval: string;
  /** order-1003: approved by ops@example.com, then shipped (SUCCEEDED). */
  shipped: string;
  /** order-1004-cancelled: stopped while on hold. */
  stopped: string;
  /** order-1005-expired: a 3-second execution timeout against a one-hour hold (TIMED_OUT). */
  timedOut: string;
  /** inventory-berlin: the warehouse API is down; the push exhausted its retries (FAILED). */
  failed: string;
  /** inventory-lisbon: failed the same way, then the API came back and it was redriven (SUCCEEDED). */
  redriven: string;
  /** shipping-notices: a fan-out with one unreachable recipient. */
  fanOut: string;
  /** export-42: a waitForCondition poll loop. */
  polled: string;
  /** onboard-c-77: chained invokes of other functions. */
  onboarding: string;
}

export const DEMO_WAREHOUSES = { failing: "berlin", healed: "lisbon" } as const;

/** Seeds the demo data set and returns once every execution is in the state it is meant to be in. */
export async function seedDemoExecutions(client: DurableClient, log: (line: string) => void = () => {}): Promise<DemoExecutionIds> {
  const start = async (functionName: string, name: string, input: unknown, executionTimeoutSeconds?: number) =>
    (await client.startExecution({ functionName, name, input: JSON.stringify(input), executionTimeoutSeconds })).execution.executionId;

  setSwitch(warehouseSwitch(DEMO_WAREHOUSES.failing), false);
  setSwitch(warehouseSwitch(DEMO_WAREHOUSES.healed), false);

  const ids: DemoExecutionIds = {
    onHold: await start("order-processing", "order-1001-on-hold", sampleOrder("1001", { holdSeconds: 6 * 3600 })),
    awaitingApproval: await start("order-processing", "order-1002", sampleOrder("1002", { paymentDeclines: 1 })),
    shipped: await start("order-processing", "order-1003", sampleOrder("1003")),
    stopped: await start("order-processing", "order-1004-cancelled", sampleOrder("1004", { holdSeconds: 24 * 3600 })),
    failed: await start("inventory-sync", "inventory-berlin", { warehouse: DEMO_WAREHOUSES.failing, skus: ["sku-1", "sku-2"] }),
    redriven: await start("inventory-sync", "inventory-lisbon", { warehouse: DEMO_WAREHOUSES.healed, skus: ["sku-3"] }),
    fanOut: await start("fan-out", "shipping-notices", {
      recipients: ["ana@example.com", "bo@example.com", "blocked@example.com", "cy@example.com"],
      unreachable: ["bo@example.com"],
    }),
    polled: await start("wait-for-job", "export-42", { jobId: "export-42", pollsUntilDone: 2 }),
    onboarding: await start("customer-onboarding", "onboard-c-77", { customerId: "c-77", email: "dana@example.com" }),
    // A 3-second execution timeout against a 1-hour hold: it times out during the hold.
    timedOut: await start("order-processing", "order-1005-expired", sampleOrder("1005", { holdSeconds: 3600 }), 3),
  };
  log("seeded: order-1001-on-hold waits on a timer");

  await client.stopExecution(ids.stopped, { ErrorType: "Cancelled", ErrorMessage: "Customer cancelled the order" });
  const approvalId = await waitForPendingCallback(client, ids.shipped);
  await client.sendCallbackSuccess(approvalId, JSON.stringify({ approved: true, approver: "ops@example.com", reason: "Looks good" }));
  await waitForPendingCallback(client, ids.awaitingApproval);
  log("seeded: order-1002 waits for approval");

  await Promise.all([
    waitForStatus(client, ids.failed, ["FAILED"]),
    redriveOnceHealed(client, ids.redriven, DEMO_WAREHOUSES.healed),
    waitForStatus(client, ids.shipped, ["SUCCEEDED"]),
    waitForStatus(client, ids.timedOut, ["TIMED_OUT"]),
    waitForStatus(client, ids.fanOut, ["SUCCEEDED", "FAILED"]),
    waitForStatus(client, ids.polled, ["SUCCEEDED"]),
    waitForStatus(client, ids.onboarding, ["SUCCEEDED", "FAILED"]),
  ]);
  log("seeded: succeeded, failed after retries, timed out, stopped and redriven executions");
  return ids;
}

/** The redrive story: the sync fails while the warehouse is down; the API comes back; redrive; it succeeds. */
async function redriveOnceHealed(client: DurableClient, executionId: string, warehouse: string): Promise<void> {
  await waitForStatus(client, executionId, ["FAILED"]);
  setSwitch(warehouseSwitch(warehouse), true);
  await client.redriveExecution(executionId);
  await waitForStatus(client, executionId, ["SUCCEEDED"]);
}

/** The id of the execution's first pending callback, once it has one. */
async function waitForPendingCallback(client: DurableClient, executionId: string): Promise<string> {
  return poll(async () => {
    const operations = await client.getOperations(executionId);
    const callback = operations.find((r) => r.operation.Type === "CALLBACK" && r.operation.Status === "STARTED");
    return callback?.operation.CallbackDetails?.CallbackId;
  }, `a pending callback on ${executionId}`);
}

async function waitForStatus(client: DurableClient, executionId: string, statuses: ExecutionStatus[]): Promise<ExecutionView> {
  return poll(async () => {
    const execution = await client.getExecution(executionId);
    return statuses.includes(execution.status) ? execution : undefined;
  }, `${executionId} to reach ${statuses.join(" or ")}`);
}

async function poll<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + SEED_TIMEOUT_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`seeding timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
