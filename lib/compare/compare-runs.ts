/**
 * Two runs side by side: their inputs as a JSON diff, their operations aligned by id, and the
 * first place they part ways, in words. Operation ids are deterministic (the SDK derives them
 * from the position in the code), so the same step of two runs of one function has one id: that
 * is what makes the alignment exact, without guessing by name or time.
 *
 * Pure and linear in the number of operations (maps, no nested scans), so comparing two runs of
 * 10,000 operations stays fast (measured in `npm run bench`). The same function serves the
 * console (over redacted reads), the HTTP API and `durable diff`.
 */
import type { ErrorObject, ExecutionStatus, Operation, OperationStatus, OperationType } from "../../sdk/types/wire";
import { diffJsonText, type JsonDiff } from "./json-diff";
import { operationLabel, operationPayloads } from "../operation-tree";

/** What one side of the comparison is read from: an execution and its operation records. */
export interface RunData {
  execution: RunIdentity & { inputPayload?: string; result?: string };
  operations: ReadonlyArray<{ seq: number; operation: Operation }>;
}

/** Who a run is and how it ended: what both the input and the summary of a side carry. */
interface RunIdentity {
  executionId: string;
  name: string;
  functionName: string;
  status: ExecutionStatus;
  startTimestamp: string;
  endTimestamp?: string;
  error?: ErrorObject;
}

export interface RunSummary extends RunIdentity {
  durationMs?: number;
  operationCount: number;
}

/** One operation as one run has it. */
export interface OperationSide {
  status: OperationStatus;
  result?: string;
  error?: ErrorObject;
  /** Steps: the attempts made (a step retried twice and then succeeded made 3). */
  attempts?: number;
  durationMs?: number;
  startTimestamp: string;
  endTimestamp?: string;
}

export type OperationField = "presence" | "status" | "result" | "error" | "attempts" | "name" | "type";

export interface OperationPair {
  id: string;
  parentId?: string;
  /** The name to show (A's when both have it). */
  label: string;
  type: OperationType;
  subType?: string;
  a?: OperationSide;
  b?: OperationSide;
  /** What differs; empty when the two agree (durations always differ and are not counted). */
  differences: OperationField[];
}

export interface Divergence {
  /** The operation where the runs part, absent when they differ only in how the execution ended. */
  operationId?: string;
  message: string;
}

export interface RunComparison {
  a: RunSummary;
  b: RunSummary;
  sameFunction: boolean;
  input: JsonDiff;
  /** The executions' results (when both succeeded, or either has one). */
  result: JsonDiff;
  operations: OperationPair[];
  counts: { same: number; different: number; onlyA: number; onlyB: number };
  /** The first place the runs part, in execution order; absent when they agree. */
  firstDivergence?: Divergence;
}

type Side = "A" | "B";

export function compareRuns(a: RunData, b: RunData): RunComparison {
  const operations = alignOperations(a, b);
  const counts = { same: 0, different: 0, onlyA: 0, onlyB: 0 };
  for (const pair of operations) {
    if (!pair.b) counts.onlyA++;
    else if (!pair.a) counts.onlyB++;
    else if (pair.differences.length) counts.different++;
    else counts.same++;
  }
  const comparison: RunComparison = {
    a: summaryOf(a),
    b: summaryOf(b),
    sameFunction: a.execution.functionName === b.execution.functionName,
    input: diffJsonText(a.execution.inputPayload, b.execution.inputPayload),
    result: diffJsonText(a.execution.result, b.execution.result),
    operations,
    counts,
  };
  const divergence = firstDivergence(operations, a, b);
  if (divergence) comparison.firstDivergence = divergence;
  return comparison;
}

/**
 * A's operations in start order, each B-only operation placed after the last operation B started
 * before it that A has too (so a step that only B ran shows where B ran it). The EXECUTION
 * operation is left out: the summaries carry the execution itself.
 */
function alignOperations(a: RunData, b: RunData): OperationPair[] {
  const ordered = (run: RunData) => [...run.operations].filter((r) => r.operation.Type !== "EXECUTION").sort((x, y) => x.seq - y.seq);
  const listA = ordered(a);
  const listB = ordered(b);
  const byIdB = new Map(listB.map((r) => [r.operation.Id, r.operation]));
  const idsA = new Set(listA.map((r) => r.operation.Id));
  // B-only operations, grouped under the id of the shared operation they follow ("" = the start).
  const onlyBAfter = new Map<string, Operation[]>();
  let anchor = "";
  for (const { operation } of listB) {
    if (idsA.has(operation.Id)) anchor = operation.Id;
    else onlyBAfter.set(anchor, [...(onlyBAfter.get(anchor) ?? []), operation]);
  }
  const pairs: OperationPair[] = [];
  const addOnlyB = (after: string) => {
    for (const operation of onlyBAfter.get(after) ?? []) pairs.push(pairOf(undefined, operation));
  };
  addOnlyB("");
  for (const { operation } of listA) {
    pairs.push(pairOf(operation, byIdB.get(operation.Id)));
    addOnlyB(operation.Id);
  }
  return pairs;
}

function pairOf(a: Operation | undefined, b: Operation | undefined): OperationPair {
  const shown = (a ?? b)!;
  const pair: OperationPair = { id: shown.Id, label: operationLabel(shown), type: shown.Type, differences: [] };
  if (shown.ParentId !== undefined) pair.parentId = shown.ParentId;
  if (shown.SubType !== undefined) pair.subType = shown.SubType;
  if (a) pair.a = sideOf(a);
  if (b) pair.b = sideOf(b);
  pair.differences = differencesOf(a, b, pair.a, pair.b);
  return pair;
}

function sideOf(operation: Operation): OperationSide {
  const { result, error } = operationPayloads(operation);
  const side: OperationSide = { status: operation.Status, startTimestamp: operation.StartTimestamp };
  if (result !== undefined) side.result = result;
  if (error !== undefined) side.error = error;
  if (operation.Type === "STEP") side.attempts = attemptsMade(operation);
  if (operation.EndTimestamp !== undefined) {
    side.endTimestamp = operation.EndTimestamp;
    const ms = Date.parse(operation.EndTimestamp) - Date.parse(operation.StartTimestamp);
    if (Number.isFinite(ms)) side.durationMs = Math.max(0, ms);
  }
  return side;
}

/**
 * Attempts a step made, as the console counts them: the record keeps how many attempts failed and
 * were retried (StepDetails.Attempt); one more ran when the step is running or ended.
 */
function attemptsMade(operation: Operation): number {
  const retried = operation.StepDetails?.Attempt ?? 0;
  return operation.Status === "PENDING" || operation.Status === "READY" ? retried : retried + 1;
}

function differencesOf(a: Operation | undefined, b: Operation | undefined, sideA?: OperationSide, sideB?: OperationSide): OperationField[] {
  if (!a || !b || !sideA || !sideB) return ["presence"];
  const out: OperationField[] = [];
  if (a.Type !== b.Type) out.push("type");
  if ((a.Name ?? "") !== (b.Name ?? "")) out.push("name");
  if (sideA.status !== sideB.status) out.push("status");
  if (sideA.result !== sideB.result) out.push("result");
  if (!sameError(sideA.error, sideB.error)) out.push("error");
  if (sideA.attempts !== sideB.attempts) out.push("attempts");
  return out;
}

function sameError(a: ErrorObject | undefined, b: ErrorObject | undefined): boolean {
  if (!a || !b) return a === b;
  return a.ErrorType === b.ErrorType && a.ErrorMessage === b.ErrorMessage;
}

function summaryOf(run: RunData): RunSummary {
  const e = run.execution;
  const summary: RunSummary = {
    executionId: e.executionId,
    name: e.name,
    functionName: e.functionName,
    status: e.status,
    startTimestamp: e.startTimestamp,
    operationCount: run.operations.filter((r) => r.operation.Type !== "EXECUTION").length,
  };
  if (e.endTimestamp !== undefined) {
    summary.endTimestamp = e.endTimestamp;
    summary.durationMs = Math.max(0, Date.parse(e.endTimestamp) - Date.parse(e.startTimestamp));
  }
  if (e.error !== undefined) summary.error = e.error;
  return summary;
}

/**
 * Where the runs part, in execution order, weighing what happened over what was computed: first
 * an operation that one run reached and the other did not, or that ended otherwise; then one
 * that failed differently or needed other attempts; then one that returned another result (two
 * runs on different inputs return different results all along, which says little). A context
 * that differs because something inside it does is passed over for that inner operation:
 * "failed at process-payment" says more than "failed in the payment context".
 */
const DIVERGENCE_TIERS: ReadonlyArray<readonly OperationField[]> = [
  ["presence", "type", "name", "status"],
  ["error", "attempts"],
  ["result"],
];

function firstDivergence(pairs: OperationPair[], a: RunData, b: RunData): Divergence | undefined {
  for (const tier of DIVERGENCE_TIERS) {
    const differing = pairs.filter((p) => p.differences.some((field) => tier.includes(field)));
    const found = differing.find((p) => p.type !== "CONTEXT") ?? differing[0];
    if (found) return { operationId: found.id, message: describeDivergence(found) };
  }
  if (a.execution.status !== b.execution.status) {
    const [first, second] = worseFirst(a.execution.status, b.execution.status);
    const statusOf = (side: Side) => (side === "A" ? a.execution.status : b.execution.status);
    return { message: `run ${first} ${verb(statusOf(first))}; run ${second} ${verb(statusOf(second))}` };
  }
  return undefined;
}

function describeDivergence(pair: OperationPair): string {
  const name = `\`${pair.label}\``;
  if (!pair.a) return `run B ran ${name} (${kindOf(pair)}), which run A never reached`;
  if (!pair.b) return `run A ran ${name} (${kindOf(pair)}), which run B never reached`;
  if (pair.differences.includes("type") || pair.differences.includes("name")) {
    return `the runs recorded different operations at ${name}: ${pair.type} in one, another in the other`;
  }
  if (pair.differences.includes("status")) {
    const [first, second] = worseFirst(pair.a.status, pair.b.status);
    const sideOf = (side: Side) => (side === "A" ? pair.a! : pair.b!);
    return `run ${first} ${verb(sideOf(first).status)} at ${name}${detailOf(sideOf(first))}; run ${second} ${verb(sideOf(second).status)} there${detailOf(sideOf(second))}`;
  }
  if (pair.differences.includes("error")) {
    return `${name} failed differently: run A with ${errorText(pair.a.error)}, run B with ${errorText(pair.b.error)}`;
  }
  if (pair.differences.includes("attempts")) {
    return `${name} ${verb(pair.a.status)} in both runs, after ${attemptsText(pair.a.attempts)} in run A and ${attemptsText(pair.b.attempts)} in run B`;
  }
  return `${name} ${verb(pair.a.status)} in both runs with different results`;
}

const kindOf = (pair: OperationPair) => (pair.subType ?? pair.type).toLowerCase();

/** Which side to name first: the one that went worse (failed before succeeded), else A. */
function worseFirst(a: string, b: string): [Side, Side] {
  return rank(b) > rank(a) ? ["B", "A"] : ["A", "B"];
}

const RANK: Record<string, number> = { FAILED: 5, TIMED_OUT: 5, STOPPED: 4, CANCELLED: 4, STARTED: 3, PENDING: 3, READY: 3, RUNNING: 3, SUCCEEDED: 0 };
const rank = (status: string) => RANK[status] ?? 1;

const VERBS: Record<string, string> = {
  SUCCEEDED: "succeeded",
  FAILED: "failed",
  TIMED_OUT: "timed out",
  STOPPED: "was stopped",
  CANCELLED: "was cancelled",
  STARTED: "was still running",
  PENDING: "was waiting to retry",
  READY: "was about to retry",
  RUNNING: "is still running",
};
const verb = (status: string) => VERBS[status] ?? status.toLowerCase();

function detailOf(side: OperationSide): string {
  const parts: string[] = [];
  if (side.attempts !== undefined && (side.attempts > 1 || side.error)) parts.push(`attempt ${side.attempts}`);
  if (side.error) parts.push(errorName(side.error));
  return parts.length ? ` (${parts.join(", ")})` : "";
}

/** The error's type, or its message when the type says nothing more than "Error". */
function errorName(error: ErrorObject): string {
  if (error.ErrorType && error.ErrorType !== "Error") return error.ErrorType;
  const message = error.ErrorMessage ?? error.ErrorType ?? "an error";
  return message.length > 80 ? `${message.slice(0, 79)}…` : message;
}

const errorText = (error: ErrorObject | undefined) => (error ? (error.ErrorType ?? "Error") + (error.ErrorMessage ? `: ${error.ErrorMessage}` : "") : "no error");
const attemptsText = (attempts: number | undefined) => (attempts === 1 ? "1 attempt" : `${attempts ?? 0} attempts`);
