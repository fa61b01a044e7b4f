import { DurableClientError } from "../runtime/errors";
import type { ErrorObject, HistoryEvent, Operation, OperationStatus, OperationType } from "../types/wire";
import { TERMINAL_OPERATION_STATUSES } from "../types/wire";

export const WaitingOperationStatus = {
  STARTED: "STARTED",
  SUBMITTED: "SUBMITTED",
  COMPLETED: "COMPLETED",
} as const;
export type WaitingOperationStatus = (typeof WaitingOperationStatus)[keyof typeof WaitingOperationStatus];

export interface TestResultError {
  errorType?: string;
  errorMessage?: string;
  errorData?: unknown;
  stackTrace?: string[];
}

/** What an operation handle can see of the run: the latest operations and events. */
export interface RunView {
  operations: Operation[];
  events: HistoryEvent[];
  finished: boolean;
}

/** What a handle needs from the runner to act (answer callbacks). */
export interface HandleActions {
  sendCallbackSuccess(callbackId: string, result?: string): Promise<void>;
  sendCallbackFailure(callbackId: string, error?: ErrorObject): Promise<void>;
  sendCallbackHeartbeat(callbackId: string): Promise<void>;
}

export type OperationMatcher = (operations: Operation[]) => Operation | undefined;

/**
 * A handle on one operation, obtainable before the run starts (as in the official testing
 * library): it finds its operation in every refreshed view and resolves `waitForData` once the
 * operation reaches the asked-for stage.
 */
export class DurableOperation<TResult = unknown> {
  #view: RunView = { operations: [], events: [], finished: false };
  #waiters: Array<{ status: WaitingOperationStatus; resolve: (op: DurableOperation<TResult>) => void; reject: (e: Error) => void }> = [];

  constructor(
    private readonly describe: string,
    private readonly match: OperationMatcher,
    private readonly actions: () => HandleActions | undefined,
  ) {}

  /** Called by the runner each time the stored state may have changed. */
  refresh(view: RunView): void {
    this.#view = view;
    for (const waiter of [...this.#waiters]) {
      if (this.#reached(waiter.status)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(this);
      } else if (view.finished) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.reject(this.#notReached(waiter.status));
      }
    }
  }

  /**
   * Resolves once the operation reached `status`, with the official meanings: STARTED, it exists;
   * COMPLETED, it ended (succeeded, failed, timed out, cancelled or stopped); SUBMITTED, the same
   * as COMPLETED except for a waitForCallback, which is SUBMITTED once its submitter ran and its
   * callback can be answered. Rejects when the execution ends first.
   */
  waitForData(status: WaitingOperationStatus = WaitingOperationStatus.STARTED): Promise<DurableOperation<TResult>> {
    if (this.#reached(status)) return Promise.resolve(this);
    if (this.#view.finished) return Promise.reject(this.#notReached(status));
    return new Promise((resolve, reject) => this.#waiters.push({ status, resolve, reject }));
  }

  #reached(status: WaitingOperationStatus): boolean {
    const op = this.getOperationData();
    if (!op) return false;
    if (status === WaitingOperationStatus.STARTED) return true;
    if (TERMINAL_OPERATION_STATUSES.includes(op.Status)) return true;
    if (status === WaitingOperationStatus.COMPLETED || op.SubType !== "WaitForCallback") return false;
    const children = this.#children(op.Id);
    const submitter = children.find((c) => c.Type === "STEP");
    return submitter?.Status === "SUCCEEDED" && children.some((c) => c.Type === "CALLBACK");
  }

  /** The official runner's words first (tests match on them), then what we know. */
  #notReached(status: WaitingOperationStatus): Error {
    return new Error(
      `Operation was not found after execution completion. Expected status: ${status}. This typically means the operation was never executed or the test is waiting for the wrong operation. ` +
        `(${this.describe}: ${this.getStatus() ? `status ${this.getStatus()}` : "never started"})`,
    );
  }

  getOperationData(): Operation | undefined {
    return this.match(this.#view.operations);
  }

  getId = () => this.getOperationData()?.Id;
  getParentId = () => this.getOperationData()?.ParentId;
  getName = () => this.getOperationData()?.Name;
  getType = (): OperationType | undefined => this.getOperationData()?.Type;
  getSubType = () => this.getOperationData()?.SubType;
  getStatus = (): OperationStatus | undefined => this.getOperationData()?.Status;
  getStartTimestamp = () => toDate(this.getOperationData()?.StartTimestamp);
  getEndTimestamp = () => toDate(this.getOperationData()?.EndTimestamp);
  isCallback = () => this.getType() === "CALLBACK";
  isWaitForCallback = () => this.getSubType() === "WaitForCallback";

  getStepDetails() {
    const details = this.getOperationData()?.StepDetails;
    if (!details) return undefined;
    return {
      attempt: details.Attempt,
      nextAttemptTimestamp: toDate(details.NextAttemptTimestamp),
      result: parseJson(details.Result) as TResult | undefined,
      error: toTestError(details.Error),
    };
  }

  getContextDetails() {
    const details = this.getOperationData()?.ContextDetails;
    if (!details) return undefined;
    return { result: parseJson(details.Result) as TResult | undefined, error: toTestError(details.Error) };
  }

  getCallbackDetails() {
    const op = this.#callbackOperation();
    const details = op?.CallbackDetails;
    if (!details?.CallbackId) return undefined;
    return { callbackId: details.CallbackId, result: parseJson(details.Result) as TResult | undefined, error: toTestError(details.Error) };
  }

  getChainedInvokeDetails() {
    const details = this.getOperationData()?.ChainedInvokeDetails;
    if (!details) return undefined;
    return { result: parseJson(details.Result) as TResult | undefined, error: toTestError(details.Error) };
  }

  getWaitDetails() {
    const op = this.getOperationData();
    if (op?.Type !== "WAIT") return undefined;
    const started = this.getEvents()?.find((e) => e.EventType === "WaitStarted");
    const details = started?.WaitStartedDetails as { Duration?: number } | undefined;
    return { waitSeconds: details?.Duration, scheduledEndTimestamp: toDate(op.WaitDetails?.ScheduledEndTimestamp) };
  }

  getChildOperations(): DurableOperation[] | undefined {
    const op = this.getOperationData();
    if (!op) return undefined;
    return this.#children(op.Id).map((child) => {
      const handle = new DurableOperation(`operation ${child.Id}`, (ops) => ops.find((o) => o.Id === child.Id), this.actions);
      handle.refresh(this.#view);
      return handle;
    });
  }

  getEvents(): HistoryEvent[] | undefined {
    const id = this.getId();
    return id ? this.#view.events.filter((e) => e.Id === id) : undefined;
  }

  async sendCallbackSuccess(result?: string): Promise<Record<string, never>> {
    await this.#act((actions, callbackId) => actions.sendCallbackSuccess(callbackId, result));
    return {};
  }

  async sendCallbackFailure(error?: ErrorObject): Promise<Record<string, never>> {
    await this.#act((actions, callbackId) => actions.sendCallbackFailure(callbackId, error));
    return {};
  }

  async sendCallbackHeartbeat(): Promise<Record<string, never>> {
    await this.#act((actions, callbackId) => actions.sendCallbackHeartbeat(callbackId));
    return {};
  }

  async #act(send: (actions: HandleActions, callbackId: string) => Promise<void>): Promise<void> {
    const callbackId = this.#callbackOperation()?.CallbackDetails?.CallbackId;
    if (!callbackId) throw new Error(`${this.describe} is not a callback that has started (wait for it with waitForData first)`);
    const actions = this.actions();
    if (!actions) throw new Error("The runner is not running: call run() first");
    try {
      await send(actions, callbackId);
    } catch (error) {
      // Lambda's CallbackTimeoutException: say which operation could not be answered, and why.
      if (DurableClientError.is(error) && error.code === "CALLBACK_TIMEOUT") {
        throw new DurableClientError(error.code, `${this.describe} cannot be answered: ${error.message}`);
      }
      throw error;
    }
  }

  #callbackOperation(): Operation | undefined {
    const op = this.getOperationData();
    if (op?.Type === "CALLBACK") return op;
    if (op?.SubType === "WaitForCallback") return this.#children(op.Id).find((c) => c.Type === "CALLBACK");
    return undefined;
  }

  #children(parentId: string): Operation[] {
    return this.#view.operations.filter((o) => o.ParentId === parentId);
  }
}

export function toTestError(error: ErrorObject | undefined): TestResultError | undefined {
  if (!error) return undefined;
  return { errorType: error.ErrorType, errorMessage: error.ErrorMessage, errorData: error.ErrorData, stackTrace: error.StackTrace };
}

function toDate(value: string | undefined): Date | undefined {
  return value ? new Date(value) : undefined;
}

function parseJson(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
