/**
 * `durable cost <id>`: what one run costs (compute, waiting and replay time, operations, payload
 * bytes, each against Lambda's limit, the warnings, and a bill estimate); `durable cost --function f`:
 * the same over the function's newest executions, in total and per run.
 */
import type { BillEstimate, CostFigures, ExecutionCost, FunctionCost, LimitCheck } from "../sdk/runtime/cost/types";
import { intFlag, stringFlag, UsageError } from "./args";
import type { CommandContext } from "./commands";
import { formatFields, formatJson, formatTable } from "./format";
import { formatDuration as ms } from "../lib/format";
import { formatBytes as bytes, formatLimitValue, formatMoney, formatQuantity as round, formatRatio } from "../lib/cost-format";

export async function costCommand(context: CommandContext): Promise<void> {
  const { args, json, io } = context;
  const id = args.positionals[0];
  const functionName = stringFlag(args, "function");
  const last = intFlag(args, "last");
  if ((id === undefined) === (functionName === undefined)) throw new UsageError("give an execution id, or --function <name> (with --last <n>), not both");
  if (id !== undefined && last !== undefined) throw new UsageError("--last goes with --function");
  const options = {
    ...(intFlag(args, "memory-mb") !== undefined ? { memoryMb: intFlag(args, "memory-mb") } : {}),
    ...(intFlag(args, "retention-days") !== undefined ? { retentionDays: intFlag(args, "retention-days") } : {}),
  };
  const durable = await context.client();
  if (id !== undefined) {
    const cost = await durable.getExecutionCost(id, options);
    io.out(json ? formatJson(cost) : formatExecutionCost(cost));
    return;
  }
  const cost = await durable.getFunctionCost(functionName!, { ...options, ...(last !== undefined ? { last } : {}) });
  io.out(json ? formatJson(cost) : formatFunctionCost(cost));
}

function formatExecutionCost(cost: ExecutionCost): string {
  return [
    formatFields([
      ["execution", cost.executionId],
      ["function", cost.functionName],
      ["status", cost.status],
      ...figureFields(cost.figures),
    ]),
    "\n",
    formatLimits(cost.limits),
    "\n",
    formatEstimate(cost.estimate),
    ...cost.warnings.map((w) => `\n${w.message}`),
    cost.warnings.length > 0 ? "\n" : "",
  ].join("");
}

function formatFunctionCost(cost: FunctionCost): string {
  if (cost.executions === 0) return `No executions of ${cost.functionName}\n`;
  const a = cost.averages;
  return [
    formatFields([
      ["function", cost.functionName],
      ["executions", cost.executions],
      ["compute", `${ms(cost.totals.computeMs)} in total, ${ms(a.computeMs)} per run`],
      ["waiting", `${ms(a.waitingMs)} per run (costs nothing)`],
      ["replay", `${ms(a.replayMs)} per run`],
      ["invocations", `${round(a.invocations)} per run`],
      ["operations", `${round(a.operations)} per run`],
      ["payload", `${bytes(a.payloadBytes)} per run`],
      ["per run", money(cost.estimatePerRun, cost.estimate)],
    ]),
    "\n",
    formatEstimate(cost.estimate),
    ...cost.warnings.map((w) => `\n${w.executionId}: ${w.warnings.map((x) => x.message).join("; ")}`),
    cost.warnings.length > 0 ? "\n" : "",
  ].join("");
}

function figureFields(f: CostFigures): Array<[string, unknown]> {
  return [
    ["invocations", f.invocations],
    ["compute", ms(f.computeMs)],
    ["waiting", `${ms(f.waitingMs)} (costs nothing)`],
    ["replay", `${ms(f.replayMs)}${f.replayMeasuredInvocations < f.invocations - 1 ? ` (measured in ${f.replayMeasuredInvocations} of ${f.invocations} invocations)` : ""}`],
    ["lifetime", ms(f.lifetimeMs)],
    ["operations", f.operations],
    ["checkpoints", f.checkpoints],
    ["payload", bytes(f.payloadBytes)],
  ];
}

function formatLimits(limits: readonly LimitCheck[]): string {
  return formatTable(
    limits.map((l) => ({ limit: l.label, value: formatLimitValue(l, l.value), lambda: formatLimitValue(l, l.max), used: formatRatio(l.ratio), level: l.level })),
    ["limit", "value", "lambda", "used", "level"],
  );
}

function formatEstimate(e: BillEstimate): string {
  const rows: Array<Record<string, string>> = e.lines.map((l) => ({ item: l.item, quantity: `${round(l.quantity)} ${l.unit}`, cost: money(l.cost, e) }));
  rows.push({ item: "total", quantity: "", cost: money(e.total, e) });
  return `Estimate on Lambda (${e.region}, ${e.memoryMb} MB, ${e.retentionDays} days retained, prices of ${e.asOf}):\n${formatTable(rows, ["item", "quantity", "cost"])}`;
}

const money = (n: number, e: BillEstimate) => formatMoney(n, e.currency);
