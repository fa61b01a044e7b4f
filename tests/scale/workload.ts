/**
 * The multi-worker test's workload: executions of the examples (results from
 * tests/support/example-plans.ts) and of the `ledger` fixture, in a fixed cycle of six kinds.
 */
import { WAREHOUSES, fanOutPlan, jobPlan, onboardingPlan, orderPlan, syncPlan, type PlannedExecution } from "../support/example-plans";

export { WAREHOUSES };
export type Planned = PlannedExecution;

/** `count` executions, cycling through six kinds; deterministic for a given prefix. */
export function planWorkload(count: number, prefix: string): Planned[] {
  const plans: Planned[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}-${i}`;
    switch (i % 6) {
      case 0:
        plans.push(orderPlan(name, [{ sku: "sku-a", quantity: 1 + (i % 3), unitPrice: 12.5 }, { sku: "sku-b", quantity: 2, unitPrice: 3.25 }], i % 12 === 0 ? 1 : 0, i % 4 !== 0, "scale-test"));
        break;
      case 1:
        plans.push(fanOutPlan(name, ["a@x.io", "blocked@example.com", `r${i}@x.io`, "c@x.io"], i % 2 ? ["c@x.io"] : []));
        break;
      case 2:
        plans.push(jobPlan(name, 1));
        break;
      case 3:
        plans.push(syncPlan(name, WAREHOUSES[i % WAREHOUSES.length]!, 1 + (i % 4)));
        break;
      case 4: {
        const { expectedChild: _child, ...plan } = onboardingPlan(name);
        plans.push(plan);
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
