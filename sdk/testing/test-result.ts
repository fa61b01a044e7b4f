import type { ExecutionRecord } from "../store/types";
import type { ExecutionStatus, HistoryEvent, Operation, OperationStatus } from "../types/wire";
import { DurableOperation, toTestError, type HandleActions, type RunView, type TestResultError } from "./operation-handle";

export interface Invocation {
  startTimestamp?: Date;
  endTimestamp?: Date;
  requestId?: string;
  error?: TestResultError;
}

/** The outcome of `LocalDurableTestRunner.run()`, with the official testing library's surface. */
export class TestResult<TResult = unknown> {
  constructor(
    private readonly execution: ExecutionRecord,
    private readonly operations: Operation[],
    private readonly events: HistoryEvent[],
  ) {}

  getStatus(): ExecutionStatus {
    return this.execution.status;
  }

  /** The parsed result; throws when the execution did not succeed. */
  getResult(): TResult | undefined {
    if (this.execution.status !== "SUCCEEDED") {
      const error = this.execution.error;
      throw Object.assign(new Error(error?.ErrorMessage ?? `Execution ended ${this.execution.status}`), { name: error?.ErrorType ?? "Error" });
    }
    const result = this.execution.result;
    if (result === undefined || result === "") return undefined;
    try {
      return JSON.parse(result) as TResult;
    } catch {
      return result as TResult;
    }
  }

  /** The execution's error; throws when it succeeded. */
  getError(): TestResultError {
    if (this.execution.status === "SUCCEEDED") throw new Error("The execution succeeded: it has no error");
    return toTestError(this.execution.error) ?? { errorMessage: `Execution ended ${this.execution.status}` };
  }

  /** Every operation (children included), the EXECUTION operation excepted, in start order. */
  getOperations(filter?: { status?: OperationStatus }): DurableOperation[] {
    const view: RunView = { operations: this.operations, events: this.events, finished: true };
    return this.operations
      .filter((op) => op.Type !== "EXECUTION" && (!filter?.status || op.Status === filter.status))
      .map((op) => {
        const handle = new DurableOperation(`operation ${op.Id}`, (ops) => ops.find((o) => o.Id === op.Id), noActions);
        handle.refresh(view);
        return handle;
      });
  }

  /** One entry per handler invocation, from the InvocationCompleted events. */
  getInvocations(): Invocation[] {
    return this.events
      .filter((e) => e.EventType === "InvocationCompleted")
      .map((e) => {
        const details = e.InvocationCompletedDetails as
          | { StartTimestamp?: string; EndTimestamp?: string; RequestId?: string; Error?: { Payload?: Parameters<typeof toTestError>[0] } }
          | undefined;
        return {
          startTimestamp: details?.StartTimestamp ? new Date(details.StartTimestamp) : undefined,
          endTimestamp: details?.EndTimestamp ? new Date(details.EndTimestamp) : undefined,
          requestId: details?.RequestId,
          error: toTestError(details?.Error?.Payload),
        };
      });
  }

  /** The full history in the Lambda `GetDurableExecutionHistory` event format. */
  getHistoryEvents(): HistoryEvent[] {
    return this.events;
  }

  print(): void {
    const rows = this.operations
      .filter((op) => op.Type !== "EXECUTION")
      .map((op) => ({ name: op.Name ?? "", type: op.Type, subType: op.SubType ?? "", status: op.Status, start: op.StartTimestamp, end: op.EndTimestamp ?? "" }));
    console.table(rows);
  }
}

const noActions = (): HandleActions | undefined => undefined;
