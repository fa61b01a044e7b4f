/**
 * Per-function summaries: every function a worker registered in the store and every function
 * that has executions, with counts per status (all time, from the store's counters) and the
 * recent window's success rate, durations and executions over time (function-stats.ts).
 */
import "server-only";
import { EXECUTION_STATUSES } from "@/sdk/types/wire";
import { durable } from "../durable";
import { DEFAULT_STATS_RANGE } from "../../stats-range";
import type { FunctionSummary, StartOption, StatsRange, StatusCounts } from "../../types";
import { functionWindowStats } from "./function-stats";

export function totalOf(counts: StatusCounts): number {
  return EXECUTION_STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
}

export async function listFunctionSummaries(options: { range?: StatsRange; now?: number } = {}): Promise<FunctionSummary[]> {
  const { client } = await durable();
  const range = options.range ?? DEFAULT_STATS_RANGE;
  const now = options.now ?? Date.now();
  const [withExecutions, registered] = await Promise.all([client.listFunctionNames(), client.listFunctions()]);
  const byName = new Map(registered.map((fn) => [fn.name, fn]));
  const names = [...new Set([...withExecutions, ...byName.keys()])].sort();
  return Promise.all(
    names.map(async (functionName) => {
      const counts = await client.countExecutionsByStatus({ functionName });
      const summary: FunctionSummary = { functionName, counts, total: totalOf(counts) };
      if (summary.total > 0) summary.window = await functionWindowStats(functionName, range, now);
      const fn = byName.get(functionName);
      if (fn) {
        summary.registered = { kind: fn.kind, lastSeenAt: fn.lastSeenTimestamp };
        if (fn.description) summary.registered.description = fn.description;
        if (fn.executionTimeoutSeconds !== undefined) summary.registered.executionTimeoutSeconds = fn.executionTimeoutSeconds;
      }
      return summary;
    }),
  );
}

/**
 * What the Start dialog offers: registered durable functions and any with executions, by name,
 * each with what its worker registered about it (description, sample input as JSON text).
 */
export async function listStartOptions(): Promise<StartOption[]> {
  const { client } = await durable();
  const [withExecutions, registered] = await Promise.all([client.listFunctionNames(), client.listFunctions()]);
  const startable = new Map(registered.filter((fn) => fn.kind === "durable").map((fn) => [fn.name, fn]));
  return [...new Set([...withExecutions, ...startable.keys()])].sort().map((functionName) => {
    const fn = startable.get(functionName);
    const option: StartOption = { functionName };
    if (fn?.description) option.description = fn.description;
    if (fn?.sampleInput !== undefined) option.sampleInput = fn.sampleInput;
    return option;
  });
}

/** Names for filters and the start dialog: registered durable functions and any with executions. */
export async function listFunctionNamesForConsole(): Promise<string[]> {
  return (await listStartOptions()).map((option) => option.functionName);
}
