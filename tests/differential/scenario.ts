/**
 * A differential scenario: handler code and test-driver code written once, against an SDK module
 * and a runner-shaped object, so the very same code runs on the official
 * `@aws/durable-execution-sdk-js` with its `LocalDurableTestRunner` and on ours with our runner.
 */
type Sdk = typeof import("../../sdk");

/** Counts how often user code ran (step bodies, submitters, checks), by label. */
export class Probe {
  private readonly counts = new Map<string, number>();

  ran(label: string): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** The operation handle surface both runners share (see @aws/durable-execution-sdk-js-testing). */
export interface OperationHandleLike {
  waitForData(status?: string): Promise<unknown>;
  getOperationData(): Record<string, unknown> | undefined;
  getStatus?(): string | undefined;
  sendCallbackSuccess(result?: string): Promise<unknown>;
  sendCallbackFailure(error?: { ErrorType?: string; ErrorMessage?: string; ErrorData?: string }): Promise<unknown>;
  sendCallbackHeartbeat(): Promise<unknown>;
}

export interface TestResultLike {
  getStatus(): string | undefined;
  getResult(): unknown;
  getError(): { errorType?: string; errorMessage?: string; errorData?: string } | undefined;
  getOperations(filter?: { status: string }): Array<{ getOperationData(): Record<string, unknown> | undefined }>;
  getInvocations(): Array<{ requestId?: string; error?: unknown }>;
  getHistoryEvents(): Array<Record<string, unknown>>;
}

export interface RunnerLike {
  getOperation(name: string): OperationHandleLike;
  getOperationByIndex(index: number): OperationHandleLike;
  getOperationByNameAndIndex(name: string, index: number): OperationHandleLike;
  getOperationById(id: string): OperationHandleLike;
  run(input?: { payload?: unknown }): Promise<TestResultLike>;
  reset(): void;
  registerDurableFunction?(name: string, handler: unknown): unknown;
  registerFunction?(name: string, fn: unknown): unknown;
}

/** What the driver sees while the execution runs, and what it may record for comparison. */
export interface Drive {
  runner: RunnerLike;
  /** The run in flight (the driver may await it, or not). */
  running: Promise<TestResultLike>;
  /** Records a value the two runs must agree on (what a waitForData returned, say). */
  observe(key: string, value: unknown): void;
  sdk: Sdk;
}

export interface Scenario {
  name: string;
  payload?: unknown;
  /** The handler, built from the SDK under test; `probe` counts what user code ran. */
  make(sdk: Sdk, probe: Probe): unknown;
  /** Functions a chained invoke may reach, registered on the runner before the run. */
  functions?(sdk: Sdk, probe: Probe): { durable?: Record<string, unknown>; plain?: Record<string, unknown> };
  /** Test-driver code, run beside the execution (answers callbacks, waits for data...). */
  drive?(drive: Drive): Promise<void>;
  /**
   * Concurrent branches finish in an order that depends on scheduling in either SDK: for these,
   * the events are compared per operation and as a whole set rather than as one global order.
   */
  concurrent?: boolean;
  /**
   * The execution suspends on a timer (a wait, a retry delay, a condition poll). Under skipTime
   * the official runner often carries on inside the same invocation, a number that varies from
   * run to run; ours suspends and re-invokes as the service does. Invocation counts are not
   * compared here: a deliberate difference (README), pinned by its own scenario.
   */
  skipsTimers?: boolean;
  /**
   * A deliberate difference: the official behaviour is a defect we do not copy. `readme` names
   * the entry in the README's list; `check` asserts our behaviour and the official one's, each as
   * it is, instead of asserting that they are equal.
   */
  deliberate?: { readme: string; check(ours: NormalizedRun, theirs: NormalizedRun): void };
}

/** What a differential run yields, minus what differs by nature (ids of requests, times). */
export interface NormalizedRun {
  status: string;
  /** The result when SUCCEEDED; the execution's error (type, message, data) otherwise. */
  outcome: unknown;
  operations: string[];
  events: string[];
  invocations: number;
  /** How many times each labelled piece of user code ran. */
  ran: Record<string, number>;
  observed: Record<string, unknown>;
}

type ErrorClass = abstract new (...args: never[]) => unknown;

/** The error classes an SDK exports, by name (for the instanceof chain of what user code caught). */
function errorClasses(sdk: Sdk): Array<[string, ErrorClass]> {
  return (Object.entries(sdk) as Array<[string, unknown]>)
    .filter(([name, value]) => typeof value === "function" && /Error$/.test(name))
    .map(([name, value]) => [name, value as ErrorClass]);
}

export interface ErrorView {
  name?: string;
  message?: string;
  errorType?: string;
  errorData?: unknown;
  /** Every error class of the SDK the error is an instance of, sorted, plus Error itself. */
  classes?: string[];
  cause?: ErrorView;
  thrown?: string;
}

/**
 * An error as user code sees it, field for field, for comparison: name, message, errorType,
 * errorData, the instanceof chain against the SDK's own classes, and its cause, recursively.
 */
export function describeError(sdk: Sdk, error: unknown, depth = 0): ErrorView {
  if (!(error instanceof Error)) return { thrown: typeof error === "string" ? error : JSON.stringify(error) ?? String(error) };
  const e = error as Error & { errorType?: string; errorData?: unknown };
  const view: ErrorView = { name: e.name, message: e.message };
  if (e.errorType !== undefined) view.errorType = e.errorType;
  if (e.errorData !== undefined) view.errorData = e.errorData;
  view.classes = [...errorClasses(sdk).filter(([, Class]) => error instanceof Class).map(([name]) => name), "Error"].sort();
  if (e.cause !== undefined && depth < 4) view.cause = describeError(sdk, e.cause, depth + 1);
  return view;
}

/** Runs `work` and describes what it threw (or `{ returned }`), for handlers that compare errors. */
export async function caught(sdk: Sdk, work: () => Promise<unknown>): Promise<ErrorView | { returned: unknown }> {
  try {
    return { returned: await work() };
  } catch (error) {
    return describeError(sdk, error);
  }
}

/** A retry strategy that never retries (a failure is final at once). */
export const noRetry = () => ({ shouldRetry: false });
