/**
 * Duration objects ({days?, hours?, minutes?, seconds?}) to whole seconds, with validation:
 * a typo such as `{ secs: 5 }` or `{ seconds: 1.5 }` must fail loudly, not wait 0 seconds.
 */
import type { Duration } from "../types/api-core";

const UNIT_SECONDS = { days: 86_400, hours: 3_600, minutes: 60, seconds: 1 } as const;
type DurationUnit = keyof typeof UNIT_SECONDS;
const UNITS = Object.keys(UNIT_SECONDS) as DurationUnit[];

/** Thrown for a malformed Duration. A TypeError: it is a programming error in the caller. */
export class InvalidDurationError extends TypeError {
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = "InvalidDurationError";
  }
}

/** Total seconds of `duration`. Throws InvalidDurationError unless it is a valid Duration. */
export function durationToSeconds(duration: Duration): number {
  if (typeof duration !== "object" || duration === null || Array.isArray(duration)) {
    throw new InvalidDurationError(`Invalid duration ${describe(duration)}: expected an object such as { seconds: 30 }`);
  }
  const fields = duration as Record<string, unknown>;
  const unknownKeys = Object.keys(fields).filter((key) => !(key in UNIT_SECONDS) && fields[key] !== undefined);
  if (unknownKeys.length > 0) {
    throw new InvalidDurationError(
      `Invalid duration ${describe(duration)}: unknown field "${unknownKeys[0]}" (allowed: days, hours, minutes, seconds)`,
    );
  }
  let total = 0;
  let present = 0;
  for (const unit of UNITS) {
    const value = fields[unit];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
      throw new InvalidDurationError(
        `Invalid duration ${describe(duration)}: "${unit}" must be a whole number >= 0, got ${describe(value)}`,
      );
    }
    present++;
    total += value * UNIT_SECONDS[unit];
  }
  if (present === 0) {
    throw new InvalidDurationError(
      `Invalid duration ${describe(duration)}: set at least one of days, hours, minutes, seconds`,
    );
  }
  if (!Number.isSafeInteger(total)) {
    throw new InvalidDurationError(`Invalid duration ${describe(duration)}: too large`);
  }
  return total;
}

function describe(value: unknown): string {
  try {
    if (typeof value === "string") return JSON.stringify(value);
    if (typeof value === "object" && value !== null) return JSON.stringify(value) ?? String(value);
    return String(value);
  } catch {
    return "(unprintable)";
  }
}
