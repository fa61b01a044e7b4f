/**
 * The DynamoDB key design: ONE table, keys `pk` / `sk` (strings), three overloaded GSIs.
 *
 * | item                 | pk                         | sk                              | GSI keys (present only when listed)                          |
 * |----------------------|----------------------------|---------------------------------|--------------------------------------------------------------|
 * | execution            | `X#<executionId>`          | `EXEC`                          | gsi1 `ST#<status>` / `<start>#<id>`                          |
 * |                      |                            |                                 | gsi2 `FS#<function>#<status>` / `<start>#<id>`               |
 * |                      |                            |                                 | gsi3 RUNNING + nextWakeAt: `DUE#<shard>` / `<wake>#<id>`      |
 * |                      |                            |                                 | gsi3 ended + endTimestamp: `END#<shard>` / `<end>#<id>`       |
 * |                      |                            |                                 | gsi3 ended, follow-up owed: `FUP#<shard>` / `<at>#<id>`      |
 * | input payload        | `X#<executionId>`          | `IN`                            | –                                                            |
 * | result and error     | `X#<executionId>`          | `OUT`                           | –                                                            |
 * | operation            | `X#<executionId>`          | `OP#<operationId>`              | –                                                            |
 * | history events       | `X#<executionId>`          | `EV#<first EventId, 10 digits>` | – (a run of consecutive events written together)             |
 * | log lines            | `X#<executionId>`          | `LOG#<first seq, 10 digits>`    | – (a run of consecutive logs written together)               |
 * | chunk of a big item  | `X#<executionId>`          | `CHUNK#<owner sk>#<gen>#<n>`    | –                                                            |
 * | callback             | `CB#<callbackId>`          | `CB`                            | gsi1 pending: `PCB#<shard>` / `<created>#<callbackId>`        |
 * |                      |                            |                                 | gsi2 pending: `PCBF#<function>` / `<created>#<callbackId>`    |
 * |                      |                            |                                 | gsi3 always: `CBX#<executionId>` / `<callbackId>` (purge)     |
 * | execution name       | `N#<len>#<function>#<name>`| `NAME`                          | – (uniqueness of function + name, and lookup by name)         |
 * | registered function  | `FUNCS`                    | `<function name>`               | –                                                            |
 * | worker heartbeat     | `WORKERS`                  | `<workerId>`                    | –                                                            |
 * | status counters      | `COUNT#<0..15>`            | `COUNT`                         | – (one number per status and function, summed over shards)   |
 * | job                  | `JOBS`                     | `<jobId>` (time-ordered)        | – (jobs.ts)                                                  |
 * | active job pointer   | `JOBSACTIVE`               | `<jobId>`                       | – (present while PENDING or RUNNING)                         |
 * | job outcome          | `JOB#<jobId>`              | `OUT#<seq, 10 digits>`          | –                                                            |
 *
 * Times in sort keys are epoch ms shifted by 1e15 and zero-padded to 16 digits, so string order
 * is time order; the execution or callback id after `#` breaks ties (the same order as SQLite's
 * `(start_ms, execution_id)`). Why the shapes:
 * - everything of one execution shares its partition: a checkpoint writes there and a purge
 *   deletes there, and a whole history is one Query;
 * - listing never scans: by status (gsi1) or by function and status (gsi2), newest or oldest
 *   first, several statuses merged client-side; a function alone merges its five status partitions;
 * - due executions are spread over SHARDS partitions by a hash of the id (write-sharding: every
 *   checkpoint moves a wake time, so one `DUE` partition would be the hot spot) and read back
 *   across all shards, merged by wake time; ended executions (the purge's candidates) likewise;
 * - pending callbacks are a sparse index: the GSI keys exist only while `pending` is true;
 * - history events and logs are stored as runs: the events (or logs) one transaction appends are
 *   consecutive, so they share one item keyed by the first. A checkpoint that appends 100 events
 *   is then one item, not 100 (a transaction holds at most 100), and a page of history is a
 *   range read of a few items. The execution item keeps the highest EventId and log seq written,
 *   so an append above them needs no read to rule out duplicates.
 */

/** Partitions of the due/ended/pending indexes. Part of the table format: every process must agree. */
export const SHARDS = 8;
/** Counter items; a write picks one at random so concurrent transactions rarely touch the same one. */
export const COUNTER_SHARDS = 16;

export const EXEC_SK = "EXEC";
export const CALLBACK_SK = "CB";
export const NAME_SK = "NAME";
export const COUNTER_SK = "COUNT";
export const FUNCTIONS_PK = "FUNCS";
export const WORKERS_PK = "WORKERS";
export const JOBS_PK = "JOBS";
export const JOBS_ACTIVE_PK = "JOBSACTIVE";

export const OP_PREFIX = "OP#";
export const EVENT_PREFIX = "EV#";
export const LOG_PREFIX = "LOG#";
export const CHUNK_PREFIX = "CHUNK#";

/**
 * The indexes and what they copy. An index is written whenever an item's key or projected
 * attributes change, so the list indexes project only what never changes (their partitions,
 * `ST#RUNNING` above all, would otherwise take a write per checkpoint); list pages read the items
 * themselves from the table. The timer index carries what a claim decides on (function, lease,
 * version): it does take a write per checkpoint, and that is what its shards spread.
 */
export const INDEX = {
  byStatus: { name: "gsi1", pk: "gsi1pk", sk: "gsi1sk", projected: ["executionId", "name"] },
  byFunctionStatus: { name: "gsi2", pk: "gsi2pk", sk: "gsi2sk", projected: ["executionId", "name"] },
  timers: {
    name: "gsi3",
    pk: "gsi3pk",
    sk: "gsi3sk",
    projected: ["executionId", "functionName", "status", "nextWakeAt", "leaseOwner", "leaseExpiresAt", "version"],
  },
} as const;
export type IndexName = keyof typeof INDEX;

const TIME_OFFSET = 1e15;

/** Epoch ms as a 16-digit string whose string order is time order (from year -29719 to 286,000). */
export function sortableMs(ms: number): string {
  const shifted = Math.trunc(ms) + TIME_OFFSET;
  if (!Number.isFinite(shifted) || shifted < 0 || shifted >= 1e16) throw new RangeError(`time ${ms} is out of range`);
  return String(shifted).padStart(16, "0");
}

export function sortableMsBack(text: string): number {
  return Number(text.slice(0, 16)) - TIME_OFFSET;
}

export function pad10(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n > 9_999_999_999) throw new RangeError(`sequence ${n} is out of range`);
  return String(n).padStart(10, "0");
}

/** FNV-1a: a stable, cheap spread of ids over shards. */
export function shardOf(id: string, shards = SHARDS): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

export const executionPk = (executionId: string) => `X#${executionId}`;
export const callbackPk = (callbackId: string) => `CB#${callbackId}`;
/** The length prefix keeps `("a#b", "c")` and `("a", "b#c")` apart. */
export const namePk = (functionName: string, name: string) => `N#${functionName.length}#${functionName}#${name}`;
export const counterPk = (shard: number) => `COUNT#${shard}`;
export const jobPk = (jobId: string) => `JOB#${jobId}`;
export const jobOutcomeSk = (seq: number) => `OUT#${pad10(seq)}`;
export const operationSk = (operationId: string) => `${OP_PREFIX}${operationId}`;
export const sequenceSk = (prefix: string, first: number) => `${prefix}${pad10(first)}`;
export const chunkPrefix = (ownerSk: string, gen: number) => `${CHUNK_PREFIX}${ownerSk}#${gen}#`;
export const chunkSk = (ownerSk: string, gen: number, index: number) => `${chunkPrefix(ownerSk, gen)}${String(index).padStart(4, "0")}`;

export const statusPartition = (status: string) => `ST#${status}`;
export const functionStatusPartition = (functionName: string, status: string) => `FS#${functionName}#${status}`;
export const duePartition = (shard: number) => `DUE#${shard}`;
export const endedPartition = (shard: number) => `END#${shard}`;
/** Ended executions whose follow-up may not be done (`followUpAt`); they enter `END#` once it is. */
export const followUpPartition = (shard: number) => `FUP#${shard}`;
export const pendingPartition = (shard: number) => `PCB#${shard}`;
export const pendingOfFunctionPartition = (functionName: string) => `PCBF#${functionName}`;
export const callbacksOfExecutionPartition = (executionId: string) => `CBX#${executionId}`;

/** `<time>#<id>`: the sort key of every time-ordered index entry. */
export const timeKey = (ms: number, id: string) => `${sortableMs(ms)}#${id}`;

/** Name of the counter attribute of one (status, function). */
export const counterAttribute = (status: string, functionName: string) => `c:${status}:${functionName}`;

export function parseCounterAttribute(name: string): { status: string; functionName: string } | undefined {
  if (!name.startsWith("c:")) return undefined;
  const colon = name.indexOf(":", 2);
  if (colon < 0) return undefined;
  return { status: name.slice(2, colon), functionName: name.slice(colon + 1) };
}

/** DynamoDB orders strings by their UTF-8 bytes; merges across partitions use the same order. */
export { compareBytes } from "../byte-order";
