/**
 * Stop or redrive many executions in one request. Each execution is its own transaction (an
 * execution is the unit of atomicity), so the answer reports every id: done, or why not.
 */
import "server-only";
import type { z } from "zod";
import type { bulkBodySchema } from "../api-schemas";
import { DurableClientError } from "@/sdk/runtime/errors";
import type { BulkItemResult, BulkResult } from "../../types";
import { durable } from "../durable";

export async function runBulkAction(body: z.output<typeof bulkBodySchema>): Promise<BulkResult> {
  const { client } = await durable();
  const results: BulkItemResult[] = [];
  for (const executionId of [...new Set(body.executionIds)]) {
    try {
      if (body.action === "stop") {
        await client.stopExecution(executionId, { ErrorType: "ExecutionStopped", ErrorMessage: "Stopped from the console (bulk)" });
      } else {
        await client.redriveExecution(executionId);
      }
      results.push({ executionId, ok: true });
    } catch (error) {
      if (!DurableClientError.is(error)) throw error;
      results.push({ executionId, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { action: body.action, succeeded, failed: results.length - succeeded, results };
}
