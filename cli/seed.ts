import type { DurableClient, ExecutionView } from "../sdk/runtime";
import { setSwitch } from "../examples/support/switches";

const SEED_TIMEOUT_MS = 60_000;

/**
 * Demo data for `durable dev`: executions in every state a person should see on first open —
 * running on a timer, waiting for approval, succeeded, failed after retries, timed out, stopped,
 * redriven.
 * Runs against a live worker, so every record is real.
 */
export async function seedDemoExecutions(client: DurableClient, log: (line: string) => void): Promise<void> {
  const start = (functionName: string, input: unknown, name: string) =>
    client.startExecution({ functionName, input: JSON.stringify(input), name }).then((r) => r.execution);

  setSwitch("warehouse-berlin-up", false);
  setSwitch("warehouse-lisbon-up", false);

  const onTimer = await start("order-processing", order("1001", { holdSeconds: 6 * 3600 }), "order-1001-on-hold");
  const awaitingApproval = await start("order-processing", order("1002", { holdSeconds: 1, paymentDeclines: 1 }), "order-1002");
  const approved = await start("order-processing", order("1003", { holdSeconds: 1 }), "order-1003");
  const toStop = await start("order-processing", order("1004", { holdSeconds: 24 * 3600 }), "order-1004-cancelled");
  const failed = await start("inventory-sync", { warehouse: "berlin", skus: ["sku-1", "sku-2"] }, "inventory-berlin");
  const redriven = await start("inventory-sync", { warehouse: "lisbon", skus: ["sku-3"] }, "inventory-lisbon");
  await start("fan-out", { recipients: ["ana@example.com", "bo@example.com", "blocked@example.com", "cy@example.com"], unreachable: ["bo@example.com"] }, "shipping-notices");
  await start("wait-for-job", { jobId: "export-42", pollsUntilDone: 2 }, "export-42");
  await start("customer-onboarding", { customerId: "c-77", email: "dana@example.com" }, "onboard-c-77");
  // A 3-second execution timeout against a 1-hour hold: it times out during the hold.
  const expiring = await client
    .startExecution({ functionName: "order-processing", input: JSON.stringify(order("1005", { holdSeconds: 3600 })), name: "order-1005-expired", executionTimeoutSeconds: 3 })
    .then((r) => r.execution);
  log(`seeded: ${onTimer.name} waits on a timer`);

  await client.stopExecution(toStop.executionId, { ErrorType: "Cancelled", ErrorMessage: "Customer cancelled the order" });

  const approvalId = await waitForCallback(client, approved.executionId);
  await client.sendCallbackSuccess(approvalId, JSON.stringify({ approved: true, approver: "ops@example.com", comment: "Looks good" }));
  await waitForCallback(client, awaitingApproval.executionId);
  log(`seeded: ${awaitingApproval.name} waits for approval`);

  await waitForStatus(client, failed.executionId, "FAILED");
  await waitForStatus(client, redriven.executionId, "FAILED");
  setSwitch("warehouse-lisbon-up", true);
  await client.redriveExecution(redriven.executionId);
  await waitForStatus(client, redriven.executionId, "SUCCEEDED");
  await waitForStatus(client, approved.executionId, "SUCCEEDED");
  await waitForStatus(client, expiring.executionId, "TIMED_OUT");
  log("seeded: succeeded, failed after retries, timed out, stopped and redriven executions");
}

function order(id: string, extra: Record<string, unknown>) {
  return {
    orderId: id,
    customerId: `cust-${id}`,
    items: [
      { sku: "espresso-beans-1kg", quantity: 2, unitPrice: 18.5 },
      { sku: "grinder-c2", quantity: 1, unitPrice: 89 },
    ],
    ...extra,
  };
}

async function waitForCallback(client: DurableClient, executionId: string): Promise<string> {
  return poll(async () => {
    const ops = await client.getOperations(executionId);
    const callback = ops.find((r) => r.operation.Type === "CALLBACK" && r.operation.Status === "STARTED");
    return callback?.operation.CallbackDetails?.CallbackId;
  }, `a pending callback on ${executionId}`);
}

async function waitForStatus(client: DurableClient, executionId: string, status: ExecutionView["status"]): Promise<void> {
  await poll(async () => ((await client.getExecution(executionId)).status === status ? true : undefined), `${executionId} to reach ${status}`);
}

async function poll<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + SEED_TIMEOUT_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`seeding timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
