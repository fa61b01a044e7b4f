/**
 * The operation records of executions this connection listed lately, kept current by its own
 * writes: a resumed invocation lists every operation of its execution to replay it, and reading
 * and parsing a thousand rows again at each resumption cost more than the replay itself (W3 in
 * `npm run bench`: about 2 µs per operation of every resumption).
 *
 * An entry is stamped with the execution's version and start time. It is used only when the row
 * still shows that stamp: every write to an execution, from any connection or process, bumps
 * its version (transact, claim), and a purged execution created again under its id starts anew.
 * A write of this connection moves the entry to the version it wrote, applying the operations it
 * put, as the last step of the write (nothing after it can throw); a group transaction that
 * fails whole after its writes ran clears the cache, as it does the execution cache.
 *
 * The records are handed out shared, not copied (a copy would cost what the cache saves), so
 * they are frozen, nested objects included: they are what a resumed handler is handed, and code
 * that changed one would change what the next invocation replays; instead it throws. A record
 * this connection wrote goes in as a copy made the way the file stores it (through JSON: a key set
 * to undefined is left out), never as the writer's own object. Only running executions are kept:
 * an entry goes when its execution ends, and a list of an ended one is not stored (nothing lists
 * it to replay it again). The list handed out is a new array each time.
 */
import { compareBytes } from "../byte-order";
import type { OperationRecord } from "../types";

/**
 * Only long histories are kept: a shorter list reads again in under a quarter of a millisecond,
 * and keeping every suspended execution's few records would make them cost memory (10,000
 * executions suspended after a step cost 18 MB of heap with no floor, 1.4 MB without a cache).
 */
const MIN_RECORDS = 100;
/** Bounds memory (a record is about 1 KB of heap): the oldest entry goes first. */
const MAX_RECORDS = 10_000;

/** What identifies one state of one execution row. */
export interface ExecutionStamp {
  version: number;
  startMs: number;
}

interface Entry extends ExecutionStamp {
  byId: Map<string, OperationRecord>;
  /** In (seq, operation id) order, the order `operations.list` promises; rebuilt after a write. */
  sorted: OperationRecord[] | undefined;
}

export class OperationsCache {
  readonly #entries = new Map<string, Entry>();
  #records = 0;

  /** The operations as they stand at `stamp`, if this connection knows them. */
  get(executionId: string, stamp: ExecutionStamp): OperationRecord[] | undefined {
    const entry = this.#entries.get(executionId);
    if (!entry || entry.version !== stamp.version || entry.startMs !== stamp.startMs) return undefined;
    entry.sorted ??= [...entry.byId.values()].sort(bySeqThenId);
    return entry.sorted.slice();
  }

  /** Keeps `records`, read from the file when its row showed `stamp`, freezing them. */
  remember(executionId: string, stamp: ExecutionStamp, records: OperationRecord[]): void {
    this.forget(executionId);
    if (records.length < MIN_RECORDS || records.length > MAX_RECORDS) return;
    const byId = new Map<string, OperationRecord>();
    for (const record of records) byId.set(record.operation.Id, deepFreeze(record));
    this.#entries.set(executionId, { version: stamp.version, startMs: stamp.startMs, byId, sorted: records.slice() });
    this.#records += byId.size;
    this.#evict();
  }

  /**
   * A write of this connection took the execution from version `from` to `to`, putting `put`.
   * An entry at `from` follows it; any other entry is stale and goes, and so does the entry of an
   * execution that `ended` (no invocation will list it again).
   */
  advance(executionId: string, from: number, to: number, put: readonly OperationRecord[] = [], ended = false): void {
    const entry = this.#entries.get(executionId);
    if (!entry) return;
    if (entry.version !== from || ended) {
      this.forget(executionId);
      return;
    }
    entry.version = to;
    if (put.length === 0) return;
    for (const record of put) {
      if (!entry.byId.has(record.operation.Id)) this.#records++;
      entry.byId.set(record.operation.Id, asStored(record));
    }
    entry.sorted = undefined;
    // Re-inserted last: Map order is age order.
    this.#entries.delete(executionId);
    this.#entries.set(executionId, entry);
    this.#evict();
  }

  forget(executionId: string): void {
    const entry = this.#entries.get(executionId);
    if (!entry) return;
    this.#records -= entry.byId.size;
    this.#entries.delete(executionId);
  }

  clear(): void {
    this.#entries.clear();
    this.#records = 0;
  }

  #evict(): void {
    while (this.#records > MAX_RECORDS) this.forget(this.#entries.keys().next().value!);
  }
}

/** What reading `record` back from the file gives (its own objects, as JSON sees them), frozen. */
function asStored(record: OperationRecord): OperationRecord {
  const stored: OperationRecord = { executionId: record.executionId, seq: record.seq, operation: frozenJsonCopy(record.operation) };
  if (record.runtime !== undefined) stored.runtime = frozenJsonCopy(record.runtime);
  if (record.eventIds !== undefined) stored.eventIds = frozenJsonCopy(record.eventIds);
  return Object.freeze(stored);
}

/**
 * JSON.parse(JSON.stringify(value)) for plain JSON data (what a record holds: no dates, no
 * functions), at a third of its cost, frozen as it is built: keys set to undefined are left out.
 */
function frozenJsonCopy<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return Object.freeze(value.map((item: unknown) => (item === undefined ? null : frozenJsonCopy(item)))) as T;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) copy[key] = frozenJsonCopy(item);
  }
  return Object.freeze(copy) as T;
}

/** The order of `ORDER BY seq, operation_id`: ids compare as SQLite's BINARY collation does, by UTF-8 bytes. */
function bySeqThenId(a: OperationRecord, b: OperationRecord): number {
  if (a.seq !== b.seq) return a.seq - b.seq;
  return compareBytes(a.operation.Id, b.operation.Id);
}

/** Freezes `value` and every object and array reachable from it (records are plain JSON data). */
function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
