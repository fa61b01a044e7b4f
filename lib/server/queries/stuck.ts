/**
 * Why executions wait and which are stuck, for the console and its HTTP API: the client API's
 * diagnosis reads (sdk/runtime/diagnosis) through the console's redacting client, like every read.
 */
import "server-only";
import type { ExecutionDiagnosis, HealthSummary, StuckList, StuckQuery, WorkerView } from "@/sdk/runtime";
import { DurableClientError } from "@/sdk/runtime/errors";
import { durable } from "../durable";
import { ApiError } from "../http";

export async function listStuckExecutions(query: StuckQuery): Promise<StuckList> {
  const { client } = await durable();
  return client.listStuckExecutions(query);
}

export async function getHealth(query: StuckQuery = {}): Promise<HealthSummary> {
  const { client } = await durable();
  return client.getHealth(query);
}

export async function listWorkers(): Promise<WorkerView[]> {
  const { client } = await durable();
  return client.listWorkers();
}

/** What one execution waits on and whether it is stuck; the console's 404 wording when there is no such execution. */
export async function explainExecution(idOrArn: string, query: StuckQuery = {}): Promise<ExecutionDiagnosis> {
  const { client } = await durable();
  try {
    return await client.explainExecution(idOrArn, query);
  } catch (error) {
    if (DurableClientError.is(error) && error.code === "EXECUTION_NOT_FOUND") throw new ApiError("EXECUTION_NOT_FOUND", `No execution ${JSON.stringify(idOrArn)}`);
    throw error;
  }
}
