/**
 * Executions on DynamoDB: the execution item and its payload parts on the execution's partition
 * (execution-reads.ts), a name item per (function, name), list and count through the status
 * indexes (execution-list.ts), the function window (function-window.ts) and the purge (purge.ts).
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { StoreError, type ExecutionRecord, type ExecutionStore, type NewExecution } from "../types";
import { readExecution } from "./execution-reads";
import { countExecutionsByStatus, listExecutions, listFunctionNames } from "./execution-list";
import { functionWindow } from "./function-window";
import { NAME_SK, namePk } from "./keys";
import { purgeExecutions } from "./purge";
import { backoffMs, cancellationReasons, isTransient, sleep, withRetry, type Dynamo, type Item } from "./requests";
import type { WakeHint } from "./scheduling";
import { MAX_TRANSACT_ROUNDS, writePlan } from "./transact";
import { planCreate, type Role } from "./write-plan";

async function findByName(db: Dynamo, functionName: string, name: string): Promise<ExecutionRecord | undefined> {
  const out = await withRetry(() =>
    db.doc.send(new GetCommand({ TableName: db.table, Key: { pk: namePk(functionName, name), sk: NAME_SK }, ConsistentRead: true })),
  );
  const id = (out.Item as Item | undefined)?.executionId;
  if (typeof id !== "string") return undefined;
  const execution = await readExecution(db, id);
  return execution && execution.functionName === functionName && execution.name === name ? execution : undefined;
}

async function create(db: Dynamo, wakeHint: WakeHint, input: NewExecution): Promise<{ execution: ExecutionRecord; created: boolean }> {
  const { execution } = input;
  for (let round = 0; ; round++) {
    const plan = planCreate(db.table, input);
    try {
      await writePlan(db, wakeHint, plan);
      if (execution.nextWakeAt !== undefined) wakeHint.due.notify();
      return { execution: { ...execution }, created: true };
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      const failed = (kind: Role["kind"]) => reasons.some((r, i) => r.Code === "ConditionalCheckFailed" && plan.roles[i]?.kind === kind);
      if (failed("name")) {
        const existing = await findByName(db, execution.functionName, execution.name);
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

export function dynamoExecutions(db: Dynamo, wakeHint: WakeHint): ExecutionStore {
  return {
    create: (input) => create(db, wakeHint, input),
    get: (executionId) => readExecution(db, executionId),
    findByName: (functionName, name) => findByName(db, functionName, name),
    list: (query) => listExecutions(db, query),
    countByStatus: (query) => countExecutionsByStatus(db, query),
    functionWindow: (query) => functionWindow(db, query),
    functionNames: () => listFunctionNames(db),
    purge(options) {
      wakeHint.clear();
      return purgeExecutions(db, options);
    },
  };
}
