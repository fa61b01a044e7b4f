/**
 * Each cost figure against what Lambda allows, and the warnings for those near or past a limit
 * ("this execution's history is at 80% of the operations Lambda keeps").
 */
import { LAMBDA_LIMITS, limitLevel, WARNING_RATIO } from "./lambda-limits";
import type { CostFigures, CostWarning, LimitCheck, LimitName } from "./types";

type LimitFacts = Pick<CostFigures, "longestInvocationMs" | "largestOperationPayloadBytes" | "inputBytes" | "resultBytes" | "operations" | "lifetimeMs">;

export function limitChecks(figures: LimitFacts, executionTimeoutSeconds?: number): LimitCheck[] {
  const check = (limit: LimitName, label: string, value: number, max: number, unit: LimitCheck["unit"]): LimitCheck => {
    const ratio = value / max;
    return { limit, label, value, max, unit, ratio, level: limitLevel(ratio) };
  };
  const L = LAMBDA_LIMITS;
  return [
    check("invocation", "longest invocation", figures.longestInvocationMs, L.invocationMs, "ms"),
    check("operationPayload", "largest operation payload", figures.largestOperationPayloadBytes, L.operationPayloadBytes, "bytes"),
    check("input", "input", figures.inputBytes, L.executionInputBytes, "bytes"),
    check("result", "result", figures.resultBytes, L.executionResultBytes, "bytes"),
    check("history", "history", figures.operations, L.historyOperations, "operations"),
    // The execution's own timeout when it has one: that is the lifetime Lambda grants it.
    check("lifetime", "lifetime", figures.lifetimeMs, executionTimeoutSeconds ? executionTimeoutSeconds * 1000 : L.executionLifetimeMs, "ms"),
  ];
}

const WHAT: Record<LimitName, (c: LimitCheck) => string> = {
  invocation: (c) => `this execution's longest invocation ran ${percent(c.ratio)} of the ${span(c.max)} Lambda allows one invocation`,
  operationPayload: (c) => `this execution's largest operation payload is ${percent(c.ratio)} of the ${size(c.max)} Lambda stores for one operation`,
  input: (c) => `this execution's input is ${percent(c.ratio)} of the ${size(c.max)} Lambda accepts`,
  result: (c) => `this execution's result is ${percent(c.ratio)} of the ${size(c.max)} Lambda returns`,
  history: (c) => `this execution's history is at ${percent(c.ratio)} of the ${c.max.toLocaleString("en-US")} operations Lambda keeps`,
  lifetime: (c) => `this execution has lived ${percent(c.ratio)} of the ${span(c.max)} Lambda lets it run`,
};

/** A sentence for every check at or past WARNING_RATIO, the ones past their limit first. */
export function costWarnings(checks: readonly LimitCheck[]): CostWarning[] {
  return checks
    .filter((c) => c.ratio >= WARNING_RATIO)
    .sort((a, b) => b.ratio - a.ratio)
    .map((c) => {
      const level = c.level === "over" ? "over" : "warning";
      return { limit: c.limit, level, message: `${level === "over" ? "Over the limit" : "Near the limit"}: ${WHAT[c.limit](c)}` };
    });
}

const percent = (ratio: number) => `${Math.floor(ratio * 100)}%`;

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}

/** A limit's length in the largest whole-ish unit: "15 minutes", "366 days". */
function span(ms: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, "days"],
    [3_600_000, "hours"],
    [60_000, "minutes"],
    [1000, "seconds"],
  ];
  for (const [size, name] of units) if (ms >= size) return `${Math.round((ms / size) * 10) / 10} ${name}`;
  return `${ms} ms`;
}
