/**
 * The DynamoDB store: one table (key design in keys.ts and the README), shareable by any number
 * of worker and console processes on any number of machines. Each resource group lives in its own
 * file (executions.ts, operations.ts, history.ts, logs.ts, callbacks.ts, functions.ts, audit.ts,
 * scheduling.ts, workers.ts, transact.ts), the same names as the SQLite backend's.
 *
 * Concurrency: every write to an execution is conditioned on the version it read (optimistic
 * concurrency), and `transact` on the checkpoint token too (transact.ts).
 */
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type {
  AuditStore,
  CallbackStore,
  DurableStore,
  ExecutionRecord,
  ExecutionStore,
  FunctionStore,
  HistoryStore,
  JobStore,
  LogStore,
  OperationStore,
  SchedulingStore,
  TransactOptions,
  WorkerStore,
} from "../types";
import { dynamoAudit } from "./audit";
import { dynamoCallbacks } from "./callbacks";
import { DueReadState } from "./due-reads";
import { dynamoExecutions } from "./executions";
import { dynamoFunctions } from "./functions";
import { dynamoHistory } from "./history";
import { dynamoJobs } from "./jobs";
import { dynamoLogs } from "./logs";
import { dynamoOperations } from "./operations";
import type { Dynamo } from "./requests";
import { WakeHint, dynamoScheduling } from "./scheduling";
import { checkTable, createTable, deleteTable } from "./table";
import { transact, type BuildFn } from "./transact";
import { dynamoWorkers } from "./workers";

export interface DynamoStoreOptions {
  table: string;
  region?: string;
  /** e.g. http://127.0.0.1:8123 for DynamoDB Local. */
  endpoint?: string;
  credentials?: DynamoDBClientConfig["credentials"];
  /** A client to share (the store then does not destroy it on close). */
  client?: DynamoDBClient;
}

export class DynamoStore implements DurableStore {
  readonly kind = "dynamodb";
  /**
   * A checkpoint is one TransactWriteItems of at most 100 items; an update writes its operation
   * item and at most one more (a callback), beside the execution, event, log and due-shard items.
   */
  readonly maxUpdatesPerCheckpoint = 40;
  readonly table: string;
  readonly executions: ExecutionStore;
  readonly operations: OperationStore;
  readonly history: HistoryStore;
  readonly logs: LogStore;
  readonly callbacks: CallbackStore;
  readonly functions: FunctionStore;
  readonly audit: AuditStore;
  readonly scheduling: SchedulingStore;
  readonly workers: WorkerStore;
  readonly jobs: JobStore;
  private readonly db: Dynamo;
  private readonly ownsClient: boolean;
  private closed = false;
  /** The earliest wake time the last claim saw (scheduling.ts); every write drops it. */
  private readonly wakeHint = new WakeHint();
  private readonly dueReads = new DueReadState();

  constructor(options: DynamoStoreOptions) {
    this.table = options.table;
    const client =
      options.client ??
      new DynamoDBClient({ region: options.region, endpoint: options.endpoint, credentials: options.credentials, maxAttempts: 3 });
    this.ownsClient = options.client === undefined;
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.db = { client, doc, table: options.table };
    this.executions = dynamoExecutions(this.db, this.wakeHint);
    this.operations = dynamoOperations(this.db);
    this.history = dynamoHistory(this.db);
    this.logs = dynamoLogs(this.db);
    this.callbacks = dynamoCallbacks(this.db);
    this.functions = dynamoFunctions(this.db);
    this.audit = dynamoAudit(this.db);
    this.scheduling = dynamoScheduling(this.db, this.dueReads, this.wakeHint);
    this.workers = dynamoWorkers(this.db);
    this.jobs = dynamoJobs(this.db);
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

  transact<R = void>(executionId: string, options: TransactOptions, build: BuildFn<R>): Promise<{ execution: ExecutionRecord; result: R }> {
    return transact(this.db, this.wakeHint, executionId, options, build);
  }
}
