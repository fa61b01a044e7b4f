/** The one rule for a number of seconds in an update (delays, timeouts, wait lengths). */
import { Limits } from "../../types/wire";
import type { Reject } from "./types";

export function checkSeconds(field: string, value: unknown, reject: Reject): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > Limits.maxExecutionTimeoutSeconds) {
    reject(`${field} must be a number of seconds between 0 and ${Limits.maxExecutionTimeoutSeconds}`);
  }
}
