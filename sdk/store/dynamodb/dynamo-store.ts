/**
 * The DynamoDB store: one table (key design in keys.ts and the README), shareable by any number
 * of worker and console processes on any number of machines.
 *
 * Concurrency: every write to an execution is conditioned on the version it read (optimistic
 * concurrency), and `transact` on the checkpoint token too. `transact` reads a consistent
 * snapshot, runs `build`, and writes everything in ONE TransactWriteItems; when the version moved
 * meanwhile it reads and builds again (build is pure), while a token that no longer matches is
 * STALE_CHECKPOINT_TOKEN at once. Throttling and transaction conflicts back off and retry.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { ExecutionStatus, HistoryEvent } from "../../types/wire";
import {
  StoreError,
  type AuditPurgeOptions,
  type AuditQuery,
  type AuditRecord,
  type CallbackRecord,
  type ClaimOptions,
  type DurableStore,
  type ExecutionMutation,
  type ExecutionQuery,
  type ExecutionRecord,
  type FunctionRecord,
  type FunctionWindow,
  type FunctionWindowQuery,
  type HistoryQuery,
  type LogQuery,
  type LogRecord,
  type NewExecution,
  type OperationRecord,
  type OperationWithEvents,
  type Page,
  type PendingCallbackQuery,
  type PendingCallbackView,
  type PurgeOptions,
  type TransactOptions,
  type TransactSnapshot,
  type WakeQuery,
} from "../types";
import { applyPatch } from "../sqlite/rows";
import * as audit from "./audit";
import * as children from "./child-reads";
import { getOperationWithEvents } from "./operation-events";
import { claimDue, listFollowUpsDue, nextWakeAt } from "./claims";
import { DueReadState, functionFilter } from "./due-reads";
import { readExecution, readSnapshot } from "./execution-reads";
import * as functions from "./functions";
import { CALLBACK_SK, NAME_SK, callbackPk, namePk } from "./keys";
import { callbackFromItem, extrasOf, type ExecutionItemExtras } from "./items";
import { EVENTS, LOGS, findOverlap } from "./sequences";
import { countExecutionsByStatus, listExecutions, listFunctionNames } from "./listing";
import { functionWindow } from "./function-window";
import { listPendingCallbacks } from "./pending-callbacks";
import { purgeExecutions } from "./purge";
import { backoffMs, cancellationReasons, isTransient, sleep, withRetry, type Dynamo, type Item } from "./requests";
import { checkTable, createTable, deleteTable } from "./table";
import { planCreate, planTransact, type Role, type WritePlan } from "./write-plan";

export interface DynamoStoreOptions {
  table: string;
  region?: string;
  /** e.g. http://127.0.0.1:8123 for DynamoDB Local. */
  endpoint?: string;
  credentials?: DynamoDBClientConfig["credentials"];
  /** A client to share (the store then does not destroy it on close). */
  client?: DynamoDBClient;
}

/** How long the earliest wake time seen by a claim answers nextWakeAt (see nextWakeAt). */
const WAKE_HINT_MS = 50;

/** Read-build-write rounds `transact` tries when other writers keep moving the version. */
const MAX_TRANSACT_ROUNDS = 50;

type BuildFn<R> = (snapshot: TransactSnapshot) => { mutation: ExecutionMutation; result?: R };

export class DynamoStore implements DurableStore {
  readonly kind = "dynamodb";
  /**
   * A checkpoint is one TransactWriteItems of at most 100 items; an update writes its operation
   * item and at most one more (a callback), beside the execution, event, log and due-shard items.
   */
  readonly maxUpdatesPerCheckpoint = 40;
  readonly table: string;
  private readonly db: Dynamo;
  private readonly ownsClient: boolean;
  private closed = false;
  /** The earliest wake time the last claim saw, for the function filter it claimed with (see nextWakeAt). */
  private wakeHint?: { value: number | undefined; readAt: number; filterKey: string };
  private readonly dueReads = new DueReadState();

  constructor(options: DynamoStoreOptions) {
    this.table = options.table;
    const client =
      options.client ??
      new DynamoDBClient({ region: options.region, endpoint: options.endpoint, credentials: options.credentials, maxAttempts: 3 });
    this.ownsClient = options.client === undefined;
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.db = { client, doc, table: options.table };
  }

  /** Checks that the table exists with this store's keys and indexes (create it with createTable()). */
  async init(): Promise<void> {
    const shape = await checkTable(this.db);
    this.dueReads.filterInQuery = shape.timersCarryFunction;
  }

  /** Creates the table (on-demand billing, all indexes) unless it exists; waits until ACTIVE. */
  async createTable(): Promise<boolean> {
    return createTable(this.db);
  }

  /** Deletes the table and everything in it (tests). */
  async deleteTable(): Promise<void> {
    await deleteTable(this.db);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) this.db.client.destroy();
  }

  // ---- executions ---------------------------------------------------------------------------

  async createExecution(input: NewExecution): Promise<{ execution: ExecutionRecord; created: boolean }> {
    const { execution } = input;
    for (let round = 0; ; round++) {
      const plan = planCreate(this.table, input);
      try {
        await this.write(plan);
        return { execution: { ...execution }, created: true };
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons) throw error;
        const failed = (kind: Role["kind"]) => reasons.some((r, i) => r.Code === "ConditionalCheckFailed" && plan.roles[i]?.kind === kind);
        if (failed("name")) {
          const existing = await this.findExecutionByName(execution.functionName, execution.name);
          if (existing) return { execution: existing, created: false };
        } else if (failed("execution")) {
          throw new StoreError("CONFLICT", `execution ${execution.executionId} already exists`);
        } else if (failed("event")) {
          throw new StoreError("CONFLICT", `execution ${execution.executionId} already has events`);
        } else if (!isTransient(error)) throw error;
        // The name's owner was being purged, or a conflict outlived the retries: try again.
        if (round + 1 >= MAX_TRANSACT_ROUNDS) throw error;
        await sleep(backoffMs(round));
      }
    }
  }

  async getExecution(executionId: string): Promise<ExecutionRecord | undefined> {
    return readExecution(this.db, executionId);
  }

  async findExecutionByName(functionName: string, name: string): Promise<ExecutionRecord | undefined> {
    const out = await withRetry(() =>
      this.db.doc.send(new GetCommand({ TableName: this.table, Key: { pk: namePk(functionName, name), sk: NAME_SK }, ConsistentRead: true })),
    );
    const id = (out.Item as Item | undefined)?.executionId;
    if (typeof id !== "string") return undefined;
    const execution = await readExecution(this.db, id);
    return execution && execution.functionName === functionName && execution.name === name ? execution : undefined;
  }

  listExecutions(query: ExecutionQuery): Promise<Page<ExecutionRecord>> {
    return listExecutions(this.db, query);
  }

  countExecutionsByStatus(query: ExecutionQuery): Promise<Record<ExecutionStatus, number>> {
    return countExecutionsByStatus(this.db, query);
  }

  functionWindow(query: FunctionWindowQuery): Promise<FunctionWindow> {
    return functionWindow(this.db, query);
  }

  listFunctionNames(): Promise<string[]> {
    return listFunctionNames(this.db);
  }

  // ---- operations, history, logs, callbacks -------------------------------------------------

  listOperations(executionId: string): Promise<OperationRecord[]> {
    return children.listOperations(this.db, executionId);
  }

  getOperation(executionId: string, operationId: string): Promise<OperationRecord | undefined> {
    return children.getOperation(this.db, executionId, operationId);
  }

  getOperationWithEvents(executionId: string, operationId: string): Promise<OperationWithEvents | undefined> {
    return getOperationWithEvents(this.db, executionId, operationId);
  }

  getHistory(executionId: string, query?: HistoryQuery): Promise<Page<HistoryEvent>> {
    return children.getHistory(this.db, executionId, query);
  }

  getLogs(executionId: string, query?: LogQuery): Promise<Page<LogRecord>> {
    return children.getLogs(this.db, executionId, query);
  }

  async getCallback(callbackId: string): Promise<CallbackRecord | undefined> {
    const out = await withRetry(() =>
      this.db.doc.send(new GetCommand({ TableName: this.table, Key: { pk: callbackPk(callbackId), sk: CALLBACK_SK }, ConsistentRead: true })),
    );
    return out.Item && callbackFromItem(out.Item as Item);
  }

  listPendingCallbacks(query?: PendingCallbackQuery): Promise<Page<PendingCallbackView>> {
    return listPendingCallbacks(this.db, query);
  }

  // ---- registered functions and retention ---------------------------------------------------

  putFunctions(records: FunctionRecord[]): Promise<void> {
    return functions.putFunctions(this.db, records);
  }

  listFunctions(): Promise<FunctionRecord[]> {
    return functions.listFunctions(this.db);
  }

  getFunction(name: string): Promise<FunctionRecord | undefined> {
    return functions.getFunction(this.db, name);
  }

  appendAudit(record: AuditRecord): Promise<void> {
    return audit.appendAudit(this.db, record);
  }

  listAudit(query?: AuditQuery): Promise<Page<AuditRecord>> {
    return audit.listAudit(this.db, query);
  }

  purgeAudit(options: AuditPurgeOptions): Promise<number> {
    return audit.purgeAudit(this.db, options);
  }

  purgeExecutions(options: PurgeOptions): Promise<number> {
    this.wakeHint = undefined;
    return purgeExecutions(this.db, options);
  }

  // ---- transact -----------------------------------------------------------------------------

  async transact<R = void>(
    executionId: string,
    options: TransactOptions,
    build: BuildFn<R>,
  ): Promise<{ execution: ExecutionRecord; result: R }> {
    for (let round = 0; ; round++) {
      const snapshot = await readSnapshot(this.db, executionId, options.readOperationIds ?? []);
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
        table: this.table,
        current,
        currentExtras: extras,
        next,
        mutation,
        checkpointToken: options.checkpointToken,
        heads: { parts: snapshot.partHeads, operations: snapshot.operationHeads },
      });
      await this.refuseDuplicates(executionId, mutation, extras);
      try {
        await this.write(plan);
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
  private async refuseDuplicates(executionId: string, mutation: ExecutionMutation, extras: ExecutionItemExtras): Promise<void> {
    const [event, log] = await Promise.all([
      findOverlap(this.db, EVENTS, executionId, (mutation.events ?? []).map((e) => e.EventId), extras.maxEventId),
      findOverlap(this.db, LOGS, executionId, (mutation.logs ?? []).map((l) => l.seq), extras.maxLogSeq),
    ]);
    if (event !== undefined) throw new StoreError("CONFLICT", `event ${event} already exists in execution ${executionId}`);
    if (log !== undefined) throw new StoreError("CONFLICT", `log ${log} already exists in execution ${executionId}`);
  }

  private async write(plan: WritePlan): Promise<void> {
    try {
      await withRetry(() => this.db.doc.send(new TransactWriteCommand({ TransactItems: plan.items })));
    } finally {
      this.wakeHint = undefined;
    }
  }


  // ---- timers and leases --------------------------------------------------------------------

  async claimDue(options: ClaimOptions): Promise<ExecutionRecord[]> {
    const { claimed, earliest } = await claimDue(this.db, this.dueReads, options);
    this.wakeHint = { value: earliest, readAt: Date.now(), filterKey: functionFilter(options.functionNames)?.key ?? "*" };
    return claimed;
  }

  /**
   * A worker asks this right after a claim that found nothing to do; the claim has just read the
   * head of every due shard, so its answer is reused for a few milliseconds (8 queries saved per
   * idle poll). Any write through this store drops it. The claim read no further than a second
   * past its `now` (due-reads.ts), so its answer may be a lower bound: a worker sleeps less than
   * that between polls anyway.
   */
  async nextWakeAt(query: WakeQuery = {}): Promise<number | undefined> {
    const filter = functionFilter(query.functionNames);
    const hint = this.wakeHint;
    if (hint && hint.filterKey === (filter?.key ?? "*") && Date.now() - hint.readAt <= WAKE_HINT_MS) return hint.value;
    return nextWakeAt(this.db, this.dueReads, filter);
  }

  listFollowUpsDue(options: { now: number; limit: number }): Promise<ExecutionRecord[]> {
    return listFollowUpsDue(this.db, options.now, options.limit);
  }
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
