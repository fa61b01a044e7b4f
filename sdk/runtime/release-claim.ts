/**
 * Giving a claim back unused. A worker claims only executions of the durable functions it has
 * registered (the store filters by name), so an execution of another worker's function is not
 * its business, and never an error. Should it hold one anyway (a store that does not filter, a
 * claim that raced a change), it lets go: lease and token cleared, nothing else written. No
 * event, no invocation, no invocation error; the wake time stays, so the execution stays due
 * for a worker that has its function.
 */
import { StoreError, type DurableStore, type ExecutionRecord } from "../store/types";

/** True when the claim was given back; false when it was no longer this claimer's to give. */
export async function releaseClaim(store: DurableStore, claimed: ExecutionRecord): Promise<boolean> {
  try {
    await store.transact(claimed.executionId, { checkpointToken: claimed.checkpointToken }, () => ({
      mutation: { execution: { leaseOwner: null, leaseExpiresAt: null, checkpointToken: null } },
    }));
    return true;
  } catch (error) {
    if (error instanceof StoreError && (error.code === "STALE_CHECKPOINT_TOKEN" || error.code === "EXECUTION_NOT_FOUND")) return false;
    throw error;
  }
}
