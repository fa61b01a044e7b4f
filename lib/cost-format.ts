/**
 * How cost figures read, in the console and the CLI alike: sizes, money (runs cost fractions of a
 * cent, so small amounts keep three significant digits), quantities and a limit's value.
 */
import type { LimitCheck } from "@/sdk/runtime/cost/types";
import { formatDuration } from "./format";

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** "$0.0000451", "$0.000000600", "$1.2346": never rounded to a misleading $0.00, never in exponent form. */
export function formatMoney(amount: number, currency: string): string {
  const symbol = currency === "USD" ? "$" : `${currency} `;
  if (amount === 0) return `${symbol}0`;
  return `${symbol}${amount < 0.01 ? significant(amount, 3) : amount.toFixed(4)}`;
}

/** Whole numbers as they are (grouped), fractions to four significant digits, in plain decimals. */
export function formatQuantity(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString("en-US") : significant(n, 4);
}

/** `n` with `digits` significant digits written out in decimals (6e-7 -> "0.000000600"). */
function significant(n: number, digits: number): string {
  if (n >= 10 ** (digits - 1)) return n.toFixed(0);
  const decimals = Math.min(20, digits - 1 - Math.floor(Math.log10(Math.abs(n))));
  return n.toFixed(Math.max(0, decimals));
}

/** A limit check's value (or its max) in the check's unit. */
export function formatLimitValue(check: Pick<LimitCheck, "unit">, n: number): string {
  if (check.unit === "ms") return formatDuration(n);
  if (check.unit === "bytes") return formatBytes(n);
  return formatQuantity(n);
}

/** "0.2%", "80%", "106%". */
export function formatRatio(ratio: number): string {
  const percent = ratio * 100;
  return `${percent < 10 ? percent.toFixed(1) : Math.floor(percent)}%`;
}
