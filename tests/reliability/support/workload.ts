/**
 * The kill test's workload: executions of the examples (results from
 * tests/support/example-plans.ts) and of the at-most-once fixture. Inputs come from a seeded
 * generator so a failing run can be repeated with the printed seed.
 */
import { DurableClientError, type DurableClient } from "../../../sdk/runtime";
import type { DurableStore } from "../../../sdk/store/types";

import { WAREHOUSES, fanOutPlan, jobPlan, onboardingPlan, orderPlan, syncPlan, type PlannedExecution } from "../../support/example-plans";

export { seededRandom } from "../../support/seeded-random";
export { warehouseSwitches, type PlannedExecution } from "../../support/example-plans";

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
      plans.push(orderPlan(name, items, declines, approve, "kill-test"));
    } else if (kind === 1) {
      const pool = ["a@x.io", "b@x.io", "c@x.io", "blocked@example.com", "d@x.io", "e@x.io"];
      const recipients = pool.filter(() => random() < 0.7);
      if (recipients.length === 0) recipients.push("a@x.io");
      const candidates = recipients.filter((r) => r !== "blocked@example.com");
      const unreachable = candidates.filter(() => random() < 0.25).slice(0, 2);
      plans.push(fanOutPlan(name, recipients, unreachable));
    } else if (kind === 2) {
      plans.push(jobPlan(name, 1 + Math.floor(random() * 2)));
    } else if (kind === 3) {
      const warehouse = pick(WAREHOUSES);
      plans.push(syncPlan(name, warehouse, 1 + Math.floor(random() * 4)));
    } else if (kind === 4) {
      plans.push(onboardingPlan(name));
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
          await client.sendCallbackSuccess(callbackId, plan.approve ? JSON.stringify({ approved: true, approver: "kill-test" }) : JSON.stringify({ approved: false }));
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
