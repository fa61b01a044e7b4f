/**
 * What a run costs, for the console and its HTTP API: the client API's cost reads
 * (sdk/runtime/cost) through the console's redacting client, like every read.
 */
import "server-only";
import type { CostOptions, ExecutionCost, FunctionCost, FunctionCostQuery } from "@/sdk/runtime/cost/types";
import { DurableClientError } from "@/sdk/runtime/errors";
import { durable } from "../durable";
import { ApiError } from "../http";

/** One execution's figures, limits, warnings and estimate; the console's 404 wording when there is no such execution. */
export async function getExecutionCost(idOrArn: string, options: CostOptions = {}): Promise<ExecutionCost> {
  const { client } = await durable();
  try {
    return await client.getExecutionCost(idOrArn, options);
  } catch (error) {
    if (DurableClientError.is(error) && error.code === "EXECUTION_NOT_FOUND") throw new ApiError("EXECUTION_NOT_FOUND", `No execution ${JSON.stringify(idOrArn)}`);
    throw error;
  }
}

/** A function's newest executions, summed and per run. */
export async function getFunctionCost(functionName: string, query: FunctionCostQuery = {}): Promise<FunctionCost> {
  const { client } = await durable();
  return client.getFunctionCost(functionName, query);
}
