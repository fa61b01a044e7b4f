/**
 * `transact` on DynamoDB: read a consistent snapshot, run `build`, and write everything in ONE
 * TransactWriteItems conditioned on the version read (and on the checkpoint token when given).
 * When the version moved meanwhile it reads and builds again (build is pure), while a token that
 * no longer matches is STALE_CHECKPOINT_TOKEN at once. Throttling and transaction conflicts back
 * off and retry.
 */
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { StoreError, type ExecutionMutation, type ExecutionRecord, type TransactOptions, type TransactSnapshot } from "../types";
import { applyPatch } from "../execution-patch";
import { readSnapshot } from "./execution-reads";
import { extrasOf, type ExecutionItemExtras } from "./items";
import { backoffMs, cancellationReasons, isTransient, sleep, withRetry, type Dynamo } from "./requests";
import type { WakeHint } from "./scheduling";
import { EVENTS, LOGS, findOverlap } from "./sequences";
import { planTransact, type WritePlan } from "./write-plan";

/** Read-build-write rounds `transact` (and a create) tries when other writers keep moving the version. */
export const MAX_TRANSACT_ROUNDS = 50;

export type BuildFn<R> = (snapshot: TransactSnapshot) => { mutation: ExecutionMutation; result?: R };

/** Writes one plan; any write drops the scheduling group's remembered wake time. */
export async function writePlan(db: Dynamo, wakeHint: WakeHint, plan: WritePlan): Promise<void> {
  try {
    await withRetry(() => db.doc.send(new TransactWriteCommand({ TransactItems: plan.items })));
  } finally {
    wakeHint.clear();
  }
}

export async function transact<R>(
  db: Dynamo,
  wakeHint: WakeHint,
  executionId: string,
  options: TransactOptions,
  build: BuildFn<R>,
): Promise<{ execution: ExecutionRecord; result: R }> {
  for (let round = 0; ; round++) {
    const snapshot = await readSnapshot(db, executionId, options.readOperationIds ?? []);
    if (!snapshot) throw new StoreError("EXECUTION_NOT_FOUND", `execution ${executionId} not found`);
    const current = snapshot.execution;
    if (options.checkpointToken !== undefined && current.checkpointToken !== options.checkpointToken) {
      throw new StoreError("STALE_CHECKPOINT_TOKEN", `checkpoint token is not current for execution ${executionId}`);
    }
    // A throw from build aborts here: nothing has been written.
    const { mutation, result } = build({ execution: { ...current }, operations: snapshot.operations });
    const next = applyPatch(current, mutation.execution ?? {});
    next.version = current.version + 1;
    const extras = extrasOf(snapshot.item);
    const plan = planTransact({
      table: db.table,
      current,
      currentExtras: extras,
      next,
      mutation,
      checkpointToken: options.checkpointToken,
      heads: { parts: snapshot.partHeads, operations: snapshot.operationHeads },
    });
    await refuseDuplicates(db, executionId, mutation, extras);
    try {
      await writePlan(db, wakeHint, plan);
      if (typeof mutation.execution?.nextWakeAt === "number") wakeHint.due.notify();
      return { execution: next, result: result as R };
    } catch (error) {
      const outcome = readCancellation(error, plan, executionId);
      if (outcome !== "again") throw outcome;
      if (round + 1 >= MAX_TRANSACT_ROUNDS) {
        throw new Error(`execution ${executionId} kept changing: transact gave up after ${MAX_TRANSACT_ROUNDS} rounds`);
      }
      await sleep(backoffMs(Math.min(round, 6)));
    }
  }
}

/** An event or log id an existing run holds is a CONFLICT (the write's version condition keeps this true). */
async function refuseDuplicates(db: Dynamo, executionId: string, mutation: ExecutionMutation, extras: ExecutionItemExtras): Promise<void> {
  const [event, log] = await Promise.all([
    findOverlap(db, EVENTS, executionId, (mutation.events ?? []).map((e) => e.EventId), extras.maxEventId),
    findOverlap(db, LOGS, executionId, (mutation.logs ?? []).map((l) => l.seq), extras.maxLogSeq),
  ]);
  if (event !== undefined) throw new StoreError("CONFLICT", `event ${event} already exists in execution ${executionId}`);
  if (log !== undefined) throw new StoreError("CONFLICT", `log ${log} already exists in execution ${executionId}`);
}

/**
 * What a failed transact write means: "again" (the version or token moved, or a conflict
 * outlived the retries: read and build again), a StoreError CONFLICT (an event or log that
 * exists, a callback patch that is not this execution's, a name taken), or the error itself.
 */
function readCancellation(error: unknown, plan: WritePlan, executionId: string): "again" | unknown {
  const reasons = cancellationReasons(error);
  if (!reasons) return error;
  if (isTransient(error)) return "again";
  const failedRoles = reasons.flatMap((r, i) => (r.Code === "ConditionalCheckFailed" ? [plan.roles[i] ?? { kind: "other" as const }] : []));
  if (failedRoles.some((role) => role.kind === "execution")) return "again";
  for (const role of failedRoles) {
    switch (role.kind) {
      case "event":
        return new StoreError("CONFLICT", `event ${role.eventId} already exists in execution ${executionId}`);
      case "log":
        return new StoreError("CONFLICT", `log ${role.seq} already exists in execution ${executionId}`);
      case "callbackPatch":
        return new StoreError("CONFLICT", `execution ${executionId} has no callback ${role.callbackId} to patch`);
      case "name":
        return new StoreError("CONFLICT", `another execution of that function already has this name`);
      // "execution" was answered above ("again"); "other" has no conflict of its own to name.
      case "execution":
      case "other":
      default:
        break;
    }
  }
  const other = reasons.find((r) => r.Code && r.Code !== "None");
  return other ? new Error(`DynamoDB refused the transaction for execution ${executionId}: ${other.Code} ${other.Message ?? ""}`.trim()) : error;
}
