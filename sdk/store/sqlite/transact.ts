/**
 * One transact, inside the write transaction the group committer opened: check the fencing
 * token, read the execution and the operations the caller names, let the caller build its
 * mutation from that snapshot, and write it. Any throw rolls the transaction (or its savepoint)
 * back whole.
 */
import { StoreError, type ExecutionMutation, type ExecutionRecord, type OperationRecord, type TransactOptions, type TransactSnapshot } from "../types";
import { applyPatch } from "../execution-patch";
import { EXECUTION_COLUMN_FIELDS, PAYLOAD_FIELDS, payloadValues, rowToExecution, rowToOperation, type ExecutionRow, type OperationRow } from "./rows";
import type { DueSignal } from "../due-signal";
import type { StatementCache, Statements } from "./statements";
import { writeChildren } from "./write-children";
import { detachedCopy, type ExecutionCache } from "./execution-cache";
import type { OperationsCache } from "./operations-cache";

export type BuildFn = (snapshot: TransactSnapshot) => { mutation: ExecutionMutation; result?: unknown };

export function transactInTransaction(
  s: Statements,
  cache: StatementCache,
  caches: { executions: ExecutionCache; operations: OperationsCache },
  due: DueSignal,
  executionId: string,
  options: TransactOptions,
  build: BuildFn,
): { execution: ExecutionRecord; result: unknown } {
  const current = readExecution(s, caches.executions, executionId);
  if (options.checkpointToken !== undefined && current.checkpointToken !== options.checkpointToken) {
    throw new StoreError("STALE_CHECKPOINT_TOKEN", `checkpoint token is not current for execution ${executionId}`);
  }
  const operations = new Map<string, OperationRecord>();
  for (const operationId of options.readOperationIds ?? []) {
    const op = s.getOperation.get(executionId, operationId) as OperationRow | undefined;
    if (op) operations.set(operationId, rowToOperation(op));
  }
  // The build's own copy: what it does to the snapshot (nested objects too) must not reach the record written.
  const { mutation, result } = build({ execution: detachedCopy(current), operations });
  const updated = writeExecutionPatch(s, cache, current, mutation.execution ?? {});
  writeChildren(s, executionId, mutation);
  // Last: nothing after them can throw and roll this write back.
  caches.executions.set(updated);
  caches.operations.advance(executionId, current.version, updated.version, mutation.putOperations, updated.status !== "RUNNING");
  // Heard after the commit (due-signal.ts): a worker of this process polls at once. A lease given
  // back on an execution still due (release-claim.ts) makes it claimable now, too.
  const patch = mutation.execution;
  if (typeof patch?.nextWakeAt === "number" || (patch?.leaseOwner === null && updated.nextWakeAt !== undefined)) due.notify();
  return { execution: updated, result };
}

/** The execution as it stands: the record this connection wrote last when the version says it is current, else the row. */
function readExecution(s: Statements, executions: ExecutionCache, executionId: string): ExecutionRecord {
  const version = s.getExecutionVersion.get(executionId) as number | undefined;
  if (version === undefined) throw new StoreError("EXECUTION_NOT_FOUND", `execution ${executionId} not found`);
  const cached = executions.get(executionId, version);
  if (cached) return cached;
  const row = s.getExecution.get(executionId) as ExecutionRow | undefined;
  if (!row) throw new StoreError("EXECUTION_NOT_FOUND", `execution ${executionId} not found`);
  return rowToExecution(row);
}

/** Writes the patched columns (only those: untouched indexes stay untouched) and the new version. */
function writeExecutionPatch(s: Statements, cache: StatementCache, current: ExecutionRecord, patch: NonNullable<ExecutionMutation["execution"]>) {
  const next = applyPatch(current, patch);
  next.version = current.version + 1;
  const fields = EXECUTION_COLUMN_FIELDS.filter((f) => patch[f.field] !== undefined);
  const key = fields.map((f) => f.field).join(",");
  const update = cache.get(`patch:${key}`, () => {
    const sets = fields.flatMap((f) => f.columns).map((c) => `${c} = ?`);
    return `UPDATE executions SET ${[...sets, "version = ?"].join(", ")} WHERE execution_id = ?`;
  });
  const values: unknown[] = [];
  for (const f of fields) values.push(...f.values(next));
  values.push(next.version, current.executionId);
  update.run(values);
  if (PAYLOAD_FIELDS.some((f) => patch[f] !== undefined)) {
    s.upsertPayloads.run(current.executionId, ...payloadValues(next));
  }
  return next;
}
