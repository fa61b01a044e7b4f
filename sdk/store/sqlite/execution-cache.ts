/**
 * The execution records this connection last wrote, by id: a checkpoint reads the row's version
 * alone (one integer) and, when it matches, builds on the record it wrote last time instead of
 * reading the whole row back with its payloads (a large input would otherwise be read, and copied
 * into a new string, once per step).
 *
 * Safe because every write to an execution row, from any connection or process, bumps `version`
 * (transact, claim; purge deletes the row): a version seen again means the row written with it.
 * The one way a cached record can name a version the file never committed is a group transaction
 * that failed as a whole after its writes ran; the group committer clears the cache then.
 */
import type { ExecutionRecord } from "../types";

/** Enough for every execution a busy worker has in flight; the oldest entry goes first. */
const MAX_ENTRIES = 4096;

export class ExecutionCache {
  readonly #records = new Map<string, ExecutionRecord>();

  /** The record written with `version`, if this connection wrote it last. */
  get(executionId: string, version: number): ExecutionRecord | undefined {
    const record = this.#records.get(executionId);
    return record?.version === version ? record : undefined;
  }

  /** Call with a record as it now stands in the (uncommitted) transaction; it must not be changed afterwards. */
  set(record: ExecutionRecord): void {
    this.#records.delete(record.executionId); // re-inserted last: Map order is age order
    this.#records.set(record.executionId, record);
    if (this.#records.size > MAX_ENTRIES) this.#records.delete(this.#records.keys().next().value!);
  }

  clear(): void {
    this.#records.clear();
  }
}
