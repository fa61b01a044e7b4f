/**
 * Public prices of AWS Lambda durable functions, the one place the bill estimate reads them from.
 * Prices change: this file says when it was written and where each figure comes from, and the
 * estimate carries `asOf` so every answer says how old its prices are. Update the figures and the
 * date together.
 *
 * Region: US East (N. Virginia), on-demand, x86, first compute tier; no free tier is deducted (it
 * is per account and month, not per run).
 *
 * Sources (read 2026-12-07):
 * - https://aws.amazon.com/lambda/pricing/ : requests $0.20 per 1M; duration $0.0000166667 per
 *   GB-second (x86, first tier); Durable Functions: durable operations $8.00 per 1M, data written
 *   $0.25 per GB, data retained $0.15 per GB-month.
 * - https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html : a function's memory
 *   is 128 MB unless configured (128-10,240 MB).
 * - https://docs.aws.amazon.com/lambda/latest/api/API_DurableConfig.html and the SAM DurableConfig
 *   reference: history is retained 1-90 days after an execution closes, 14 days by default.
 */
export const LAMBDA_PRICES = {
  asOf: "2026-12-07",
  region: "us-east-1",
  currency: "USD",
  sources: [
    "https://aws.amazon.com/lambda/pricing/",
    "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html",
    "https://docs.aws.amazon.com/lambda/latest/api/API_DurableConfig.html",
  ],
  /** Each invocation is one request. */
  perMillionRequests: 0.2,
  /** Duration, per GB-second of memory configured (billed per invocation, rounded up to 1 ms). */
  perGbSecond: 0.0000166667,
  /** Each durable operation (a step attempt, a wait, a callback, a context, an invoke, the start). */
  perMillionDurableOperations: 8.0,
  /** Payload bytes the checkpoints write. */
  perGbWritten: 0.25,
  /** Payload bytes kept, while the execution runs and for its retention period after it ends. */
  perGbMonthRetained: 0.15,
  /** Lambda's default memory size, used when the function's own is not known. */
  defaultMemoryMb: 128,
  /** DurableConfig.RetentionPeriodInDays when not set. */
  defaultRetentionDays: 14,
} as const;

/** GB as Lambda bills memory and data: 1024 MB, 1024^3 bytes. */
export const BYTES_PER_GB = 1024 ** 3;
/** A billing month, in days (365 / 12). */
export const DAYS_PER_MONTH = 365 / 12;
