/**
 * The two sides of the differential test, and what they yield normalised: results, operation
 * lists, history (timestamps, request and callback ids left out: they differ by nature).
 */
import { LocalDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import * as officialSdk from "@aws/durable-execution-sdk-js";
import * as ourSdk from "../../sdk";
import { LocalDurableTestRunner as OurTestRunner } from "../../sdk/testing";
import { Probe, type NormalizedRun, type RunnerLike, type Scenario, type TestResultLike } from "./scenario";

type Sdk = typeof ourSdk;

export interface Driver {
  name: string;
  run(scenario: Scenario): Promise<NormalizedRun>;
}

/**
 * One scenario on one SDK and runner: the handler and the functions it invokes are built from
 * `sdk`, the driver code runs beside the execution, and the outcome is normalised for comparison.
 */
export async function runScenario(makeRunner: (handler: unknown) => RunnerLike, sdk: Sdk, scenario: Scenario): Promise<NormalizedRun> {
  const probe = new Probe();
  const runner = makeRunner(scenario.make(sdk, probe));
  const functions = scenario.functions?.(sdk, probe);
  for (const [name, handler] of Object.entries(functions?.durable ?? {})) runner.registerDurableFunction?.(name, handler);
  for (const [name, fn] of Object.entries(functions?.plain ?? {})) runner.registerFunction?.(name, fn);
  const observed: Record<string, unknown> = {};
  const running = runner.run({ payload: scenario.payload });
  // A driver that fails must not leave the run's rejection unhandled.
  running.catch(() => undefined);
  await scenario.drive?.({ runner, running, sdk, observe: (key, value) => (observed[key] = value) });
  let result: TestResultLike;
  try {
    result = await running;
  } catch (error) {
    // The runner itself gave up (an invocation-level failure, a function it cannot find): what it
    // threw is the outcome; there is no result to read operations or history from.
    return { status: "RUN_REJECTED", outcome: rejection(error), operations: [], events: [], invocations: 0, ran: probe.snapshot(), observed };
  }
  const status = result.getStatus() ?? "UNKNOWN";
  let outcome: unknown;
  try {
    outcome = status === "SUCCEEDED" ? result.getResult() : pickError(result.getError());
  } catch (error) {
    outcome = { thrown: String(error) };
  }
  return {
    status,
    outcome,
    operations: result.getOperations().map((op) => describeOperation(op.getOperationData() ?? {})),
    events: result
      .getHistoryEvents()
      .filter((event) => event.EventType !== "InvocationCompleted")
      .map(describeEvent),
    invocations: result.getInvocations().length,
    ran: probe.snapshot(),
    observed,
  };
}

export const officialRunnerDriver = (label: string): Driver => ({
  name: label,
  run: (scenario) => {
    resyncOfficialClock();
    return runScenario((h) => new LocalDurableTestRunner({ handlerFunction: h as never }) as unknown as RunnerLike, officialSdk as unknown as Sdk, scenario);
  },
});

/**
 * Under skipTime the official runner skips a delay by moving its fake clock (this thread's Date)
 * forward, while its checkpoint server, in a worker thread, keeps real time. The gap carries over
 * to the next run: there a waitForCondition resumes before its server-side retry is due and its
 * FAIL is refused ("Invalid current STEP state to close"), so outcomes depended on which
 * scenarios ran before. Each run starts with the two clocks agreeing again.
 */
function resyncOfficialClock(): void {
  const clock = (LocalDurableTestRunner as unknown as { fakeClock?: { _Date?: DateConstructor; setSystemTime(now: number): void } }).fakeClock;
  if (clock?._Date) clock.setSystemTime(new clock._Date().getTime());
}

/** Our SDK on our runtime (worker, checkpoint processing, SQLite store) through our test runner. */
export const ourRunnerDriver = (label: string): Driver => ({
  name: label,
  run: (scenario) => runScenario((h) => new OurTestRunner({ handlerFunction: h }) as unknown as RunnerLike, ourSdk, scenario),
});

function rejection(error: unknown): unknown {
  return error instanceof Error ? { name: error.name, message: error.message } : { thrown: String(error) };
}

function pickError(error: unknown): unknown {
  const e = error as { errorType?: string; errorMessage?: string; errorData?: string } | undefined;
  return { errorType: e?.errorType, errorMessage: e?.errorMessage, errorData: e?.errorData };
}

function describeOperation(op: Record<string, unknown>): string {
  return [op.Type, op.SubType, op.Name ?? "-", op.Status, op.Id, op.ParentId ?? "-"].join(" ");
}

/** Event type, operation and details; timestamps, request ids and execution ids differ by nature. */
function describeEvent(event: Record<string, unknown>): string {
  const detailsKey = Object.keys(event).find((key) => key.endsWith("Details"));
  const details = detailsKey ? normalizeDetails(event[detailsKey], event.EventType) : "";
  const id = event.EventType === "ExecutionStarted" || String(event.EventType).startsWith("Execution") ? "<execution>" : event.Id;
  return [event.EventType, event.SubType ?? "-", event.Name ?? "-", id ?? "-", event.ParentId ?? "-", details].join(" ");
}

function normalizeDetails(details: unknown, eventType: unknown): string {
  // The official runner writes placeholders here (FunctionName "", Input ""): compared without
  // them; "ops: chained invokes record what they called (deliberate)" pins both sides.
  if (eventType === "ChainedInvokeStarted") return "{}";
  return JSON.stringify(sortKeys(parsePayloads(withoutRetryNumbering(details, eventType))), (key, value: unknown) =>
    key.endsWith("Timestamp") || key === "RequestId" || key === "CallbackId" || key === "ExecutionTimeout" ? undefined : value,
  );
}

/**
 * JSON payloads are compared as values, not bytes. Three documented differences are folded away:
 * the official SDK stores stack traces with machine paths in settled rejections (we store none)
 * and drops their cause (we keep it), and nests a duplicate cause in batch item errors (we store
 * the cause once). "ops: promise.allSettled keeps the cause..." pins the first two.
 */
function parsePayloads(value: unknown, key = ""): unknown {
  if (typeof value === "string" && key === "Payload") {
    try {
      return parsePayloads(JSON.parse(value));
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map((v) => parsePayloads(v));
  if (value && typeof value === "object") {
    const settledRejection = (value as { status?: unknown }).status === "rejected";
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k]) => k !== "stack")
      .map(([k, v]): [string, unknown] => [k, settledRejection && k === "reason" && v && typeof v === "object" ? { ...(v as object), cause: undefined } : v])
      .map(([k, v]) => [k, k === "Cause" && v && typeof v === "object" ? { ...(v as object), Cause: undefined } : parsePayloads(v, k)]);
    return Object.fromEntries(entries);
  }
  return value;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/**
 * Documented difference: the official local runner numbers RetryDetails.CurrentAttempt by the
 * attempts recorded before the event (three failed attempts read 1, 1, 2; polls and a success
 * after retries read one less than the attempt from the second on); we number the attempt the
 * event reports on. Step events are compared without that number; "ops: retry numbering
 * (deliberate)" and "ops: waitForCondition poll numbering (deliberate)" pin both sides' numbers.
 */
function withoutRetryNumbering(details: unknown, eventType: unknown): unknown {
  const retry = (details as { RetryDetails?: { NextAttemptDelaySeconds?: number } } | undefined)?.RetryDetails;
  if ((eventType !== "StepFailed" && eventType !== "StepSucceeded") || retry === undefined) return details;
  const kept = retry.NextAttemptDelaySeconds === undefined ? {} : { NextAttemptDelaySeconds: retry.NextAttemptDelaySeconds };
  return { ...(details as object), RetryDetails: kept };
}
