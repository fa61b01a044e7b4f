/**
 * What an execution's end sets off in other executions: its chained children that it stopped are
 * stopped (and theirs, recursively), and the chained invoke that started it, if any, is answered.
 *
 * These are writes to other executions, so they cannot share the ending write: a process that
 * dies between the two would leave a parent waiting forever for an answer, or a child running for
 * a caller that is gone. So the ending write also sets `followUpAt` (lifecycle.ts), the follow-up
 * clears it once done, and every worker sweeps for executions whose `followUpAt` has passed and
 * does their follow-up again. Each part is idempotent: stopping an ended child and answering an
 * answered invoke change nothing.
 */
import type { DurableStore, ExecutionRecord } from "../store/types";
import { StoreError } from "../store/types";
import type { Clock } from "./clock";
import { DurableClientError } from "./errors";
import { NothingToWrite, answerChainedInvoke, outcomeOfExecution, stopExecutionNow } from "./lifecycle";
import { runtimeStateOf } from "./operation-state";

/** Stops `childrenToStop`, answers the parent, and clears the execution's `followUpAt`. */
export async function afterExecutionEnded(
  store: DurableStore,
  clock: Clock,
  execution: ExecutionRecord,
  childrenToStop: string[],
  onWake?: () => void,
): Promise<void> {
  for (const childId of childrenToStop) {
    try {
      const stopped = await stopExecutionNow(store, clock, childId, {
        ErrorType: "ParentExecutionEnded",
        ErrorMessage: `The calling execution ${execution.executionId} ended ${execution.status}`,
      });
      await afterExecutionEnded(store, clock, stopped.execution, stopped.children, onWake);
    } catch (error) {
      if (!DurableClientError.is(error)) throw error;
    }
  }
  const outcome = outcomeOfExecution(execution);
  if (execution.parent && outcome && (await answerChainedInvoke(store, clock, execution.parent, outcome, execution.executionId))) onWake?.();
  // Last: a crash before this leaves the mark, and the sweep does all of the above again.
  if (execution.followUpAt !== undefined) await clearFollowUp(store, execution.executionId);
}

/**
 * Does the follow-up of every execution whose `followUpAt` has passed (up to `limit`): what a
 * process that ended them did not get to. Returns how many it found.
 */
export async function sweepFollowUps(store: DurableStore, clock: Clock, limit: number, onWake?: () => void): Promise<number> {
  const due = await store.scheduling.followUpsDue({ now: clock.now(), limit });
  for (const ended of due) await afterExecutionEnded(store, clock, ended, await childrenItStopped(store, ended.executionId), onWake);
  return due.length;
}

/** The child executions of the invokes an ended execution closed as STOPPED (some may still run). */
async function childrenItStopped(store: DurableStore, executionId: string): Promise<string[]> {
  const children: string[] = [];
  for (const record of await store.operations.list(executionId)) {
    const childId = runtimeStateOf(record).chainedInvoke?.childExecutionId;
    if (record.operation.Type === "CHAINED_INVOKE" && record.operation.Status === "STOPPED" && childId) children.push(childId);
  }
  return children;
}

async function clearFollowUp(store: DurableStore, executionId: string): Promise<void> {
  try {
    await store.transact(executionId, {}, (snapshot) => {
      if (snapshot.execution.followUpAt === undefined) throw new NothingToWrite();
      return { mutation: { execution: { followUpAt: null } } };
    });
  } catch (error) {
    if (error instanceof NothingToWrite) return;
    if (StoreError.is(error) && error.code === "EXECUTION_NOT_FOUND") return;
    throw error;
  }
}
