/**
 * Rerun from a step: a new execution of the same function that keeps every checkpoint recorded
 * before a chosen operation and runs from there (our extension, as Inngest's and DBOS's "rerun
 * from step"). Carried over: every operation that started before the chosen one and ended,
 * except the contexts the chosen one is in (their bodies must run to reach it) and a context with
 * anything under it that is not carried (a batch still busy when the chosen operation started).
 * The new execution links to its source (`replayOf`), each carried operation says where it came
 * from (`runtime.carriedFrom`), and its history names them in an `ExecutionForked` event.
 *
 * A fork takes several writes. Its first write marks the EXECUTION operation (`forkStartedAt`)
 * and makes it due only after FORK_WRITE_GRACE_MS; its last write clears the mark and makes it
 * due at once. A process that dies in between leaves a fork missing some of its carried steps;
 * when the grace runs out an invocation finds the mark and fails it (`Fork.Unfinished`) instead
 * of running it, so it neither waits forever nor re-runs steps its source had done.
 */
import type { DurableStore, ExecutionRecord, OperationRecord } from "../store/types";
import type { ErrorObject, Operation } from "../types/wire";
import type { Clock } from "./clock";
import { DurableClientError } from "./errors";
import { buildNewExecution } from "./execution-factory";
import { newExecutionId } from "./ids";
import { MutationBuilder } from "./mutation-builder";
import { isTerminalStatus, runtimeStateOf, withRuntimeState } from "./operation-state";

/** What the fork keeps: the chosen operation, and the records carried over (in start order). */
export interface ForkPlan {
  from: OperationRecord;
  carried: OperationRecord[];
}

/** Operations per write: an operation and its share of events stay well inside DynamoDB's 100-item transaction. */
const OPERATIONS_PER_WRITE = 40;
/** The ExecutionForked event names this many carried operations (it counts them all). */
const LISTED_IN_EVENT = 100;
/**
 * How long a fork's writes may take before an invocation takes it for cut off. Writing 25,000
 * carried operations to DynamoDB is about 625 writes, well inside it.
 */
export const FORK_WRITE_GRACE_MS = 10 * 60_000;

export function planFork(records: readonly OperationRecord[], fromOperationId: string): ForkPlan {
  const byId = new Map(records.map((r) => [r.operation.Id, r]));
  const from = byId.get(fromOperationId);
  if (!from || from.operation.Type === "EXECUTION") {
    throw new DurableClientError("OPERATION_NOT_FOUND", `the execution has no operation ${fromOperationId} to rerun from`);
  }
  const ancestors = new Set<string>();
  for (let id = from.operation.ParentId, depth = 0; id !== undefined && depth < 256; depth++) {
    ancestors.add(id);
    id = byId.get(id)?.operation.ParentId;
  }
  const carried = new Set(
    records
      .filter((r) => r.seq < from.seq && r.operation.Type !== "EXECUTION" && !ancestors.has(r.operation.Id) && isTerminalStatus(r.operation.Status))
      .map((r) => r.operation.Id),
  );
  // Children start after their parent, so walking back in start order settles each context after
  // everything under it: a context keeps its record only when all its children are carried.
  const childrenOf = new Map<string, OperationRecord[]>();
  for (const r of records) {
    if (r.operation.ParentId === undefined) continue;
    const list = childrenOf.get(r.operation.ParentId) ?? [];
    list.push(r);
    childrenOf.set(r.operation.ParentId, list);
  }
  for (const r of [...records].sort((a, b) => b.seq - a.seq)) {
    if (r.operation.Type !== "CONTEXT" || !carried.has(r.operation.Id)) continue;
    if ((childrenOf.get(r.operation.Id) ?? []).some((child) => !carried.has(child.operation.Id))) carried.delete(r.operation.Id);
  }
  return { from, carried: records.filter((r) => carried.has(r.operation.Id)).sort((a, b) => a.seq - b.seq) };
}

export interface ForkResult {
  execution: ExecutionRecord;
  fromOperationId: string;
  carriedOperationIds: string[];
}

/**
 * Writes the fork: the execution (due only after the grace, marked unfinished), its carried
 * operations in a few writes, then the ExecutionForked event, which clears the mark and makes it
 * due at once.
 */
export async function writeFork(
  store: DurableStore,
  clock: Clock,
  source: ExecutionRecord,
  plan: ForkPlan,
  input: string | undefined,
): Promise<ForkResult> {
  const executionId = newExecutionId();
  const created = buildNewExecution({
    executionId,
    functionName: source.functionName,
    input,
    executionTimeoutSeconds: source.executionTimeoutSeconds,
    replayOf: source.executionId,
    now: clock.now(),
  });
  const startedAt = clock.now();
  created.execution.nextWakeAt = startedAt + FORK_WRITE_GRACE_MS;
  created.operations[0] = { ...created.operations[0], runtime: { forkStartedAt: startedAt } };
  await store.executions.create(created);

  const batches: OperationRecord[][] = [];
  for (let i = 0; i < plan.carried.length; i += OPERATIONS_PER_WRITE) batches.push(plan.carried.slice(i, i + OPERATIONS_PER_WRITE));
  let execution = created.execution;
  for (const batch of batches) {
    ({ execution } = await store.transact(executionId, {}, (snapshot) => {
      const b = new MutationBuilder(snapshot.execution, [], clock.now());
      for (const record of batch) b.createOperation(carriedOperation(record.operation), carriedState(record, source.executionId));
      return { mutation: b.build() };
    }));
  }
  const carriedOps = plan.carried.map((r) => r.operation);
  ({ execution } = await store.transact(executionId, { readOperationIds: [executionId] }, (snapshot) => {
    // The EXECUTION operation is read so the event joins its event list, and loses its mark.
    const b = new MutationBuilder(snapshot.execution, snapshot.operations, clock.now());
    const executionOp = snapshot.operations.get(executionId);
    if (executionOp) b.putOperation(withRuntimeState(executionOp, { ...runtimeStateOf(executionOp), forkStartedAt: undefined }));
    b.event("ExecutionForked", executionOp?.operation, {
      SourceExecutionId: source.executionId,
      FromOperationId: plan.from.operation.Id,
      FromOperationName: plan.from.operation.Name,
      CarriedOperationCount: carriedOps.length,
      CarriedOperations: carriedOps.slice(0, LISTED_IN_EVENT).map((op) => ({ Id: op.Id, Name: op.Name, Type: op.Type, Status: op.Status })),
    });
    b.setExecution({ nextWakeAt: b.now });
    return { mutation: b.build() };
  }));
  return { execution, fromOperationId: plan.from.operation.Id, carriedOperationIds: carriedOps.map((op) => op.Id) };
}

/** The operation as recorded; its events stay in the source's history. */
function carriedOperation(operation: Operation): Operation {
  return { ...operation };
}

/** Its bookkeeping, minus timers (it has ended), plus where it came from. */
function carriedState(record: OperationRecord, sourceExecutionId: string) {
  const { callbackTimeoutAt: _t, heartbeatDeadlineAt: _h, ...kept } = runtimeStateOf(record);
  return { ...kept, carriedFrom: sourceExecutionId };
}

/** The failure of a fork whose writes were cut off (its EXECUTION operation still has the mark), else undefined. */
export function unfinishedForkError(executionOperation: OperationRecord | undefined): ErrorObject | undefined {
  const startedAt = runtimeStateOf(executionOperation).forkStartedAt;
  if (startedAt === undefined) return undefined;
  return {
    ErrorType: "Fork.Unfinished",
    ErrorMessage: `This rerun was cut off while its carried steps were written (started ${new Date(startedAt).toISOString()}); nothing of it ran. Rerun the source execution again.`,
  };
}
