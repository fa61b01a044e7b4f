/**
 * The multi-worker test's workload: executions of the examples and of the `ledger` fixture, each
 * with the result it must end with (worked out from the example code, not from a run).
 */
export interface Planned {
  functionName: string;
  name: string;
  input: unknown;
  expected: unknown;
  /** order-processing: how the test answers the approval. */
  approve?: boolean;
}

export const WAREHOUSES = ["oslo", "lima", "pune"];

function creditScore(customerId: string): number {
  let h = 0;
  for (const ch of customerId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return 600 + (h % 250);
}

/** `count` executions, cycling through six kinds; deterministic for a given prefix. */
export function planWorkload(count: number, prefix: string): Planned[] {
  const plans: Planned[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}-${i}`;
    switch (i % 6) {
      case 0: {
        const orderId = `O-${name}`;
        const items = [{ sku: "sku-a", quantity: 1 + (i % 3), unitPrice: 12.5 }, { sku: "sku-b", quantity: 2, unitPrice: 3.25 }];
        const total = Math.round(items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0) * 100) / 100;
        const approve = i % 4 !== 0;
        const declines = i % 12 === 0 ? 1 : 0;
        const base = {
          orderId,
          reservation: { reservationId: `rsv-${orderId}`, lines: items.length },
          payment: { chargeId: `ch-${orderId}-${declines + 1}`, amount: total },
        };
        plans.push({
          functionName: "order-processing",
          name,
          input: { orderId, customerId: "C-1", items, paymentDeclines: declines, holdSeconds: 1 },
          approve,
          expected: approve
            ? { ...base, status: "SHIPPED", approval: { approved: true, approver: "scale-test" }, shipment: { shipmentId: `shp-${orderId}`, carrier: "local-post" } }
            : { ...base, status: "REJECTED", approval: { approved: false } },
        });
        break;
      }
      case 1: {
        const recipients = ["a@x.io", "blocked@example.com", `r${i}@x.io`, "c@x.io"];
        const unreachable = i % 2 ? ["c@x.io"] : [];
        const kept = recipients.filter((r) => r !== "blocked@example.com");
        plans.push({
          functionName: "fan-out",
          name,
          input: { recipients, unreachable },
          expected: {
            sent: kept.filter((r) => !unreachable.includes(r)).map((recipient) => ({ recipient, subject: "Your order shipped", messageId: `msg-${recipient}` })),
            failed: kept.flatMap((r, index) => (unreachable.includes(r) ? [{ index, error: `Mailbox ${r} is unreachable` }] : [])),
            completionReason: "ALL_COMPLETED",
          },
        });
        break;
      }
      case 2: {
        const jobId = `job-${name}`;
        plans.push({
          functionName: "wait-for-job",
          name,
          input: { jobId, pollsUntilDone: 1 },
          expected: { jobId, polls: 1, link: `https://downloads.local/${jobId}.csv` },
        });
        break;
      }
      case 3: {
        const warehouse = WAREHOUSES[i % WAREHOUSES.length]!;
        const skus = Array.from({ length: 1 + (i % 4) }, (_, j) => `sku-${j}`);
        plans.push({ functionName: "inventory-sync", name, input: { warehouse, skus }, expected: { synced: skus.length, warehouse } });
        break;
      }
      case 4: {
        const customerId = `cust-${name}`;
        const email = `${customerId}@example.com`;
        const score = creditScore(customerId);
        const tier = score >= 700 ? "gold" : "standard";
        plans.push({
          functionName: "customer-onboarding",
          name,
          input: { customerId, email },
          expected: { accountId: `acct-${customerId}`, tier, score, welcomeMessageId: `welcome-${email}-${tier}` },
        });
        break;
      }
      default: {
        const charges = Array.from({ length: 3 + (i % 3) }, (_, j) => (i + 1) * (j + 1));
        plans.push({
          functionName: "ledger",
          name,
          input: { account: `acc-${i}`, charges },
          expected: { account: `acc-${i}`, total: charges.reduce((a, b) => a + b, 0), charges: charges.length },
        });
      }
    }
  }
  return plans;
}
