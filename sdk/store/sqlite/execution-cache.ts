/**
 * The execution records this connection last wrote, by id: a checkpoint reads the row's version
 * alone (one integer) and, when it matches, builds on the record it wrote last time instead of
 * reading the whole row back with its payloads (a large input would otherwise be read, and copied
 * into a new string, once per step).
 *
 * Safe because every write to an execution row, from any connection or process, bumps `version`
 * (transact, claim; purge deletes the row): a version seen again means the row written with it.
 * Writers put a record here only as the last step of a write that can no longer throw, so a write
 * undone by its savepoint leaves nothing behind; a group transaction that fails whole after its
 * writes ran is the other way a record could name a version the file never committed, and the
 * group committer clears the cache then.
 *
 * Records go in and come out as copies, nested objects included: what a caller does to a record
 * it was handed (or to the patch it wrote) never reaches the cache.
 */
import type { ExecutionRecord } from "../types";

/** Enough for every execution a busy worker has in flight; the oldest entry goes first. */
const MAX_ENTRIES = 4096;

export class ExecutionCache {
  readonly #records = new Map<string, ExecutionRecord>();

  /** A copy of the record written with `version`, if this connection wrote it last. */
  get(executionId: string, version: number): ExecutionRecord | undefined {
    const record = this.#records.get(executionId);
    return record?.version === version ? detachedCopy(record) : undefined;
  }

  /** Keeps a copy of `record` as it now stands in the (uncommitted) transaction. */
  set(record: ExecutionRecord): void {
    this.#records.delete(record.executionId); // re-inserted last: Map order is age order
    this.#records.set(record.executionId, detachedCopy(record));
    if (this.#records.size > MAX_ENTRIES) this.#records.delete(this.#records.keys().next().value!);
  }

  clear(): void {
    this.#records.clear();
  }
}

/** A copy that shares no object with `record` (its nested fields are small: copied field by field). */
export function detachedCopy(record: ExecutionRecord): ExecutionRecord {
  const copy = { ...record };
  if (record.openInvocation) copy.openInvocation = { ...record.openInvocation };
  if (record.parent) copy.parent = { ...record.parent };
  if (record.error) copy.error = structuredClone(record.error);
  return copy;
}
