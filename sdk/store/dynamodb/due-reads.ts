/**
 * Reading one shard of the due-timer index (gsi3 `DUE#<shard>`, in wake-time order) for a claimer
 * that runs only some functions. Executions of other functions are another worker's: they are
 * filtered out at the query (the index projects `functionName`), so they neither fill the page a
 * claim asked for nor count as this claimer's next wake time.
 *
 * Filtering does not make reading them free: DynamoDB still reads every entry it passes over. So a
 * read evaluates at most SHARD_READ_BUDGET entries. A claim whose read stops at the budget inside
 * the due range resumes there next time, so a long run of foreign due executions (a function no
 * live worker has) delays this claimer's own executions behind it by a few polls, never for good.
 * A claim also reads no further than CLAIM_LOOKAHEAD_MS past `now`: a wake time later than that
 * only decides how long an idle worker sleeps, and it sleeps less than that anyway.
 *
 * Tables created before the index carried `functionName` still work: DynamoDB refuses a filter on
 * an attribute the index lacks, so there the entries are filtered here, each looked up in the
 * table once (the function of an execution never changes).
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { EXEC_SK, INDEX, duePartition, executionPk, sortableMs, sortableMsBack } from "./keys";
import { rangeInput } from "./index-streams";
import { batchGet, keyId, withRetry, type Dynamo, type Item } from "./requests";

/** Index entries one read of one shard may evaluate (about 60 KB: a dozen read units at most). */
export const SHARD_READ_BUDGET = 400;
/** How far past `now` a claim reads; longer than a worker's poll interval (250 ms by default). */
export const CLAIM_LOOKAHEAD_MS = 1000;
/** DynamoDB's limit on the operands of one IN. */
const IN_OPERANDS_MAX = 100;
/** Past this many names the filter is applied here only (an expression is at most 4 KB). */
const QUERY_FILTER_MAX_NAMES = 300;
/** Looked-up functions kept (old tables only); the map starts over beyond this. */
const FUNCTION_CACHE_MAX = 50_000;

export interface FunctionFilter {
  /** Identifies the filter (the hint and resume positions of one filter are not another's). */
  readonly key: string;
  readonly names: ReadonlySet<string>;
  readonly query?: {
    FilterExpression: string;
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues: Record<string, unknown>;
  };
}

/** The filter of a claimer's function names; undefined (no names given) means every function. */
export function functionFilter(functionNames: readonly string[] | undefined): FunctionFilter | undefined {
  if (functionNames === undefined) return undefined;
  const names = new Set(functionNames);
  const sorted = [...names].sort();
  const filter: FunctionFilter = { key: JSON.stringify(sorted), names };
  if (sorted.length === 0 || sorted.length > QUERY_FILTER_MAX_NAMES) return filter;
  const values: Record<string, unknown> = {};
  const lists: string[] = [];
  for (let i = 0; i < sorted.length; i += IN_OPERANDS_MAX) {
    const operands = sorted.slice(i, i + IN_OPERANDS_MAX).map((name, j) => {
      values[`:fn${i + j}`] = name;
      return `:fn${i + j}`;
    });
    lists.push(`#fn IN (${operands.join(", ")})`);
  }
  const expression = lists.join(" OR ");
  return { ...filter, query: { FilterExpression: expression, ExpressionAttributeNames: { "#fn": "functionName" }, ExpressionAttributeValues: values } };
}

/** What a store keeps between reads: where budget-cut claims resume, and functions looked up. */
export class DueReadState {
  /**
   * Whether the Query itself filters by function: only when the table's timer index projects
   * `functionName` (DynamoDB refuses a filter on an attribute an index does not carry). The store
   * learns it from the table's description in `init()`; until then the filtering is done here.
   */
  filterInQuery = false;
  private readonly resumeKeys = new Map<string, Item>();
  private readonly functionOf = new Map<string, string>();

  /** @param budget index entries one read of one shard may evaluate */
  constructor(readonly budget = SHARD_READ_BUDGET) {}

  resumeKey(filter: FunctionFilter | undefined, shard: number): Item | undefined {
    return this.resumeKeys.get(`${filter?.key ?? "*"}\u0000${shard}`);
  }

  setResumeKey(filter: FunctionFilter | undefined, shard: number, key: Item | undefined): void {
    const id = `${filter?.key ?? "*"}\u0000${shard}`;
    if (key) this.resumeKeys.set(id, key);
    else this.resumeKeys.delete(id);
  }

  /** The entries of `filter`'s functions, in their order; entries without a function are looked up. */
  async own(db: Dynamo, items: Item[], filter: FunctionFilter | undefined): Promise<Item[]> {
    if (!filter) return items;
    const unknown = items
      .map((item) => item.executionId as string)
      .filter((id, i) => typeof items[i]!.functionName !== "string" && !this.functionOf.has(id));
    if (unknown.length > 0) {
      const found = await batchGet(
        db,
        unknown.map((id) => ({ pk: executionPk(id), sk: EXEC_SK })),
        { expression: "pk, sk, #fn", names: { "#fn": "functionName" } },
      );
      if (this.functionOf.size + unknown.length > FUNCTION_CACHE_MAX) this.functionOf.clear();
      for (const id of unknown) {
        const name = found.get(keyId({ pk: executionPk(id), sk: EXEC_SK }))?.functionName;
        if (typeof name === "string") this.functionOf.set(id, name);
      }
    }
    return items.filter((item) => {
      const name = typeof item.functionName === "string" ? item.functionName : this.functionOf.get(item.executionId as string);
      return name !== undefined && filter.names.has(name);
    });
  }
}

export interface ShardReadOptions {
  shard: number;
  /** Entries due at or before this are claim candidates; the read stops at the first own entry after it. */
  now: number;
  /** Stop once this many are claimable (a claim), or at the first own entry when 0 (nextWakeAt). */
  want: number;
  filter?: FunctionFilter;
  /** Read only wake times before this (exclusive). */
  below?: number;
  /** Continue after this key (a cut-off claim's resume position). */
  from?: Item;
  firstPageSize: number;
}

export interface ShardRead {
  /** Own due entries whose lease is free or expired, in wake-time order. */
  claimable: Item[];
  /**
   * The wake time of the first own entry read, or, when the read found none, a lower bound: the
   * position where it stopped at its budget, or `below` when it read the whole range. Undefined:
   * the shard holds no own entry at all. Read from a resume position, entries before it are unseen.
   */
  earliest?: number;
  /** Set when the budget cut the read inside the due range: more due entries may follow it. */
  cutAt?: Item;
}

export async function readShard(db: Dynamo, state: DueReadState, options: ShardReadOptions): Promise<ShardRead> {
  const { now, want, filter } = options;
  const read: ShardRead = { claimable: [] };
  const input = rangeInput({
    index: "timers",
    partition: duePartition(options.shard),
    below: options.below === undefined ? undefined : sortableMs(options.below),
    filter: state.filterInQuery ? filter?.query : undefined,
    pageSize: options.firstPageSize,
  })!;
  let startKey = options.from;
  let scanned = 0;
  const budget = state.budget;
  let pageSize = Math.min(options.firstPageSize, budget);
  for (;;) {
    const page = await withRetry(() =>
      db.doc.send(new QueryCommand({ ...input, TableName: db.table, Limit: pageSize, ExclusiveStartKey: startKey })),
    );
    scanned += page.ScannedCount ?? page.Items?.length ?? 0;
    const own = await state.own(db, (page.Items ?? []) as Item[], filter);
    for (const item of own) {
      const wake = item.nextWakeAt as number;
      read.earliest ??= wake;
      if (wake > now) return read;
      const leaseFree = item.leaseOwner === undefined || (item.leaseExpiresAt as number) <= now;
      if (item.status === "RUNNING" && leaseFree) read.claimable.push(item);
      if (read.claimable.length >= want) return read;
    }
    // A page of other functions' entries only: skip ahead in bigger pages. Otherwise (entries
    // leased by other workers) keep the page small: a claimable one may be just behind.
    pageSize = Math.min(own.length === 0 ? pageSize * 4 : pageSize, budget - scanned);
    startKey = page.LastEvaluatedKey as Item | undefined;
    if (!startKey) {
      read.earliest ??= options.below;
      return read;
    }
    if (scanned >= budget) {
      const stoppedAt = sortableMsBack(startKey[INDEX.timers.sk] as string);
      read.earliest ??= stoppedAt;
      if (stoppedAt <= now) read.cutAt = startKey;
      return read;
    }
  }
}
