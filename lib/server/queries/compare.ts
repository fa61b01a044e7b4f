/**
 * Two runs compared (lib/compare), read through the console's redacting client: a redacted field
 * reads "[REDACTED]" on both sides, so the comparison can say neither its values nor whether they
 * differ.
 */
import "server-only";
import { DurableClientError } from "@/sdk/runtime/errors";
import { compareExecutions } from "../../compare/load-run";
import type { RunComparison } from "../../compare/compare-runs";
import { durable } from "../durable";
import { ApiError } from "../http-error";

export async function getRunComparison(a: string, b: string): Promise<RunComparison> {
  const { client } = await durable();
  try {
    return await compareExecutions(client, a, b);
  } catch (error) {
    // The console's own 404 wording, as for one execution (queries/executions readExecution).
    if (DurableClientError.is(error) && error.code === "EXECUTION_NOT_FOUND") throw new ApiError("EXECUTION_NOT_FOUND", error.message);
    throw error;
  }
}
