import { LocalDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import { LocalDurableTestRunner as OurTestRunner } from "../../sdk/testing";
import type { DifferentialCase } from "./handlers";

/** What the differential test compares: outcome, operation list and history, minus the noise. */
export interface NormalizedRun {
  status: string;
  outcome: unknown;
  operations: string[];
  events: string[];
}

export interface Driver {
  name: string;
  run(handler: unknown, testCase: DifferentialCase): Promise<NormalizedRun>;
}

/** Runner-shaped objects: the official LocalDurableTestRunner and ours share this surface. */
interface RunnerLike {
  getOperation(name: string): {
    waitForData(status: string): Promise<unknown>;
    sendCallbackSuccess(result?: string): Promise<unknown>;
    sendCallbackFailure(error?: { ErrorType?: string; ErrorMessage?: string }): Promise<unknown>;
  };
  run(input: { payload?: unknown }): Promise<{
    getStatus(): string | undefined;
    getResult(): unknown;
    getError(): unknown;
    getOperations(): Array<{ getOperationData(): Record<string, unknown> | undefined }>;
    getHistoryEvents(): Array<Record<string, unknown>>;
  }>;
}

export async function runCase(makeRunner: (handler: unknown) => RunnerLike, handler: unknown, testCase: DifferentialCase): Promise<NormalizedRun> {
  const runner = makeRunner(handler);
  const callbackHandles = (testCase.callbacks ?? []).map((cb) => ({ cb, handle: runner.getOperation(cb.operation) }));
  const running = runner.run({ payload: testCase.payload });
  for (const { cb, handle } of callbackHandles) {
    await handle.waitForData("SUBMITTED");
    if (cb.answer === "success") await handle.sendCallbackSuccess(cb.value);
    else await handle.sendCallbackFailure({ ErrorType: "Rejected", ErrorMessage: cb.value });
  }
  const result = await running;
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
  };
}

export const officialRunnerDriver = (label: string): Driver => ({
  name: label,
  run: (handler, testCase) => runCase((h) => new LocalDurableTestRunner({ handlerFunction: h as never }) as unknown as RunnerLike, handler, testCase),
});

function pickError(error: unknown): unknown {
  const e = error as { errorType?: string; errorMessage?: string } | undefined;
  return { errorType: e?.errorType, errorMessage: e?.errorMessage };
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
  return JSON.stringify(sortKeys(parsePayloads(withoutRetryNumbering(details, eventType))), (key, value: unknown) =>
    key.endsWith("Timestamp") || key === "RequestId" || key === "CallbackId" || key === "ExecutionTimeout" ? undefined : value,
  );
}

/**
 * JSON payloads are compared as values, not bytes. Two documented differences are folded away:
 * the official SDK stores stack traces with machine paths in settled rejections (we store none)
 * and nests a duplicate cause in batch item errors (we store the cause once).
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
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k]) => k !== "stack")
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

/** Our SDK on our runtime (worker, checkpoint processing, SQLite store) through our test runner. */
export const ourRunnerDriver = (label: string): Driver => ({
  name: label,
  run: (handler, testCase) => runCase((h) => new OurTestRunner({ handlerFunction: h }) as unknown as RunnerLike, handler, testCase),
});

/**
 * Documented difference: for a step retried more than once, the official local runner labels
 * every retried failure after the first with the same CurrentAttempt as the first; we number each
 * failed attempt (1, 2, 3, ...). Retried failures are compared without that number.
 */
function withoutRetryNumbering(details: unknown, eventType: unknown): unknown {
  const retry = (details as { RetryDetails?: { NextAttemptDelaySeconds?: number } } | undefined)?.RetryDetails;
  if (eventType !== "StepFailed" || retry?.NextAttemptDelaySeconds === undefined) return details;
  return { ...(details as object), RetryDetails: { NextAttemptDelaySeconds: retry.NextAttemptDelaySeconds } };
}
