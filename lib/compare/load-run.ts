/**
 * Reads the two runs to compare through a DurableClient: the console passes its redacting client
 * (so a redacted field compares as "[REDACTED]" on both sides and its values never reach the
 * diff), `durable diff` the plain one.
 */
import type { ExecutionView } from "../../sdk/runtime/client";
import type { OperationRecord } from "../../sdk/store/types";
import { compareRuns, type RunComparison, type RunData } from "./compare-runs";

export interface RunReader {
  getExecution(idOrArn: string): Promise<ExecutionView>;
  getOperations(idOrArn: string): Promise<OperationRecord[]>;
}

export async function loadRun(reader: RunReader, idOrArn: string): Promise<RunData> {
  const execution = await reader.getExecution(idOrArn);
  return { execution, operations: await reader.getOperations(execution.executionId) };
}

/** Compares run `a` with run `b` (ids or ARNs); a run that does not exist fails as the client's read does. */
export async function compareExecutions(reader: RunReader, a: string, b: string): Promise<RunComparison> {
  const [runA, runB] = await Promise.all([loadRun(reader, a), loadRun(reader, b)]);
  return compareRuns(runA, runB);
}
