/**
 * Ordered reads over several index partitions at once: each partition is a lazily paged Query
 * stream, and a k-way merge takes the smallest (or largest) head until it has enough. This is how
 * several statuses, or several shards, read as one time-ordered list without a Scan.
 */
import type { QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { compareBytes, INDEX, type IndexName } from "./keys";
import { withRetry, type Dynamo, type Item } from "./requests";

export interface RangeQuery {
  index: IndexName;
  partition: string;
  /** Inclusive lower bound of the index sort key. */
  from?: string;
  /** Exclusive upper bound (no stored key equals it: stored keys end in `#<id>`). */
  below?: string;
  /** Resume after this sort key (exclusive), in the direction of the read. */
  after?: { sortKey: string; tableKey: { pk: string; sk: string } };
  descending?: boolean;
  /** A filter DynamoDB applies to each page it reads (it still reads, and bills, what it drops). */
  filter?: Pick<QueryCommandInput, "FilterExpression" | "ExpressionAttributeNames" | "ExpressionAttributeValues">;
  /** Keeps only the index items it accepts (a filter DynamoDB cannot express, applied as pages arrive). */
  keep?: (item: Item) => boolean;
  pageSize: number;
}

/** The Query input of a range, or undefined when the range is empty. */
export function rangeInput(q: RangeQuery): Omit<QueryCommandInput, "TableName"> | undefined {
  const index = INDEX[q.index];
  const names: Record<string, string> = { "#pk": index.pk, ...(q.filter?.ExpressionAttributeNames ?? {}) };
  if (q.from !== undefined || q.below !== undefined) names["#sk"] = index.sk;
  const values: Record<string, unknown> = { ":pk": q.partition, ...(q.filter?.ExpressionAttributeValues ?? {}) };
  let startKey: Item | undefined;
  if (q.after) {
    const inRange = q.descending
      ? (q.below === undefined || compareBytes(q.after.sortKey, q.below) < 0)
      : (q.from === undefined || compareBytes(q.after.sortKey, q.from) >= 0);
    const pastEnd = q.descending
      ? q.from !== undefined && compareBytes(q.after.sortKey, q.from) < 0
      : q.below !== undefined && compareBytes(q.after.sortKey, q.below) >= 0;
    if (pastEnd) return undefined;
    if (inRange) startKey = { [index.pk]: q.partition, [index.sk]: q.after.sortKey, ...q.after.tableKey };
  }
  let condition = "#pk = :pk";
  if (q.from !== undefined && q.below !== undefined) {
    if (compareBytes(q.from, q.below) >= 0) return undefined;
    condition += " AND #sk BETWEEN :from AND :below";
    values[":from"] = q.from;
    values[":below"] = q.below;
  } else if (q.from !== undefined) {
    condition += " AND #sk >= :from";
    values[":from"] = q.from;
  } else if (q.below !== undefined) {
    condition += " AND #sk < :below";
    values[":below"] = q.below;
  }
  return {
    IndexName: index.name,
    KeyConditionExpression: condition,
    FilterExpression: q.filter?.FilterExpression,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: !q.descending,
    ExclusiveStartKey: startKey,
    Limit: q.pageSize,
  };
}

export class IndexStream {
  private buffer: Item[] = [];
  private lastKey?: Item;
  private done: boolean;
  private readonly input?: Omit<QueryCommandInput, "TableName">;

  private readonly keep?: (item: Item) => boolean;

  constructor(
    private readonly db: Dynamo,
    query: RangeQuery,
  ) {
    this.input = rangeInput(query);
    this.done = this.input === undefined;
    this.lastKey = this.input?.ExclusiveStartKey;
    this.sortKeyName = INDEX[query.index].sk;
    this.keep = query.keep;
  }

  readonly sortKeyName: string;

  async peek(): Promise<Item | undefined> {
    while (this.buffer.length === 0 && !this.done) {
      const input = this.input!;
      const page = await withRetry(() =>
        this.db.doc.send(new QueryCommand({ ...input, TableName: this.db.table, ExclusiveStartKey: this.lastKey })),
      );
      const items = (page.Items ?? []) as Item[];
      this.buffer.push(...(this.keep ? items.filter(this.keep) : items));
      this.lastKey = page.LastEvaluatedKey;
      if (!this.lastKey) this.done = true;
    }
    return this.buffer[0];
  }

  shift(): Item | undefined {
    return this.buffer.shift();
  }
}

/**
 * Up to `want` items from all streams, in index sort-key order (descending when asked). Streams
 * are read only as far as the merge needs them.
 */
export async function mergeStreams(streams: IndexStream[], want: number, descending = false): Promise<Item[]> {
  const out: Item[] = [];
  while (out.length < want) {
    const heads = await Promise.all(streams.map((s) => s.peek()));
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i];
      if (!head) continue;
      if (best < 0) {
        best = i;
        continue;
      }
      const order = compareBytes(head[streams[i]!.sortKeyName] as string, heads[best]![streams[best]!.sortKeyName] as string);
      if (descending ? order > 0 : order < 0) best = i;
    }
    if (best < 0) break;
    out.push(streams[best]!.shift()!);
  }
  return out;
}
