/**
 * Rerun from a step, from the console: a fork of the execution from the chosen operation. An
 * edited input that still holds "[REDACTED]" where redaction hid a value gets the original back
 * there, as a replay's does.
 */
import "server-only";
import type { z } from "zod";
import type { rerunBodySchema } from "../api-schemas";
import { durable } from "../durable";
import { withRedactedInputRestored } from "./executions";
import type { RerunResult } from "../../resume-types";

export async function rerunFromOperation(idOrArn: string, body: z.output<typeof rerunBodySchema>): Promise<RerunResult> {
  const { client } = await durable();
  const options = await withRedactedInputRestored(idOrArn, body);
  const fork = await client.forkExecution(idOrArn, options);
  return { executionId: fork.execution.executionId, fromOperationId: fork.fromOperationId, carriedOperationIds: fork.carriedOperationIds };
}
