/**
 * Time, injected. Every timestamp the runtime writes and every timer it schedules (wait ends,
 * retry times, callback deadlines, leases, execution timeouts) is computed from a Clock, so a
 * test runner can skip hours by moving a number instead of sleeping.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The ISO-8601 form our wire model uses for timestamps. */
export function isoAt(epochMs: number): string {
  // Consecutive checkpoints mostly fall in the same millisecond: formatting is the costly part.
  if (epochMs !== lastIso.ms) lastIso = { ms: epochMs, iso: new Date(epochMs).toISOString() };
  return lastIso.iso;
}
let lastIso = { ms: Number.NaN, iso: "" };

/** Epoch ms of an ISO timestamp; undefined when absent or unparseable. */
export function msOf(timestamp: string | undefined): number | undefined {
  if (timestamp === undefined) return undefined;
  const ms = Date.parse(timestamp);
  return Number.isFinite(ms) ? ms : undefined;
}
