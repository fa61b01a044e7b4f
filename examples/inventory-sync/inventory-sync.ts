import { createRetryStrategy, JitterStrategy, withDurableExecution } from "../../sdk";
import { isSwitchOn } from "../support/switches";

export interface InventorySyncInput {
  warehouse: string;
  skus: string[];
}

/** The switch that says whether a warehouse API answers; off (the default) = outage. */
export const warehouseSwitch = (warehouse: string) => `warehouse-${warehouse}-up`;

/**
 * A sync that depends on a warehouse API. During an outage the push step exhausts its retries and
 * the execution FAILS; once the API is back (its `warehouse-<name>-up` switch on), redrive it: the
 * snapshot step replays from its checkpoint and only the failed push runs again.
 */
export const handler = withDurableExecution(async (input: InventorySyncInput, context) => {
  const snapshot = await context.step("snapshot-stock", async () =>
    (input.skus ?? []).map((sku, index) => ({ sku, onHand: 10 * (index + 1) })),
  );

  const pushed = await context.step(
    "push-to-warehouse",
    async ({ attempt, logger }) => {
      if (!isSwitchOn(warehouseSwitch(input.warehouse), false)) {
        logger.error("warehouse API unavailable", { warehouse: input.warehouse, attempt });
        throw new Error(`Warehouse ${input.warehouse} API returned 503 Service Unavailable`);
      }
      return { warehouse: input.warehouse, lines: snapshot.length };
    },
    { retryStrategy: createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 1 }, backoffRate: 2, jitter: JitterStrategy.NONE }) },
  );

  return { synced: pushed.lines, warehouse: pushed.warehouse };
});
