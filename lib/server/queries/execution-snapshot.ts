/**
 * The execution page's one read: the execution row and its operations as one consistent
 * snapshot. The page renders its header, its Waiting banner and its operation rows from this one
 * answer, so they can never disagree (a finished header beside a waiting callback row).
 *
 * The store has no multi-item read snapshot (SQLite reads statement by statement here, DynamoDB
 * reads item by item), but every write to an execution bumps its `version`: if the row has the
 * same version after the operations were read as before, nothing was written in between and the
 * pair is a true snapshot. Otherwise the read is repeated a few times; a very busy execution may
 * still change under every attempt, and then the operations are newer than the row, never older:
 * the header may lag its rows by a moment (still RUNNING beside rows that moved on), but it is
 * never ahead of them, and the next poll catches up.
 */
import "server-only";
import { ApiError } from "../http-error";
import type { ExecutionSnapshot } from "../../types";
import { readExecution, toDetail } from "./executions";
import { operationViewsOf } from "./operations";

const SNAPSHOT_ATTEMPTS = 3;

/**
 * `knownVersion`: the version whose operations the caller holds. When the execution is still at
 * that version the operations are not read again (a poll of an unchanged execution is one row).
 */
export async function getExecutionSnapshot(idOrArn: string, options: { knownVersion?: number } = {}): Promise<ExecutionSnapshot> {
  let record = await readExecution(idOrArn);
  let readAt = new Date().toISOString();
  if (options.knownVersion === record.version) return { execution: toDetail(record), readAt };
  for (let attempt = 1; ; attempt++) {
    const operations = await operationViewsOf(record.executionId);
    // Gone since the first read (deleted by retention): answer what was read.
    const after = await readExecution(record.executionId).catch((error: unknown) => {
      if (ApiError.is(error) && error.status === 404) return undefined;
      throw error;
    });
    if (!after || after.version === record.version || attempt === SNAPSHOT_ATTEMPTS) {
      return { execution: toDetail(record), operations, readAt };
    }
    record = after;
    readAt = new Date().toISOString();
  }
}
