/**
 * How a mutation's execution patch applies to the record, for both backends: `undefined` leaves
 * a field alone, `null` removes it, and a field every record has cannot be removed.
 */
import type { ExecutionPatch, ExecutionRecord } from "./types";

type PatchField = keyof ExecutionPatch;

/** The patchable fields that `ExecutionRecord` declares as always present. */
type RequiredExecutionField = { [K in PatchField]-?: undefined extends ExecutionRecord[K] ? never : K }[PatchField];

/** Listed as an object so the compiler names a required field this misses, or one that is not required. */
const REQUIRED_FIELDS: Record<RequiredExecutionField, true> = {
  arn: true,
  functionName: true,
  name: true,
  status: true,
  startTimestamp: true,
  eventCount: true,
  operationCount: true,
  logCount: true,
  invocationCount: true,
  redriveCount: true,
};

const isRequired = (field: PatchField): field is RequiredExecutionField => Object.hasOwn(REQUIRED_FIELDS, field);

/** The record after a patch. The version is not touched: each backend moves it as it commits. */
export function applyPatch(current: ExecutionRecord, patch: ExecutionPatch): ExecutionRecord {
  const next = { ...current } as Record<string, unknown>;
  for (const field of Object.keys(patch) as PatchField[]) {
    const value = patch[field];
    if (value === undefined) continue;
    if (value === null) {
      if (isRequired(field)) throw new TypeError(`execution field ${field} cannot be cleared`);
      delete next[field];
    } else {
      next[field] = value;
    }
  }
  return next as unknown as ExecutionRecord;
}
