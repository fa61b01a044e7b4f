/**
 * Executions of the example functions with the result each must end with, worked out from the
 * example code (examples/), not from a run. The one place that knows what the examples return:
 * the kill, two-worker and multi-worker scale tests choose inputs their own way (seeded random
 * or a fixed cycle) and take their plans from here.
 */
export interface PlannedExecution {
  functionName: string;
  name: string;
  input: unknown;
  /** The result it must end with; fixtures with no fixed result are checked another way. */
  expected?: unknown;
  /** order-processing: how the test answers the approval. */
  approve?: boolean;
  /** customer-onboarding: the credit-check child's result. */
  expectedChild?: unknown;
  executionId?: string;
}

/** The warehouses the plans sync; all of them up (inventory-sync fails while one is down). */
export const WAREHOUSES = ["oslo", "lima", "pune"];
export const warehouseSwitches: Record<string, boolean> = Object.fromEntries(WAREHOUSES.map((w) => [`warehouse-${w}-up`, true]));

export interface OrderLine {
  sku: string;
  quantity: number;
  unitPrice: number;
}

/** order-processing: reserve, charge (declined `declines` times first), approval, ship. */
export function orderPlan(name: string, items: OrderLine[], declines: number, approve: boolean, approver: string): PlannedExecution {
  const orderId = `O-${name}`;
  const total = Math.round(items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0) * 100) / 100;
  const reservation = { reservationId: `rsv-${orderId}`, lines: items.length };
  const payment = { chargeId: `ch-${orderId}-${declines + 1}`, amount: total };
  // In the example's own key order: some checks compare the JSON text.
  return {
    functionName: "order-processing",
    name,
    input: { orderId, customerId: "C-1", items, paymentDeclines: declines, holdSeconds: 1 },
    approve,
    expected: approve
      ? { orderId, status: "SHIPPED", reservation, payment, approval: { approved: true, approver }, shipment: { shipmentId: `shp-${orderId}`, carrier: "local-post" } }
      : { orderId, status: "REJECTED", reservation, payment, approval: { approved: false } },
  };
}

/** fan-out: blocked@example.com is filtered out; unreachable recipients fail their item. */
export function fanOutPlan(name: string, recipients: string[], unreachable: string[]): PlannedExecution {
  const kept = recipients.filter((r) => r !== "blocked@example.com");
  return {
    functionName: "fan-out",
    name,
    input: { recipients, unreachable },
    expected: {
      sent: kept.filter((r) => !unreachable.includes(r)).map((recipient) => ({ recipient, subject: "Your order shipped", messageId: `msg-${recipient}` })),
      failed: kept.flatMap((r, index) => (unreachable.includes(r) ? [{ index, error: `Mailbox ${r} is unreachable` }] : [])),
      completionReason: "ALL_COMPLETED",
    },
  };
}

/** wait-for-job: polls until the job is done. */
export function jobPlan(name: string, polls: number): PlannedExecution {
  const jobId = `job-${name}`;
  return { functionName: "wait-for-job", name, input: { jobId, pollsUntilDone: polls }, expected: { jobId, polls, link: `https://downloads.local/${jobId}.csv` } };
}

/** inventory-sync: one step per SKU against an up warehouse. */
export function syncPlan(name: string, warehouse: string, skuCount: number): PlannedExecution {
  const skus = Array.from({ length: skuCount }, (_, j) => `sku-${j}`);
  return { functionName: "inventory-sync", name, input: { warehouse, skus }, expected: { synced: skus.length, warehouse } };
}

/** customer-onboarding: the credit-check child scores the customer id (the example's hash). */
export function onboardingPlan(name: string): PlannedExecution {
  const customerId = `cust-${name}`;
  const email = `${customerId}@example.com`;
  const score = 600 + (nameHash(customerId) % 250);
  const tier = score >= 700 ? "gold" : "standard";
  return {
    functionName: "customer-onboarding",
    name,
    input: { customerId, email },
    expected: { accountId: `acct-${customerId}`, tier, score, welcomeMessageId: `welcome-${email}-${tier}` },
    expectedChild: { customerId, score, tier },
  };
}

function nameHash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}
