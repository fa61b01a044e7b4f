/**
 * The determinism check: replay an execution's recorded history through the handler registered
 * now, as a dry run (sdk/context/dry-run.ts): no step body runs, nothing is written, and the run
 * stops at the first operation that has no record. The answer is "compatible", or the first
 * mismatch in NonDeterministicExecutionError terms: the operation, what was recorded (type,
 * subtype, name) and what the code asks for now.
 */
import { DurableExecutionInvocationInputWithClient } from "../invocation-input";
import { isDryRunCapable, type DryRunObserver, type DryRunOperation, type DryRunStopReason } from "../context/dry-run";
import type { ExecutionRecord, OperationRecord } from "../store/types";
import type { DurableExecutionClient, Operation, OperationType } from "../types/wire";
import { DurableClientError } from "./errors";
import { createLambdaContext } from "./lambda-context";
import { systemClock } from "./clock";
import type { DurableHandler, FunctionRegistry } from "./registry";
import { pruneFinishedContextChildren } from "./visible-operations";

/** What an operation is, for comparing: its type, subtype and name. */
export interface OperationShape {
  type: OperationType;
  subType?: string;
  name?: string;
}

export interface DeterminismMismatch {
  operationId: string;
  /** The step path the code reached it by ("2", "3-1"). */
  path: string;
  recorded: OperationShape;
  found: OperationShape;
  /** NonDeterministicExecutionError's message, as a worker would fail the execution with. */
  message: string;
}

/** How the dry run ended. */
export type DryRunEnd =
  | { reason: DryRunStopReason; operation: { operationId: string; path: string } & OperationShape }
  /** The code waits on a recorded operation that has not ended (a wait, a callback, a retry). */
  | { reason: "SUSPENDED" }
  /** The handler finished on recorded results alone. */
  | { reason: "HANDLER_RETURNED" | "HANDLER_FAILED" }
  | { reason: "MISMATCH" }
  /** The handler neither finished nor reached an operation in time (it awaits something not durable). */
  | { reason: "TIMED_OUT" };

export interface DeterminismReport {
  executionId: string;
  functionName: string;
  verdict: "compatible" | "mismatch";
  /** Recorded operations the handler is handed (children of finished contexts replay with them). */
  recordedOperations: number;
  /** Of those, how many the code reached and asked for as recorded. */
  replayedOperations: number;
  mismatch?: DeterminismMismatch;
  end: DryRunEnd;
}

const DRY_RUN_TIMEOUT_MS = 10_000;

function shapeOf(op: { type: OperationType; subType?: string; name?: string }): OperationShape {
  return { type: op.type, ...(op.subType !== undefined ? { subType: op.subType } : {}), ...(op.name !== undefined ? { name: op.name } : {}) };
}

/** A backend that answers from the records and accepts every checkpoint without keeping it. */
function recordsOnlyClient(operations: Operation[]): DurableExecutionClient {
  return {
    async getExecutionState(request) {
      const from = Number(request.Marker ?? 0) || 0;
      const page = operations.slice(from, from + (request.MaxItems ?? 1000));
      const next = from + page.length;
      return { Operations: page, ...(next < operations.length ? { NextMarker: String(next) } : {}) };
    },
    async checkpoint(request) {
      return { CheckpointToken: request.CheckpointToken, NewExecutionState: { Operations: [] } };
    },
  };
}

/** Replays `records` (an execution's operations) through `handler` in a dry run. */
export async function checkDeterminismOf(handler: DurableHandler, execution: ExecutionRecord, records: OperationRecord[]): Promise<DeterminismReport> {
  if (!isDryRunCapable(handler)) {
    throw new DurableClientError(
      "CODE_UNAVAILABLE",
      `${execution.functionName} was not built with this SDK's withDurableExecution: it cannot replay without running its steps`,
    );
  }
  const visible = pruneFinishedContextChildren(records.map((r) => r.operation));
  const report: DeterminismReport = {
    executionId: execution.executionId,
    functionName: execution.functionName,
    verdict: "compatible",
    recordedOperations: visible.filter((op) => op.Type !== "EXECUTION").length,
    replayedOperations: 0,
    end: { reason: "TIMED_OUT" },
  };
  let stoppedAt: DryRunEnd | undefined;
  const observer: DryRunObserver = {
    replayed() {
      report.replayedOperations += 1;
    },
    mismatch(asked: DryRunOperation, recorded: Operation, message: string) {
      report.verdict = "mismatch";
      report.mismatch = {
        operationId: asked.id,
        path: asked.path,
        recorded: shapeOf({ type: recorded.Type, subType: recorded.SubType, name: recorded.Name }),
        found: shapeOf(asked),
        message,
      };
      stoppedAt = { reason: "MISMATCH" };
    },
    stopped(at: DryRunOperation, reason: DryRunStopReason) {
      stoppedAt = { reason, operation: { operationId: at.id, path: at.path, ...shapeOf(at) } };
    },
  };
  const input = new DurableExecutionInvocationInputWithClient(
    { DurableExecutionArn: execution.arn, CheckpointToken: "dry-run", InitialExecutionState: { Operations: visible } },
    recordsOnlyClient(visible),
    observer,
  );
  const context = createLambdaContext({
    functionName: execution.functionName,
    requestId: `dry-run-${execution.executionId}`,
    clock: systemClock,
    deadline: systemClock.now() + DRY_RUN_TIMEOUT_MS,
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timed-out">((resolve) => {
    timer = setTimeout(() => resolve("timed-out"), DRY_RUN_TIMEOUT_MS);
    timer.unref?.();
  });
  try {
    const output = await Promise.race([handler(input, context).catch((error: unknown) => ({ Status: "FAILED", Error: error })), timedOut]);
    if (output === "timed-out") report.end = stoppedAt ?? { reason: "TIMED_OUT" };
    else {
      const status = (output as { Status?: string }).Status;
      report.end = stoppedAt ?? (status === "PENDING" ? { reason: "SUSPENDED" } : { reason: status === "SUCCEEDED" ? "HANDLER_RETURNED" : "HANDLER_FAILED" });
    }
  } finally {
    clearTimeout(timer);
  }
  return report;
}

/** The durable handler `code` has for `functionName`; CODE_UNAVAILABLE when it has none. */
export function handlerIn(code: FunctionRegistry | undefined, functionName: string): DurableHandler {
  const fn = code?.get(functionName);
  if (fn?.kind !== "durable") {
    throw new DurableClientError(
      "CODE_UNAVAILABLE",
      `this process does not have the code of ${functionName}: check where its workers run (durable check-determinism --functions <module>)`,
    );
  }
  return fn.handler;
}

/**
 * The guard of redrive and rerun: throws NON_DETERMINISTIC when `code` replays `records`
 * differently from how they were recorded. Without the code (or with another SDK's) nothing is
 * checked: the action goes ahead as it always did.
 */
export async function refuseMismatch(code: FunctionRegistry | undefined, execution: ExecutionRecord, records: OperationRecord[], action: string): Promise<void> {
  const fn = code?.get(execution.functionName);
  if (fn?.kind !== "durable" || !isDryRunCapable(fn.handler)) return;
  const report = await checkDeterminismOf(fn.handler, execution, records);
  if (report.mismatch) {
    throw new DurableClientError(
      "NON_DETERMINISTIC",
      `the code deployed now does not replay this execution (${action} with force to go ahead anyway): ${report.mismatch.message}`,
    );
  }
}

/** A function's recent executions checked against the code now: how many fit, and which do not. */
export interface FunctionDeterminismReport {
  functionName: string;
  checked: number;
  compatible: number;
  /** The executions whose history the code does not replay, newest first, each with its first mismatch. */
  mismatches: Array<{ executionId: string; mismatch: DeterminismMismatch }>;
}

export function summarize(functionName: string, reports: DeterminismReport[]): FunctionDeterminismReport {
  const mismatches = reports.flatMap((r) => (r.mismatch ? [{ executionId: r.executionId, mismatch: r.mismatch }] : []));
  return { functionName, checked: reports.length, compatible: reports.length - mismatches.length, mismatches };
}
