/**
 * The bill estimate: what a run's figures would cost on Lambda durable functions at the public
 * prices of lambda-prices.ts. An estimate, not an invoice: no free tier, one region, x86.
 */
import { BYTES_PER_GB, DAYS_PER_MONTH, LAMBDA_PRICES } from "./lambda-prices";
import type { BillEstimate, BillLine, CostFigures, CostOptions } from "./types";

const DAY_MS = 24 * 3600 * 1000;

/** Memory and retention as given, else Lambda's defaults. */
export function resolvedCostOptions(options: CostOptions = {}): Required<CostOptions> {
  return {
    memoryMb: options.memoryMb ?? LAMBDA_PRICES.defaultMemoryMb,
    retentionDays: options.retentionDays ?? LAMBDA_PRICES.defaultRetentionDays,
  };
}

/**
 * Requests: one per invocation. Compute: the invocations' time at the memory size. Durable
 * operations: every operation written plus every retried step attempt. Data written: the payloads
 * stored. Data retained: the same bytes over the execution's lifetime and its retention period.
 */
export function estimateBill(figures: CostFigures, options: CostOptions = {}): BillEstimate {
  const { memoryMb, retentionDays } = resolvedCostOptions(options);
  const p = LAMBDA_PRICES;
  const gbSeconds = (figures.computeMs / 1000) * (memoryMb / 1024);
  const durableOperations = figures.operations + figures.retryAttempts;
  const gbWritten = figures.payloadBytes / BYTES_PER_GB;
  const gbMonths = gbWritten * ((figures.lifetimeMs / DAY_MS + retentionDays) / DAYS_PER_MONTH);
  const lines: BillLine[] = [
    { item: "requests", quantity: figures.invocations, unit: "requests", cost: (figures.invocations / 1e6) * p.perMillionRequests },
    { item: "compute", quantity: gbSeconds, unit: "GB-seconds", cost: gbSeconds * p.perGbSecond },
    { item: "durableOperations", quantity: durableOperations, unit: "operations", cost: (durableOperations / 1e6) * p.perMillionDurableOperations },
    { item: "dataWritten", quantity: gbWritten, unit: "GB", cost: gbWritten * p.perGbWritten },
    { item: "dataRetained", quantity: gbMonths, unit: "GB-months", cost: gbMonths * p.perGbMonthRetained },
  ];
  return {
    asOf: p.asOf,
    region: p.region,
    currency: p.currency,
    memoryMb,
    retentionDays,
    lines,
    total: lines.reduce((sum, line) => sum + line.cost, 0),
  };
}
