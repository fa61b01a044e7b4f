/**
 * The store reads behind "what a run costs" (the client API's getExecutionCost and
 * getFunctionCost): the execution row, its operations and its whole history, read once each.
 * Every figure comes from the store, so the answer is the same on SQLite and DynamoDB.
 */
import { z } from "zod";
import { FUNCTION_NAME_PATTERN } from "../arns";
import type { DurableStore, ExecutionRecord } from "../../store/types";
import type { HistoryEvent } from "../../types/wire";
import { parseInput } from "../client-schemas";
import type { Clock } from "../clock";
import { DurableClientError } from "../errors";
import { estimateBill } from "./estimate";
import { averageFigures, costFigures, sumFigures } from "./figures";
import { costWarnings, limitChecks } from "./limit-checks";
import type { CostOptions, ExecutionCost, FunctionCost, FunctionCostQuery } from "./types";

/** The most executions one function figure reads (each costs a read of its whole history). */
export const MAX_COSTED_EXECUTIONS = 1000;
export const DEFAULT_COSTED_EXECUTIONS = 20;
const HISTORY_PAGE = 1000;
/** Executions read at once for a function's figure. */
const READ_CONCURRENCY = 8;

const costOptions = {
  memoryMb: z.number().int().min(128).max(10_240).optional(),
  retentionDays: z.number().int().min(1).max(90).optional(),
};
export const costOptionsSchema = z.object(costOptions).strict();
export const functionCostQuerySchema = z
  .object({ ...costOptions, last: z.number().int().min(1).max(MAX_COSTED_EXECUTIONS).optional() })
  .strict();
const functionNameSchema = z.string().regex(FUNCTION_NAME_PATTERN, "must be 1-64 letters, digits, '-' or '_'");

export class CostReports {
  constructor(
    private readonly store: DurableStore,
    private readonly clock: Clock,
  ) {}

  async executionCost(executionId: string, options: CostOptions = {}): Promise<ExecutionCost> {
    const parsed = parseInput(costOptionsSchema, options, "getExecutionCost");
    const execution = await this.store.executions.get(executionId);
    if (!execution) throw new DurableClientError("EXECUTION_NOT_FOUND", `execution ${executionId} not found`);
    return this.costOf(execution, parsed);
  }

  async functionCost(functionName: string, query: FunctionCostQuery = {}): Promise<FunctionCost> {
    const name = parseInput(functionNameSchema, functionName, "getFunctionCost.functionName");
    const { last, ...options } = parseInput(functionCostQuerySchema, query, "getFunctionCost");
    const page = await this.store.executions.list({ functionName: name, limit: last ?? DEFAULT_COSTED_EXECUTIONS });
    const costs: ExecutionCost[] = [];
    for (let i = 0; i < page.items.length; i += READ_CONCURRENCY) {
      costs.push(...(await Promise.all(page.items.slice(i, i + READ_CONCURRENCY).map((e) => this.costOf(e, options)))));
    }
    const totals = sumFigures(costs.map((c) => c.figures));
    const estimate = estimateBill(totals, options);
    // Retention is paid per execution over its own lifetime: the lines that depend on lifetime are
    // the sum of the executions' own, not the estimate of the summed lifetimes.
    const retained = costs.reduce((sum, c) => sum + (c.estimate.lines.find((l) => l.item === "dataRetained")?.cost ?? 0), 0);
    const retainedQty = costs.reduce((sum, c) => sum + (c.estimate.lines.find((l) => l.item === "dataRetained")?.quantity ?? 0), 0);
    estimate.lines = estimate.lines.map((line) => (line.item === "dataRetained" ? { ...line, quantity: retainedQty, cost: retained } : line));
    estimate.total = estimate.lines.reduce((sum, line) => sum + line.cost, 0);
    return {
      functionName: name,
      executions: costs.length,
      totals,
      averages: averageFigures(totals, costs.length),
      estimate,
      estimatePerRun: costs.length === 0 ? 0 : estimate.total / costs.length,
      warnings: costs.filter((c) => c.warnings.length > 0).map((c) => ({ executionId: c.executionId, warnings: c.warnings })),
    };
  }

  private async costOf(execution: ExecutionRecord, options: CostOptions): Promise<ExecutionCost> {
    const [operations, events] = await Promise.all([this.store.operations.list(execution.executionId), this.history(execution.executionId)]);
    const figures = costFigures(execution, operations, events, this.clock.now());
    const limits = limitChecks(figures, execution.executionTimeoutSeconds);
    const cost: ExecutionCost = {
      executionId: execution.executionId,
      functionName: execution.functionName,
      status: execution.status,
      startTimestamp: execution.startTimestamp,
      figures,
      limits,
      warnings: costWarnings(limits),
      estimate: estimateBill(figures, options),
    };
    if (execution.endTimestamp) cost.endTimestamp = execution.endTimestamp;
    return cost;
  }

  private async history(executionId: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let afterEventId = 0;
    for (;;) {
      const page = await this.store.history.list(executionId, { afterEventId, limit: HISTORY_PAGE });
      events.push(...page.items);
      if (!page.nextCursor || page.items.length === 0) return events;
      afterEventId = Number(page.nextCursor);
    }
  }
}
