/**
 * The kill test's workload: executions of the examples and of the at-most-once fixture, each with
 * the result it must end with. Inputs come from a seeded generator so a failing run can be
 * repeated with the printed seed.
 */
import { DurableClientError, type DurableClient } from "../../../sdk/runtime";
import type { DurableStore } from "../../../sdk/store/types";

export { seededRandom } from "../../support/seeded-random";

export interface PlannedExecution {
  functionName: string;
  name: string;
  input: unknown;
  /** The result it must end with; at-most-once results are checked against the body log instead. */
  expected?: unknown;
  /** order-processing: how the test answers the approval. */
  approve?: boolean;
  /** customer-onboarding: the credit-check child's result. */
  expectedChild?: unknown;
  executionId?: string;
}

const WAREHOUSES = ["oslo", "lima", "pune"];
export const warehouseSwitches = Object.fromEntries(WAREHOUSES.map((w) => [`warehouse-${w}-up`, true]));

function onboardingHash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

export function planExecutions(count: number, random: () => number, prefix: string): PlannedExecution[] {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const plans: PlannedExecution[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 6;
    const name = `${prefix}-${i}`;
    if (kind === 0) {
      const items = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, j) => ({
        sku: `sku-${j}`,
        quantity: 1 + Math.floor(random() * 4),
        unitPrice: Math.round(random() * 10000) / 100,
      }));
      const declines = Math.floor(random() * 2);
      const approve = random() < 0.75;
      const orderId = `O-${name}`;
      const total = Math.round(items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0) * 100) / 100;
      const reservation = { reservationId: `rsv-${orderId}`, lines: items.length };
      const payment = { chargeId: `ch-${orderId}-${declines + 1}`, amount: total };
      const expected = approve
        ? { orderId, status: "SHIPPED", reservation, payment, approval: { approved: true, approver: "kill-test" }, shipment: { shipmentId: `shp-${orderId}`, carrier: "local-post" } }
        : { orderId, status: "REJECTED", reservation, payment, approval: { approved: false } };
      plans.push({ functionName: "order-processing", name, input: { orderId, customerId: "C-1", items, paymentDeclines: declines, holdSeconds: 1 }, approve, expected });
    } else if (kind === 1) {
      const pool = ["a@x.io", "b@x.io", "c@x.io", "blocked@example.com", "d@x.io", "e@x.io"];
      const recipients = pool.filter(() => random() < 0.7);
      if (recipients.length === 0) recipients.push("a@x.io");
      const candidates = recipients.filter((r) => r !== "blocked@example.com");
      const unreachable = candidates.filter(() => random() < 0.25).slice(0, 2);
      const kept = recipients.filter((r) => r !== "blocked@example.com");
      const expected = {
        sent: kept.filter((r) => !unreachable.includes(r)).map((recipient) => ({ recipient, subject: "Your order shipped", messageId: `msg-${recipient}` })),
        failed: kept.flatMap((r, index) => (unreachable.includes(r) ? [{ index, error: `Mailbox ${r} is unreachable` }] : [])),
        completionReason: "ALL_COMPLETED",
      };
      plans.push({ functionName: "fan-out", name, input: { recipients, unreachable }, expected });
    } else if (kind === 2) {
      const polls = 1 + Math.floor(random() * 2);
      const jobId = `job-${name}`;
      plans.push({ functionName: "wait-for-job", name, input: { jobId, pollsUntilDone: polls }, expected: { jobId, polls, link: `https://downloads.local/${jobId}.csv` } });
    } else if (kind === 3) {
      const warehouse = pick(WAREHOUSES);
      const skus = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, j) => `sku-${j}`);
      plans.push({ functionName: "inventory-sync", name, input: { warehouse, skus }, expected: { synced: skus.length, warehouse } });
    } else if (kind === 4) {
      const customerId = `cust-${name}`;
      const email = `${customerId}@example.com`;
      const score = 600 + (onboardingHash(customerId) % 250);
      const tier = score >= 700 ? "gold" : "standard";
      plans.push({
        functionName: "customer-onboarding",
        name,
        input: { customerId, email },
        expected: { accountId: `acct-${customerId}`, tier, score, welcomeMessageId: `welcome-${email}-${tier}` },
        expectedChild: { customerId, score, tier },
      });
    } else {
      const steps = 3 + Math.floor(random() * 4);
      const waitAfter = random() < 0.5 ? Math.floor(random() * steps) : undefined;
      plans.push({ functionName: "at-most-once", name, input: { steps, waitAfter } });
    }
  }
  return plans;
}

export async function startPlanned(client: DurableClient, plans: PlannedExecution[]): Promise<void> {
  for (const plan of plans) {
    const { execution } = await client.startExecution({ functionName: plan.functionName, name: plan.name, input: JSON.stringify(plan.input) });
    plan.executionId = execution.executionId;
  }
}

/** Answers each planned order's approval once, whenever it shows up in the store. */
export function startApprover(store: DurableStore, client: DurableClient, plans: PlannedExecution[]) {
  const answered = new Set<string>();
  const problems: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const plan of plans) {
        if (plan.functionName !== "order-processing" || !plan.executionId || answered.has(plan.executionId)) continue;
        const callback = (await store.operations.list(plan.executionId)).find((r) => r.operation.Type === "CALLBACK" && r.operation.Status === "STARTED");
        const callbackId = callback?.operation.CallbackDetails?.CallbackId;
        if (!callbackId) continue;
        answered.add(plan.executionId);
        try {
          await client.sendCallbackSuccess(callbackId, plan.approve ? JSON.stringify({ approved: true, approver: "kill-test" }) : "reject");
        } catch (error) {
          problems.push(`answering ${plan.name}: ${DurableClientError.is(error) ? error.code : String(error)}`);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  })();
  return {
    answered,
    problems,
    async stop(): Promise<void> {
      running = false;
      await loop;
    },
  };
}
